// Products whose op(A) has a unit vector e_p as every row: row i of C is row p of op(B), a copy
// instead of 2 k flops per entry. Tangent sweeps seeded with unit directions (per-sample input
// Hessians: T[k, i, :] = e_k) form exactly this product in their first layer. The rows are
// checked as they are copied, so a dense A is declined at its first row; C is then left for the
// canonical code, which overwrites it. Declined as well when op(B) holds a non-finite value, where
// the dense product would give NaN (0 * inf).
#include <algorithm>
#include <cmath>

#include "tensor/fast/entry_points.h"

namespace parity::fast_paths {

namespace {

// The column of the single 1 in row[0, k), or -1 when the row is not a unit vector.
Index unit_column(const double* row, Index k) {
  Index column = -1;
  for (Index p = 0; p < k; ++p) {
    if (row[p] == 0.0) continue;
    if (row[p] != 1.0 || column >= 0) return -1;
    column = p;
  }
  return column;
}

bool all_finite(const double* b, Index rows, Index cols, Index ld) {
  for (Index p = 0; p < rows; ++p) {
    for (Index j = 0; j < cols; ++j) {
      if (!std::isfinite(b[p * ld + j])) return false;
    }
  }
  return true;
}

}  // namespace

bool selection_matmul(const Gemm& g) {
  if (g.ta || g.tb || unit_column(g.a, g.k) < 0 || !all_finite(g.b, g.k, g.n, g.ldb)) return false;
  for (Index i = 0; i < g.m; ++i) {
    const Index p = unit_column(g.a + i * g.lda, g.k);
    if (p < 0) return false;
    std::copy_n(g.b + p * g.ldb, g.n, g.c + i * g.n);
  }
  return true;
}

}  // namespace parity::fast_paths
