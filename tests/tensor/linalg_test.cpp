// Tests for tensor/linalg: each factorization is checked by rebuilding its input with naive
// loops (A = Q diag(w) Q^T, A = L L^T, A X = B), on closed forms, and on every error path.
#include "tensor/linalg.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

constexpr double kTol = 1e-12;

// Row-major n x n matrix `index` of a [..., n, n] tensor (or length-n vector of [..., n]).
const double* block(const Tensor& t, Index index, Index block_size) { return t.data() + index * block_size; }

// Normal entries with each matrix's lower triangle mirrored into its upper triangle.
Tensor symmetric(const Shape& shape, Rng& rng) {
  Tensor a = rng.normal(shape);
  const Index n = shape.size(-1);
  for (Index b = 0; b < a.numel() / (n * n); ++b) {
    double* m = a.data() + b * n * n;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < i; ++j) m[j * n + i] = m[i * n + j];
    }
  }
  return a;
}

// M M^T + n I for a normal M: symmetric positive definite and well conditioned.
Tensor spd(const Shape& shape, Rng& rng) {
  const Tensor g = rng.normal(shape);
  Tensor a(shape);
  const Index n = shape.size(-1);
  for (Index b = 0; b < a.numel() / (n * n); ++b) {
    const double* m = block(g, b, n * n);
    double* out = a.data() + b * n * n;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        double sum = i == j ? static_cast<double>(n) : 0.0;
        for (Index p = 0; p < n; ++p) sum += m[i * n + p] * m[j * n + p];
        out[i * n + j] = sum;
      }
    }
  }
  return a;
}

// Normal entries plus 2n on the diagonal: strictly diagonally dominant in practice, so far
// from singular, and not symmetric.
Tensor well_conditioned(const Shape& shape, Rng& rng) {
  Tensor a = rng.normal(shape);
  const Index n = shape.size(-1);
  for (Index b = 0; b < a.numel() / (n * n); ++b) {
    for (Index i = 0; i < n; ++i) a.data()[b * n * n + i * n + i] += 2.0 * static_cast<double>(n);
  }
  return a;
}

double max_abs(const Tensor& t) {
  double m = 0.0;
  for (double v : t) m = std::max(m, std::abs(v));
  return m;
}

void expect_error(const std::function<void()>& call, const std::string& message) {
  try {
    call();
    ADD_FAILURE() << "expected parity::Error: " << message;
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

// max |A - Q diag(w) Q^T| and max |Q^T Q - I| over the batch.
void expect_eigh_reconstructs(const Tensor& a, const Eigh& e) {
  const Index n = a.size(-1);
  const Index count = a.numel() / (n * n);
  const double scale = std::max(1.0, max_abs(a));
  for (Index b = 0; b < count; ++b) {
    const double* am = block(a, b, n * n);
    const double* q = block(e.eigenvectors, b, n * n);
    const double* w = block(e.eigenvalues, b, n);
    for (Index i = 0; i + 1 < n; ++i) EXPECT_LE(w[i], w[i + 1]) << "batch " << b;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) {
        double rebuilt = 0.0;
        double gram = 0.0;
        for (Index p = 0; p < n; ++p) {
          rebuilt += q[i * n + p] * w[p] * q[j * n + p];
          gram += q[p * n + i] * q[p * n + j];
        }
        EXPECT_NEAR(rebuilt, am[i * n + j], kTol * scale) << "batch " << b << " (" << i << "," << j << ")";
        EXPECT_NEAR(gram, i == j ? 1.0 : 0.0, kTol) << "batch " << b << " (" << i << "," << j << ")";
      }
    }
  }
}

TEST(Eigh, ReconstructsBatchedRandomSymmetricMatrices) {
  Rng rng(11);
  for (Index n : {1, 2, 5, 50}) {
    SCOPED_TRACE(n);
    const Tensor a = symmetric(Shape{3, 4, n, n}, rng);
    const Eigh e = eigh(a);
    EXPECT_EQ(e.eigenvalues.shape(), (Shape{3, 4, n}));
    EXPECT_EQ(e.eigenvectors.shape(), (Shape{3, 4, n, n}));
    expect_eigh_reconstructs(a, e);
  }
}

