// Batched dense linear algebra on LAPACKE: eigh (dsyevd), cholesky (dpotrf), solve (dgesv),
// solve_spd (dposv). Tensors are row-major, LAPACK is called column-major: a row-major
// buffer read column-major is A^T, so the lower triangle of A is LAPACK's upper triangle.
// Symmetric routines use that directly; general ones copy into column-major buffers.
#include "tensor/linalg.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <lapacke.h>

#include "tensor/check.h"
#include "tensor/fast/entry_points.h"
#include "tensor/jacobi.h"

namespace parity {

namespace {

// A [..., n, n] tensor seen as `count` square matrices of order n.
struct MatrixBatch {
  Index count;
  Index n;
};

MatrixBatch square_batch(const Tensor& a, const char* caller) {
  check_defined(a, caller, "a");
  PARITY_CHECK(a.dim() >= 2 && a.size(-1) == a.size(-2), caller, ": a must be [..., n, n], got ", a.shape());
  return {a.shape().slice(0, a.dim() - 2).numel(), a.size(-1)};
}

lapack_int lapack_dim(Index extent, const char* caller) {
  PARITY_CHECK(extent <= std::numeric_limits<lapack_int>::max(), caller, ": extent ", extent,
               " exceeds the LAPACK integer range");
  return static_cast<lapack_int>(extent);
}

// info < 0: LAPACK rejected argument -info, which only a bug in this file can cause.
[[noreturn]] void throw_lapack_error(const char* caller, const char* routine, lapack_int info,
                                     const std::string& meaning, Index batch) {
  if (info < 0) {
    detail::throw_error(caller, ": internal error: ", routine, " rejected argument ", -info, " (info ", info,
                        ") at batch index ", batch);
  }
  detail::throw_error(caller, ": ", routine, " failed with info ", info, " (", meaning, ") at batch index ",
                      batch);
}

std::string not_positive_definite(lapack_int info) {
  return "leading minor of order " + std::to_string(info) + " is not positive definite";
}

// dst (cols x rows, row-major) = src^T; equivalently src copied into column-major order.
void transpose_into(const double* src, Index rows, Index cols, double* dst) {
  for (Index i = 0; i < rows; ++i) {
    for (Index j = 0; j < cols; ++j) dst[j * rows + i] = src[i * cols + j];
  }
}

void transpose_in_place(double* a, Index n) {
  for (Index i = 0; i < n; ++i) {
    for (Index j = i + 1; j < n; ++j) std::swap(a[i * n + j], a[j * n + i]);
  }
}

}  // namespace

// Each matrix is decomposed in place in v. dsyevd leaves eigenvector j in column j of its
// column-major output, i.e. in row j of the row-major buffer; transposing puts it in column j.
// The workspace is sized once by a query and reused for the batch.
void eigh_into(const double* a, Index count, Index n, double* w, double* v, EighMethod method) {
  if (count == 0 || n == 0) return;
  const bool jacobi = method == EighMethod::Jacobi || (method == EighMethod::Auto && fast_paths::eigh_by_jacobi(n));
  if (jacobi) {
    const Index failed = detail::jacobi_eigh_batch(a, count, n, w, v);
    PARITY_CHECK(failed < 0, "eigh(): the Jacobi iteration did not converge at batch index ", failed);
    return;
  }
  const lapack_int order = lapack_dim(n, "eigh()");
  std::copy(a, a + count * n * n, v);

  double work_query = 0.0;
  lapack_int iwork_query = 0;
  lapack_int info =
      LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', order, v, order, w, &work_query, -1, &iwork_query, -1);
  PARITY_CHECK(info == 0, "eigh(): internal error: LAPACKE_dsyevd workspace query failed with info ", info);
  const auto lwork = static_cast<lapack_int>(work_query);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<lapack_int> iwork(static_cast<std::size_t>(iwork_query));

  for (Index b = 0; b < count; ++b) {
    double* vb = v + b * n * n;
    info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, 'V', 'U', order, vb, order, w + b * n, work.data(), lwork,
                               iwork.data(), iwork_query);
    if (info != 0) {
      throw_lapack_error("eigh()", "LAPACKE_dsyevd", info, "the divide-and-conquer iteration did not converge", b);
    }
    transpose_in_place(vb, n);
  }
}

Eigh eigh(const Tensor& a, EighMethod method) {
  const MatrixBatch m = square_batch(a, "eigh()");
  check_finite(a, "eigh()", "a");
  Eigh out{Tensor::empty(a.shape().slice(0, a.dim() - 1)), Tensor::empty(a.shape())};
  eigh_into(a.data(), m.count, m.n, out.eigenvalues.data(), out.eigenvectors.data(), method);
  return out;
}

