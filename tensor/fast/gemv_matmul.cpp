// A product with one output column (n = 1) or row (m = 1) is a matrix-vector product: dgemv
// reads the matrix once, where dgemm would pack it first. For m = 1, c^T = op(B)^T op(A)^T.
// The extents are within the BLAS integer range (matmul checks them before any path).
#include <cblas.h>

#include "tensor/fast/entry_points.h"

namespace parity::fast_paths {

bool gemv_matmul(const Gemm& g) {
  if (g.m != 1 && g.n != 1) return false;
  const auto blas = [](Index v) { return static_cast<blasint>(v); };
  if (g.n == 1) {
    const Index b_step = g.tb ? 1 : g.ldb;
    cblas_dgemv(CblasRowMajor, g.ta ? CblasTrans : CblasNoTrans, blas(g.ta ? g.k : g.m), blas(g.ta ? g.m : g.k),
                1.0, g.a, blas(g.lda), g.b, blas(b_step), 0.0, g.c, 1);
    return true;
  }
  const Index a_step = g.ta ? g.lda : 1;
  cblas_dgemv(CblasRowMajor, g.tb ? CblasNoTrans : CblasTrans, blas(g.tb ? g.n : g.k), blas(g.tb ? g.k : g.n),
              1.0, g.b, blas(g.ldb), g.a, blas(a_step), 0.0, g.c, 1);
  return true;
}

}  // namespace parity::fast_paths