TEST(Eigh, DiagonalMatrixGivesSortedDiagonalAndUnitVectors) {
  const Tensor a(Shape{3, 3}, {3.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 2.0});
  const Eigh e = eigh(a);
  EXPECT_NEAR(e.eigenvalues.at({0}), -1.0, kTol);
  EXPECT_NEAR(e.eigenvalues.at({1}), 2.0, kTol);
  EXPECT_NEAR(e.eigenvalues.at({2}), 3.0, kTol);
  // Eigenvalue j belongs to axis source[j]; its eigenvector (column j) is +-e_source[j].
  const Index source[3] = {1, 2, 0};
  for (Index j = 0; j < 3; ++j) {
    for (Index i = 0; i < 3; ++i) {
      EXPECT_NEAR(std::abs(e.eigenvectors.at({i, j})), i == source[j] ? 1.0 : 0.0, kTol) << i << "," << j;
    }
  }
}

TEST(Eigh, TwoByTwoMatchesClosedForm) {
  // [[p, r], [r, s]]: lambda = (p + s)/2 -+ sqrt(((p - s)/2)^2 + r^2), eigenvector ~ (r, lambda - p).
  const double p = 4.0, r = 1.0, s = -2.0;
  const Eigh e = eigh(Tensor(Shape{2, 2}, {p, r, r, s}));
  const double radius = std::sqrt(std::pow((p - s) / 2.0, 2) + r * r);
  const double expected[2] = {(p + s) / 2.0 - radius, (p + s) / 2.0 + radius};
  for (Index j = 0; j < 2; ++j) {
    EXPECT_NEAR(e.eigenvalues.at({j}), expected[j], kTol);
    const double v0 = r, v1 = expected[j] - p;
    const double norm = std::hypot(v0, v1);
    const double cosine = (e.eigenvectors.at({0, j}) * v0 + e.eigenvectors.at({1, j}) * v1) / norm;
    EXPECT_NEAR(std::abs(cosine), 1.0, kTol);
  }
}

TEST(Eigh, ReadsOnlyTheLowerTriangle) {
  Rng rng(12);
  const Tensor a = symmetric(Shape{2, 4, 4}, rng);
  Tensor garbled = a.clone();
  for (Index b = 0; b < 2; ++b) {
    for (Index i = 0; i < 4; ++i) {
      for (Index j = i + 1; j < 4; ++j) garbled.at({b, i, j}) = 100.0 + static_cast<double>(i + j);
    }
  }
  const Eigh clean = eigh(a);
  const Eigh from_lower = eigh(garbled);
  for (Index i = 0; i < clean.eigenvalues.numel(); ++i) {
    EXPECT_EQ(from_lower.eigenvalues.data()[i], clean.eigenvalues.data()[i]);
  }
}

TEST(Eigh, EmptyInputsGiveEmptyResults) {
  const Eigh zero_order = eigh(Tensor(Shape{2, 0, 0}));
  EXPECT_EQ(zero_order.eigenvalues.shape(), (Shape{2, 0}));
  EXPECT_EQ(zero_order.eigenvectors.shape(), (Shape{2, 0, 0}));
  const Eigh no_matrices = eigh(Tensor(Shape{0, 3, 3}));
  EXPECT_EQ(no_matrices.eigenvalues.shape(), (Shape{0, 3}));
}

TEST(Eigh, RejectsNonFiniteAndNonSquareInput) {
  Tensor a(Shape{3, 2, 2});
  a.at({2, 1, 0}) = std::numeric_limits<double>::quiet_NaN();
  expect_error([&] { eigh(a); }, "eigh(): a holds a non-finite value (nan) at [2,1,0] of shape [3,2,2]");
  a.at({2, 1, 0}) = std::numeric_limits<double>::infinity();
  expect_error([&] { eigh(a); }, "eigh(): a holds a non-finite value (inf) at [2,1,0] of shape [3,2,2]");
  expect_error([] { eigh(Tensor(Shape{2, 3})); }, "eigh(): a must be [..., n, n], got [2,3]");
  expect_error([] { eigh(Tensor(Shape{4})); }, "eigh(): a must be [..., n, n], got [4]");
  expect_error([] { eigh(Tensor()); }, "eigh(): a is an undefined tensor");
}

