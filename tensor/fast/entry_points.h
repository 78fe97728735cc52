// The calls through which the canonical code offers its inputs to the fast paths (listed in
// tensor/fast_paths.h). Each either does the whole computation and returns true (or a block), or
// declines and leaves the canonical code to do it. tensor/fast/none.cpp declines everything.
#pragma once

#include <cstddef>
#include <memory>

#include "tensor/shape.h"

namespace parity::fast_paths {

/// C = op(A) op(B) for row-major A, B with leading dimensions lda, ldb and a contiguous
/// C [m, n]; m, n, k >= 1.
struct Gemm {
  bool ta;
  bool tb;
  Index m;
  Index n;
  Index k;
  const double* a;
  Index lda;
  const double* b;
  Index ldb;
  double* c;
};

/// fast/thin_matmul.cpp: k <= kThinMatmulMaxInner.
bool thin_matmul(const Gemm& g);
/// fast/gemv_matmul.cpp: m == 1 or n == 1.
bool gemv_matmul(const Gemm& g);

/// fast/jacobi_eigh.cpp: whether eigh() under EighMethod::Auto should use cyclic Jacobi for order n.
bool eigh_by_jacobi(Index n);

/// fast/tanh.cpp: y[i] = tanh(x[i]) for i < n.
bool tanh(const double* x, double* y, Index n);

/// fast/block_cache.cpp: uninitialised storage for `count` doubles from the calling thread's
/// cache, or null when the block is too small to be cached.
std::shared_ptr<double[]> cached_storage(std::size_t count);
/// Frees every block the calling thread caches if together they exceed `limit` bytes.
void trim_cache(std::size_t limit);
/// Bytes held by the calling thread's cache.
std::size_t cached_bytes();

}  // namespace parity::fast_paths
