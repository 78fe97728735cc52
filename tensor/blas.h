// Matrix products through cblas_dgemm (with the fast paths of tensor/fast_paths.h: cblas_dgemv
// for one output row or column, and one pass of our own per output row for a thin inner
// dimension), and the BLAS runtime's identity and threads.
#pragma once

#include <string>

#include "tensor/tensor.h"

namespace parity {

/// Which operands of matmul enter transposed (their last two axes swapped).
struct Transposed {
  bool a = false;
  bool b = false;
};

/// Matrix product over the last two axes with broadcasting of the leading (batch) axes:
/// a [..., m, k] x b [..., k, n] -> [..., m, n]; with `transposed`, op(a) and op(b) are
/// read transposed in place (only the thin fast path packs a small op(b)). When b has rank 2 and a is not
/// transposed, a's leading axes are flattened into one GEMM [prod(...) * m, k] x [k, n].
Tensor matmul(const Tensor& a, const Tensor& b, Transposed transposed = {});

/// C = A op(B) for a rank-2 b and A [m, k] read from the rows of a larger matrix (row r at
/// a + r * lda, lda >= k), written into the rows of another: row r of C goes to c + r * ldc
/// (ldc >= n, the columns of op(B)). One dgemm call, without the fast paths; for operands and
/// results laid out inside other tensors.
void matmul_into(const double* a, Index m, Index lda, const Tensor& b, Transposed transposed, double* c, Index ldc);

/// What the BLAS library reports about itself.
struct BlasInfo {
  std::string core;    ///< kernel chosen at run time (openblas_get_corename)
  std::string config;  ///< build configuration (openblas_get_config)
  int threads = 1;     ///< threads BLAS calls will use
};
BlasInfo blas_info();
/// Sets the number of threads BLAS calls use (OpenBLAS; the process-wide BLAS setting).
void set_blas_threads(int threads);

}  // namespace parity