TEST(Cholesky, ReconstructsBatchedRandomSpdMatrices) {
  Rng rng(21);
  for (Index n : {1, 2, 5, 50}) {
    SCOPED_TRACE(n);
    const Tensor a = spd(Shape{3, 4, n, n}, rng);
    const Tensor l = cholesky(a);
    ASSERT_EQ(l.shape(), a.shape());
    const double scale = max_abs(a);
    for (Index b = 0; b < 12; ++b) {
      const double* lm = block(l, b, n * n);
      const double* am = block(a, b, n * n);
      for (Index i = 0; i < n; ++i) {
        EXPECT_GT(lm[i * n + i], 0.0);
        for (Index j = 0; j < n; ++j) {
          if (j > i) {
            EXPECT_EQ(lm[i * n + j], 0.0) << b << " (" << i << "," << j << ")";
          }
          double sum = 0.0;
          for (Index p = 0; p < n; ++p) sum += lm[i * n + p] * lm[j * n + p];
          EXPECT_NEAR(sum, am[i * n + j], kTol * scale) << b << " (" << i << "," << j << ")";
        }
      }
    }
  }
}

TEST(Cholesky, HandComputedFactor) {
  // [[4, 2], [2, 5]] = [[2, 0], [1, 2]] [[2, 1], [0, 2]]
  const Tensor l = cholesky(Tensor(Shape{2, 2}, {4.0, 2.0, 2.0, 5.0}));
  EXPECT_NEAR(l.at({0, 0}), 2.0, kTol);
  EXPECT_EQ(l.at({0, 1}), 0.0);
  EXPECT_NEAR(l.at({1, 0}), 1.0, kTol);
  EXPECT_NEAR(l.at({1, 1}), 2.0, kTol);
}

TEST(Cholesky, NotPositiveDefiniteNamesRoutineMinorAndBatch) {
  const Tensor indefinite(Shape{2, 2}, {1.0, 2.0, 2.0, 1.0});
  expect_error([&] { cholesky(indefinite); },
               "cholesky(): LAPACKE_dpotrf failed with info 2 (leading minor of order 2 is not positive "
               "definite) at batch index 0");
  const Tensor batch(Shape{2, 1, 1}, {1.0, -1.0});
  expect_error([&] { cholesky(batch); },
               "cholesky(): LAPACKE_dpotrf failed with info 1 (leading minor of order 1 is not positive "
               "definite) at batch index 1");
  Tensor a(Shape{2, 2}, {1.0, 0.0, std::numeric_limits<double>::quiet_NaN(), 1.0});
  expect_error([&] { cholesky(a); },
               "cholesky(): a holds a non-finite value (nan) at [1,0] of shape [2,2]");
  expect_error([] { cholesky(Tensor(Shape{3, 2})); }, "cholesky(): a must be [..., n, n], got [3,2]");
}

// max |A X - B| for a [..., n, n] and x, b of shape [..., n, k] (k = 1 for vectors).
void expect_small_residual(const Tensor& a, const Tensor& x, const Tensor& b, Index k) {
  ASSERT_EQ(x.shape(), b.shape());
  const Index n = a.size(-1);
  const Index count = a.numel() / (n * n);
  const double scale = max_abs(a) * max_abs(x) * static_cast<double>(n);
  for (Index m = 0; m < count; ++m) {
    const double* am = block(a, m, n * n);
    const double* xm = block(x, m, n * k);
    const double* bm = block(b, m, n * k);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < k; ++j) {
        double sum = 0.0;
        for (Index p = 0; p < n; ++p) sum += am[i * n + p] * xm[p * k + j];
        EXPECT_NEAR(sum, bm[i * k + j], kTol * scale) << m << " (" << i << "," << j << ")";
      }
    }
  }
}

TEST(Solve, SmallResidualOnBatchedMatrixAndVectorRightHandSides) {
  Rng rng(31);
  for (Index n : {1, 5, 50}) {
    SCOPED_TRACE(n);
    const Tensor a = well_conditioned(Shape{3, 4, n, n}, rng);
    const Tensor b = rng.normal(Shape{3, 4, n, 3});
    expect_small_residual(a, solve(a, b), b, 3);
    const Tensor v = rng.normal(Shape{3, 4, n});
    expect_small_residual(a, solve(a, v), v, 1);
    const Tensor s = spd(Shape{3, 4, n, n}, rng);
    expect_small_residual(s, solve_spd(s, b), b, 3);
    expect_small_residual(s, solve_spd(s, v), v, 1);
  }
}

