// The fast paths: specialised code that replaces a canonical computation on the inputs where it
// is faster, with results equal to rounding. Each lives in its own file under tensor/fast/ and is
// reached through one call from the canonical code (tensor/fast/entry_points.h), which reads as
// if the fast paths did not exist. The thresholds below are their only tuning. With the CMake
// option PARITY_FAST_PATHS=OFF the library is the canonical code alone (tensor/fast/none.cpp,
// where every entry point declines); with tests, the op table and the tensor tests of these
// paths also run against that build (ctest label `canonical`).
//
//   fast path            file                       taken when                       replaces
//   thin matmul          fast/thin_matmul.cpp       inner dimension k <=             cblas_dgemm
//                                                   kThinMatmulMaxInner
//   matrix-vector matmul fast/gemv_matmul.cpp       one output row or column         cblas_dgemm
//                                                   (m == 1 or n == 1)
//   Jacobi eigh          fast/jacobi_eigh.cpp       EighMethod::Auto, order n <=     LAPACKE_dsyevd
//                                                   kJacobiMaxOrder (tensor/jacobi.h)
//   vectorised tanh      fast/tanh.cpp, fast/tanh.h every tensor tanh()              std::tanh
//   block cache          fast/block_cache.cpp       blocks of kCachedBlockMinBytes   one plain allocation
//                                                   and more                         per tensor
#pragma once

#include <cstddef>

#include "tensor/shape.h"

namespace parity::fast_paths {

/// Products with an inner dimension up to this are formed row by row without BLAS.
inline constexpr Index kThinMatmulMaxInner = 8;
/// Symmetric eigenproblems up to this order are solved by cyclic Jacobi under EighMethod::Auto.
inline constexpr Index kJacobiMaxOrder = 8;
/// Storage blocks of at least this many bytes are recycled through the calling thread's cache.
inline constexpr std::size_t kCachedBlockMinBytes = std::size_t{1} << 12;
/// Bytes each thread's block cache may hold unless a StorageCacheLimit (tensor/storage.h) says otherwise.
inline constexpr std::size_t kDefaultStorageCacheLimit = std::size_t{2048} << 20;

/// Whether this build has the fast paths (CMake option PARITY_FAST_PATHS).
bool enabled();

}  // namespace parity::fast_paths
