#include "tensor/blas.h"

#include <cblas.h>

#include <algorithm>
#include <limits>

#include "tensor/check.h"
#include "tensor/fast/entry_points.h"
#include "tensor/kernels.h"

namespace parity {

namespace {

struct Operand {
  Index rows;  // of op(x)
  Index cols;  // of op(x)
  Index stored_cols;
};

Operand operand(const Tensor& x, bool transposed) {
  const Index r = x.size(-2);
  const Index c = x.size(-1);
  return transposed ? Operand{c, r, c} : Operand{r, c, c};
}

// C [m, n] = op(A) op(B) by dgemm, unless a fast path (tensor/fast_paths.h) takes the product.
void gemm(bool ta, bool tb, Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb,
          double* c) {
  if (m == 0 || n == 0) return;
  constexpr Index kMax = std::numeric_limits<blasint>::max();
  PARITY_CHECK(m <= kMax && n <= kMax && k <= kMax && lda <= kMax && ldb <= kMax, "matmul(): extents ", m, "x", k,
               " by ", k, "x", n, " exceed the BLAS integer range");
  if (k == 0) {
    std::fill(c, c + m * n, 0.0);
    return;
  }
  const fast_paths::Gemm product{ta, tb, m, n, k, a, lda, b, ldb, c};
  if (fast_paths::thin_matmul(product) || fast_paths::gemv_matmul(product)) return;
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), 1.0, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), 0.0, c, static_cast<blasint>(n));
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b, Transposed transposed) {
  check_defined(a, "matmul()", "first operand");
  check_defined(b, "matmul()", "second operand");
  PARITY_CHECK(a.dim() >= 2 && b.dim() >= 2, "matmul(): operands need rank >= 2, got ", a.shape(), " and ",
               b.shape());
  const Operand oa = operand(a, transposed.a);
  const Operand ob = operand(b, transposed.b);
  PARITY_CHECK(oa.cols == ob.rows, "matmul(): inner dimensions differ: ", a.shape(), (transposed.a ? "^T" : ""),
               " vs ", b.shape(), (transposed.b ? "^T" : ""));
  const Index m = oa.rows;
  const Index n = ob.cols;
  const Index k = oa.cols;

  const Shape batch_a = a.shape().slice(0, a.dim() - 2);
  const Shape batch_b = b.shape().slice(0, b.dim() - 2);
  if (b.dim() == 2 && !transposed.a) {
    Shape out_shape = batch_a;
    out_shape.push_back(m);
    out_shape.push_back(n);
    Tensor out = Tensor::empty(out_shape);
    gemm(false, transposed.b, batch_a.numel() * m, n, k, a.data(), oa.stored_cols, b.data(), ob.stored_cols,
         out.data());
    return out;
  }
  const Shape batch = broadcast_shapes(batch_a, batch_b, "matmul()");
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  Tensor out = Tensor::empty(out_shape);
  const Index size_a = a.size(-2) * a.size(-1);
  const Index size_b = b.size(-2) * b.size(-1);
  // Walk the broadcast batch with one run per matrix: the plan's offsets count matrices.
  const kernels::BroadcastPlan plan = kernels::make_plan(batch, batch_a, batch_b);
  kernels::for_each_run(plan, [&](Index off_a, Index off_b, Index off_out, Index count, Index sa, Index sb) {
    for (Index i = 0; i < count; ++i) {
      gemm(transposed.a, transposed.b, m, n, k, a.data() + (off_a + i * sa) * size_a, oa.stored_cols,
           b.data() + (off_b + i * sb) * size_b, ob.stored_cols, out.data() + (off_out + i) * m * n);
    }
  });
  return out;
}

void matmul_into(const double* a, Index m, Index lda, const Tensor& b, Transposed transposed, double* c, Index ldc) {
  check_defined(b, "matmul_into()", "second operand");
  PARITY_CHECK(b.dim() == 2 && !transposed.a, "matmul_into(): needs a rank-2 second operand and a plain first, got ",
               b.shape(), transposed.a ? " with the first transposed" : "");
  const Operand ob = operand(b, transposed.b);
  PARITY_CHECK(lda >= ob.rows && ldc >= ob.cols, "matmul_into(): row strides ", lda, " and ", ldc,
               " are less than the ", ob.rows, " and ", ob.cols, " columns of the operand and the result");
  if (m == 0 || ob.cols == 0) return;
  constexpr Index kMax = std::numeric_limits<blasint>::max();
  PARITY_CHECK(m <= kMax && lda <= kMax && ldc <= kMax, "matmul_into(): extents ", m, "x", ob.rows, " by ", b.shape(),
               " with row stride ", ldc, " exceed the BLAS integer range");
  if (ob.rows == 0) {
    for (Index r = 0; r < m; ++r) std::fill_n(c + r * ldc, ob.cols, 0.0);
    return;
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, transposed.b ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(ob.cols), static_cast<blasint>(ob.rows), 1.0, a, static_cast<blasint>(lda),
              b.data(), static_cast<blasint>(ob.stored_cols), 0.0, c, static_cast<blasint>(ldc));
}

BlasInfo blas_info() {
  BlasInfo info;
  info.core = openblas_get_corename();
  info.config = openblas_get_config();
  info.threads = openblas_get_num_threads();
  return info;
}

void set_blas_threads(int threads) {
  PARITY_CHECK(threads >= 1, "set_blas_threads(): need at least one thread, got ", threads);
  openblas_set_num_threads(threads);
}

}  // namespace parity
