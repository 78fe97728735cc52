# Install and export rules: headers of every module under include/parity/<module>/, the static
# module libraries, the export set parityTargets (namespace parity::) and the package files
# parityConfig.cmake / parityConfigVersion.cmake, both for an install prefix and for the build tree.
# Modules come from the global properties filled by parity_add_module(), so a new module is
# installed without editing this file.
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

get_property(parity_module_targets GLOBAL PROPERTY PARITY_MODULE_TARGETS)
get_property(parity_module_names GLOBAL PROPERTY PARITY_MODULE_NAMES)
set(PARITY_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/parity"
    CACHE STRING "Install directory of parity's CMake package files, relative to the prefix")

foreach(module IN LISTS parity_module_names)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/${module}/"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/parity/${module}"
          FILES_MATCHING PATTERN "*.h")
endforeach()

install(TARGETS ${parity_module_targets} parity
        EXPORT parityTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(EXPORT parityTargets
        NAMESPACE parity::
        DESTINATION "${PARITY_INSTALL_CMAKEDIR}")

# External packages the module libraries link to, as the prefixes of their imported targets
# (ZLIB::ZLIB -> ZLIB): the exported targets name them (private links of a static library become
# $<LINK_ONLY:...>), so parityConfig.cmake finds them again. parity::openblas and parity::lapacke
# come from parityDependencies.cmake.
set(parity_links "")
foreach(target IN LISTS parity_module_targets)
  get_target_property(links ${target} LINK_LIBRARIES)
  get_target_property(interface_links ${target} INTERFACE_LINK_LIBRARIES)
  list(APPEND parity_links ${links} ${interface_links})
endforeach()
string(REGEX MATCHALL "[A-Za-z0-9_]+::" parity_namespaces "${parity_links}")
list(TRANSFORM parity_namespaces REPLACE "::$" "")
list(REMOVE_DUPLICATES parity_namespaces)
list(REMOVE_ITEM parity_namespaces parity)
list(TRANSFORM parity_namespaces REPLACE "(.+)" "find_dependency(\\1)" OUTPUT_VARIABLE parity_find_calls)
list(JOIN parity_find_calls "\n" PARITY_FIND_DEPENDENCIES)
list(JOIN parity_module_names " " PARITY_COMPONENTS)

write_basic_package_version_file("${PROJECT_BINARY_DIR}/parityConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)

# Installed package: parityConfig.cmake finds parityDependencies.cmake and parityTargets.cmake
# next to itself.
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/parityConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake/install/parityConfig.cmake"
  INSTALL_DESTINATION "${PARITY_INSTALL_CMAKEDIR}")
install(FILES "${PROJECT_BINARY_DIR}/cmake/install/parityConfig.cmake"
              "${PROJECT_BINARY_DIR}/parityConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/parityDependencies.cmake"
        DESTINATION "${PARITY_INSTALL_CMAKEDIR}")

# Build tree: find_package(parity) with parity_DIR set to this build directory uses the
# libraries and the source headers in place.
export(EXPORT parityTargets NAMESPACE parity:: FILE "${PROJECT_BINARY_DIR}/parityTargets.cmake")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/parityConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/parityConfig.cmake"
  INSTALL_DESTINATION "${PROJECT_BINARY_DIR}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/parityDependencies.cmake"
               "${PROJECT_BINARY_DIR}/parityDependencies.cmake" COPYONLY)