// dpotrf on the column-major upper triangle computes A = U^T U; U^T read row-major is the
// lower L of A = L L^T. The strictly upper part still holds A and is zeroed.
Tensor cholesky(const Tensor& a) {
  const MatrixBatch m = square_batch(a, "cholesky()");
  check_finite(a, "cholesky()", "a");
  Tensor l = a.clone();
  if (l.numel() == 0) return l;
  const lapack_int n = lapack_dim(m.n, "cholesky()");
  for (Index b = 0; b < m.count; ++b) {
    double* lb = l.data() + b * m.n * m.n;
    const lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', n, lb, n);
    if (info != 0) throw_lapack_error("cholesky()", "LAPACKE_dpotrf", info, not_positive_definite(info), b);
    for (Index i = 0; i < m.n; ++i) {
      for (Index j = i + 1; j < m.n; ++j) lb[i * m.n + j] = 0.0;
    }
  }
  return l;
}

namespace {

enum class Factorization { Lu, Cholesky };

// a [..., n, n] with b [..., n, k] (same batch axes) or b [..., n]; the latter is solved as k = 1.
struct SolveShape {
  MatrixBatch batch;
  Index k;
};

SolveShape solve_shape(const Tensor& a, const Tensor& b, const char* caller) {
  const MatrixBatch m = square_batch(a, caller);
  check_defined(b, caller, "b");
  const Shape rows = a.shape().slice(0, a.dim() - 1);
  const bool matrix_rhs = b.dim() == a.dim() && b.shape().slice(0, b.dim() - 1) == rows;
  const bool vector_rhs = b.dim() == a.dim() - 1 && b.shape() == rows;
  PARITY_CHECK(matrix_rhs || vector_rhs, caller,
               ": b must be [..., n, k] or [..., n] with the batch axes and n of a: a ", a.shape(), " vs b ",
               b.shape());
  return {m, matrix_rhs ? b.size(-1) : 1};
}

lapack_int factor_and_solve(Factorization f, lapack_int n, lapack_int k, double* a, lapack_int* pivots,
                            double* x) {
  if (f == Factorization::Lu) return LAPACKE_dgesv_work(LAPACK_COL_MAJOR, n, k, a, n, pivots, x, n);
  return LAPACKE_dposv_work(LAPACK_COL_MAJOR, 'L', n, k, a, n, x, n);
}

[[noreturn]] void throw_solve_error(Factorization f, const char* caller, lapack_int info, Index batch) {
  if (f == Factorization::Cholesky) {
    throw_lapack_error(caller, "LAPACKE_dposv", info, not_positive_definite(info), batch);
  }
  const std::string i = std::to_string(info);
  throw_lapack_error(caller, "LAPACKE_dgesv", info, "U(" + i + "," + i + ") is exactly zero: A is singular",
                     batch);
}

// Per matrix: copy A and B into column-major buffers, factor and solve, copy X back. An
// overflowing X (A singular to working precision) is an error rather than a silent Inf/NaN.
Tensor solve_batched(const Tensor& a, const Tensor& b, Factorization f, const char* caller) {
  const SolveShape s = solve_shape(a, b, caller);
  const Index count = s.batch.count;
  const Index n = s.batch.n;
  check_finite(a, caller, "a");
  check_finite(b, caller, "b");
  Tensor x = Tensor::empty(b.shape());
  if (x.numel() == 0) return x;
  const lapack_int n_lapack = lapack_dim(n, caller);
  const lapack_int k_lapack = lapack_dim(s.k, caller);
  std::vector<double> a_work(static_cast<std::size_t>(n * n));
  std::vector<double> x_work(static_cast<std::size_t>(n * s.k));
  std::vector<lapack_int> pivots(static_cast<std::size_t>(n));
  for (Index i = 0; i < count; ++i) {
    transpose_into(a.data() + i * n * n, n, n, a_work.data());
    transpose_into(b.data() + i * n * s.k, n, s.k, x_work.data());
    const lapack_int info =
        factor_and_solve(f, n_lapack, k_lapack, a_work.data(), pivots.data(), x_work.data());
    if (info != 0) throw_solve_error(f, caller, info, i);
    double* xi = x.data() + i * n * s.k;
    transpose_into(x_work.data(), s.k, n, xi);
    for (Index e = 0; e < n * s.k; ++e) {
      PARITY_CHECK(std::isfinite(xi[e]), caller, ": the solution at batch index ", i,
                   " is not finite (A is singular to working precision)");
    }
  }
  return x;
}

}  // namespace

Tensor solve(const Tensor& a, const Tensor& b) { return solve_batched(a, b, Factorization::Lu, "solve()"); }

Tensor solve_spd(const Tensor& a, const Tensor& b) {
  return solve_batched(a, b, Factorization::Cholesky, "solve_spd()");
}

}  // namespace parity