TEST(Solve, HandComputedSystem) {
  // [[2, 1], [1, 3]] x = [3, 5]  ->  x = [0.8, 1.4]
  const Tensor a(Shape{2, 2}, {2.0, 1.0, 1.0, 3.0});
  const Tensor b(Shape{2}, {3.0, 5.0});
  for (const Tensor& x : {solve(a, b), solve_spd(a, b)}) {
    ASSERT_EQ(x.shape(), (Shape{2}));
    EXPECT_NEAR(x.at({0}), 0.8, kTol);
    EXPECT_NEAR(x.at({1}), 1.4, kTol);
  }
}

TEST(Solve, ZeroSizedSystemsGiveEmptyResults) {
  EXPECT_EQ(solve(Tensor(Shape{2, 0, 0}), Tensor(Shape{2, 0, 3})).shape(), (Shape{2, 0, 3}));
  EXPECT_EQ(solve(Tensor(Shape{0, 0}), Tensor(Shape{0})).shape(), (Shape{0}));
  EXPECT_EQ(solve_spd(Tensor(Shape{0, 0}), Tensor(Shape{0, 2})).shape(), (Shape{0, 2}));
  EXPECT_EQ(solve(Tensor(Shape{3, 3}), Tensor(Shape{3, 0})).shape(), (Shape{3, 0}));
}

TEST(Solve, SingularMatrixNamesRoutineAndInfo) {
  // Partial pivoting takes row [2, 4] first; row [1, 2] then reduces to [0, 0], so U(2,2) = 0.
  const Tensor a(Shape{2, 2}, {1.0, 2.0, 2.0, 4.0});
  const Tensor b(Shape{2}, {1.0, 1.0});
  expect_error([&] { solve(a, b); },
               "solve(): LAPACKE_dgesv failed with info 2 (U(2,2) is exactly zero: A is singular) at batch "
               "index 0");
  expect_error([&] { solve_spd(a, b); },
               "solve_spd(): LAPACKE_dposv failed with info 2 (leading minor of order 2 is not positive "
               "definite) at batch index 0");
}

TEST(Solve, OverflowingSolutionIsAnError) {
  const Tensor a(Shape{2, 2, 2}, {1.0, 0.0, 0.0, 1.0, 1e-300, 0.0, 0.0, 1.0});
  const Tensor b(Shape{2, 2}, {1.0, 1.0, 1e10, 1.0});
  expect_error([&] { solve(a, b); },
               "solve(): the solution at batch index 1 is not finite (A is singular to working precision)");
}

TEST(Solve, RejectsMismatchedShapesAndNonFiniteInput) {
  const Tensor a(Shape{3, 4, 4});
  const std::string expected =
      ": b must be [..., n, k] or [..., n] with the batch axes and n of a: a [3,4,4] vs b ";
  expect_error([&] { solve(a, Tensor(Shape{3, 5})); }, "solve()" + expected + "[3,5]");
  expect_error([&] { solve(a, Tensor(Shape{2, 4, 1})); }, "solve()" + expected + "[2,4,1]");
  expect_error([&] { solve(a, Tensor(Shape{4})); }, "solve()" + expected + "[4]");
  expect_error([&] { solve_spd(a, Tensor(Shape{1, 3, 4, 2})); }, "solve_spd()" + expected + "[1,3,4,2]");
  const Tensor wide(Shape{2, 3});
  expect_error([&] { solve(wide, Tensor(Shape{2})); }, "solve(): a must be [..., n, n], got [2,3]");
  Tensor b(Shape{3, 4, 2});
  b.at({1, 3, 1}) = std::numeric_limits<double>::infinity();
  expect_error([&] { solve(a, b); },
               "solve(): b holds a non-finite value (inf) at [1,3,1] of shape [3,4,2]");
  expect_error([&] { solve(a, Tensor()); }, "solve(): b is an undefined tensor");
}

}  // namespace
}  // namespace parity
