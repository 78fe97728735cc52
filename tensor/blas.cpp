#include "tensor/blas.h"

#include <cblas.h>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <vector>

#include "tensor/check.h"
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

// Products with an inner dimension of at most kThinInner: row i of C is the combination
// sum_p op(A)[i, p] op(B)[p, :] of k rows of op(B), formed in one pass over the row. These
// shapes (the first layer of a network on a few features, its tangents, the outer products of
// a one-output layer's backward pass) leave a GEMM kernel nothing to block for; the pass is
// bound by writing C, where dgemm spends several passes (scaling C by beta, packing).
constexpr Index kThinInner = 8;

template <int K>
void thin_gemm_rows(Index m, Index n, const double* a, Index a_row, Index a_col, const double* b, double* c) {
  for (Index i = 0; i < m; ++i) {
    double coefficient[K];
    for (int p = 0; p < K; ++p) coefficient[p] = a[i * a_row + p * a_col];
    double* row = c + i * n;
    for (Index j = 0; j < n; ++j) {
      double sum = coefficient[0] * b[j];
      for (int p = 1; p < K; ++p) sum += coefficient[p] * b[p * n + j];
      row[j] = sum;
    }
  }
}

template <std::size_t... K>
constexpr auto thin_kernels(std::index_sequence<K...>) {
  return std::array{&thin_gemm_rows<static_cast<int>(K) + 1>...};
}
// kThinKernels[k - 1] handles inner dimension k.
constexpr auto kThinKernels = thin_kernels(std::make_index_sequence<static_cast<std::size_t>(kThinInner)>());

// op(B) is copied into a contiguous [k, n] block first (k * n doubles).
void thin_gemm(bool ta, bool tb, Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb,
               double* c) {
  std::vector<double> rows(static_cast<std::size_t>(k * n));
  for (Index p = 0; p < k; ++p) {
    for (Index j = 0; j < n; ++j) rows[static_cast<std::size_t>(p * n + j)] = tb ? b[j * ldb + p] : b[p * ldb + j];
  }
  const Index a_row = ta ? 1 : lda;
  const Index a_col = ta ? lda : 1;
  const double* packed = rows.data();
  kThinKernels[static_cast<std::size_t>(k - 1)](m, n, a, a_row, a_col, packed, c);
}

// A product with one output column (n = 1) or row (m = 1) is a matrix-vector product: dgemv
// reads the matrix once, where dgemm would pack it first. For m = 1, c^T = op(B)^T op(A)^T.
void gemv(bool ta, bool tb, Index m, Index n, Index k, const double* a, Index lda, const double* b, Index ldb,
          double* c) {
  const auto blas = [](Index v) { return static_cast<blasint>(v); };
  if (n == 1) {
    const Index b_step = tb ? 1 : ldb;
    cblas_dgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, blas(ta ? k : m), blas(ta ? m : k), 1.0, a, blas(lda),
                b, blas(b_step), 0.0, c, 1);
    return;
  }
  const Index a_step = ta ? lda : 1;
  cblas_dgemv(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, blas(tb ? n : k), blas(tb ? k : n), 1.0, b, blas(ldb), a,
              blas(a_step), 0.0, c, 1);
}

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
  if (k <= kThinInner) {
    thin_gemm(ta, tb, m, n, k, a, lda, b, ldb, c);
    return;
  }
  if (m == 1 || n == 1) {
    gemv(ta, tb, m, n, k, a, lda, b, ldb, c);
    return;
  }
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
