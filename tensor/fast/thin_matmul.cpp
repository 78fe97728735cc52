// Products with an inner dimension k of at most kThinMatmulMaxInner: row i of C is the
// combination sum_p op(A)[i, p] op(B)[p, :] of k rows of op(B), formed in one pass over the row.
// These shapes (the first layer of a network on a few features, its tangents, the outer products
// of a one-output layer's backward pass) leave a GEMM kernel nothing to block for; the pass is
// bound by writing C, where dgemm spends several passes (scaling C by beta, packing).
#include <array>
#include <utility>
#include <vector>

#include "tensor/fast/entry_points.h"
#include "tensor/fast_paths.h"

namespace parity::fast_paths {

namespace {

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
constexpr auto kThinKernels =
    thin_kernels(std::make_index_sequence<static_cast<std::size_t>(kThinMatmulMaxInner)>());

}  // namespace

// op(B) is copied into a contiguous [k, n] block first (k * n doubles).
bool thin_matmul(const Gemm& g) {
  if (g.k > kThinMatmulMaxInner) return false;
  std::vector<double> rows(static_cast<std::size_t>(g.k * g.n));
  for (Index p = 0; p < g.k; ++p) {
    for (Index j = 0; j < g.n; ++j) {
      rows[static_cast<std::size_t>(p * g.n + j)] = g.tb ? g.b[j * g.ldb + p] : g.b[p * g.ldb + j];
    }
  }
  const Index a_row = g.ta ? 1 : g.lda;
  const Index a_col = g.ta ? g.lda : 1;
  kThinKernels[static_cast<std::size_t>(g.k - 1)](g.m, g.n, g.a, a_row, a_col, rows.data(), g.c);
  return true;
}

}  // namespace parity::fast_paths
