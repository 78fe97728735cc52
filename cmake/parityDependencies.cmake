# System libraries of the numerical core: OpenBLAS (CBLAS interface) and LAPACKE.
# Included by the build and by the installed parityConfig.cmake, so both see the same
# imported targets parity::openblas and parity::lapacke.
include_guard(DIRECTORY)

find_path(PARITY_OPENBLAS_INCLUDE_DIR cblas.h
  PATH_SUFFIXES openblas-pthread openblas openblas-openmp
  PATHS /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu)
find_library(PARITY_OPENBLAS_LIBRARY NAMES openblas
  PATH_SUFFIXES openblas-pthread openblas-openmp)
find_path(PARITY_LAPACKE_INCLUDE_DIR lapacke.h)
find_library(PARITY_LAPACKE_LIBRARY NAMES lapacke)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(parityOpenBLAS NAME_MISMATCHED
  REQUIRED_VARS PARITY_OPENBLAS_LIBRARY PARITY_OPENBLAS_INCLUDE_DIR
  FAIL_MESSAGE "OpenBLAS not found: install libopenblas-dev (scripts/setup.sh does)")
find_package_handle_standard_args(parityLAPACKE NAME_MISMATCHED
  REQUIRED_VARS PARITY_LAPACKE_LIBRARY PARITY_LAPACKE_INCLUDE_DIR
  FAIL_MESSAGE "LAPACKE not found: install liblapacke-dev (scripts/setup.sh does)")

if(NOT TARGET parity::openblas)
  add_library(parity::openblas INTERFACE IMPORTED)
  set_target_properties(parity::openblas PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${PARITY_OPENBLAS_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${PARITY_OPENBLAS_LIBRARY}")
endif()
if(NOT TARGET parity::lapacke)
  add_library(parity::lapacke INTERFACE IMPORTED)
  set_target_properties(parity::lapacke PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${PARITY_LAPACKE_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${PARITY_LAPACKE_LIBRARY};parity::openblas")
endif()
