// The cyclic Jacobi path of eigh(): reconstruction, orthogonality, agreement with LAPACK on
// random and clustered spectra, repeated eigenvalues, graded matrices, and results that do not
// depend on the other matrices of the batch.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tensor/blas.h"
#include "tensor/creation.h"
#include "tensor/elementwise.h"
#include "tensor/linalg.h"
#include "tensor/random.h"
#include "tensor/jacobi.h"
#include "tensor/shape_ops.h"

namespace parity {
namespace {

double max_abs_diff(const Tensor& a, const Tensor& b) {
  double m = 0.0;
  for (Index i = 0; i < a.numel(); ++i) m = std::max(m, std::abs(a.data()[i] - b.data()[i]));
  return m;
}

// max |Q diag(w) Q^T - A| and max |Q^T Q - I| over a batch.
void expect_valid_decomposition(const Tensor& a, const Eigh& e, double tol) {
  const Index n = a.size(-1);
  const Index count = a.numel() / (n * n);
  for (Index b = 0; b < count; ++b) {
    const Tensor q = slice_rows(e.eigenvectors.reshape({count, n, n}), b, b + 1).reshape({n, n});
    const Tensor w = slice_rows(e.eigenvalues.reshape({count, n}), b, b + 1).reshape({1, n});
    const Tensor ab = slice_rows(a.reshape({count, n, n}), b, b + 1).reshape({n, n});
    EXPECT_LE(max_abs_diff(matmul(mul(q, w), q, {.b = true}), ab), tol) << "reconstruction, batch " << b;
    EXPECT_LE(max_abs_diff(matmul(q, q, {.a = true}), eye(n)), tol) << "orthogonality, batch " << b;
    for (Index i = 1; i < n; ++i) EXPECT_LE(w.at({0, i - 1}), w.at({0, i}));
  }
}

Tensor random_symmetric(Rng& rng, const Shape& shape) {
  const Tensor m = rng.normal(shape);
  return mul(add(m, transpose(m)), 0.5);
}

TEST(Jacobi, DecomposesRandomSymmetricMatricesLikeLapack) {
  Rng rng(3);
  for (Index n = 1; n <= 10; ++n) {
    const Tensor a = random_symmetric(rng, Shape{4, n, n});
    const Eigh jacobi = eigh(a, EighMethod::Jacobi);
    const Eigh lapack = eigh(a, EighMethod::Lapack);
    expect_valid_decomposition(a, jacobi, 1e-13);
    EXPECT_LE(max_abs_diff(jacobi.eigenvalues, lapack.eigenvalues), 1e-13) << "n = " << n;
  }
}

TEST(Jacobi, RepeatedEigenvaluesAndDiagonalInput) {
  Tensor diag(Shape{4, 4});
  const double values[] = {3.0, -1.0, 3.0, 0.0};
  for (Index i = 0; i < 4; ++i) diag.at({i, i}) = values[i];
  const Eigh e = eigh(diag, EighMethod::Jacobi);
  const double sorted[] = {-1.0, 0.0, 3.0, 3.0};
  for (Index i = 0; i < 4; ++i) EXPECT_EQ(e.eigenvalues.at({i}), sorted[i]);
  expect_valid_decomposition(diag, e, 0.0);
  const Eigh zero = eigh(Tensor(Shape{3, 3}), EighMethod::Jacobi);
  for (Index i = 0; i < 3; ++i) EXPECT_EQ(zero.eigenvalues.at({i}), 0.0);
}

TEST(Jacobi, TwoByTwoClosedForm) {
  // [[a, b], [b, c]]: (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2)
  const double a = 2.0, b = -0.7, c = -1.5;
  const Eigh e = eigh(Tensor(Shape{2, 2}, {a, b, b, c}), EighMethod::Jacobi);
  const double mid = 0.5 * (a + c);
  const double radius = std::sqrt(0.25 * (a - c) * (a - c) + b * b);
  EXPECT_NEAR(e.eigenvalues.at({0}), mid - radius, 1e-15);
  EXPECT_NEAR(e.eigenvalues.at({1}), mid + radius, 1e-15);
}

TEST(Jacobi, GradedMatrixKeepsSmallEigenvaluesAccurate) {
  // diag(1, 1e-8, 1e-16) rotated by a plane rotation in the first two coordinates.
  const double c = std::cos(0.3), s = std::sin(0.3);
  const double l1 = 1.0, l2 = 1e-8;
  const Tensor a(Shape{3, 3}, {c * c * l1 + s * s * l2, c * s * (l1 - l2), 0.0,  //
                               c * s * (l1 - l2), s * s * l1 + c * c * l2, 0.0,  //
                               0.0, 0.0, 1e-16});
  const Eigh e = eigh(a, EighMethod::Jacobi);
  EXPECT_NEAR(e.eigenvalues.at({0}), 1e-16, 1e-30);
  EXPECT_NEAR(e.eigenvalues.at({1}), 1e-8, 1e-8 * 1e-7);
  EXPECT_NEAR(e.eigenvalues.at({2}), 1.0, 1e-15);
}

// Q diag(lambda) Q^T for a random orthogonal Q (from the eigenvectors of a random symmetric matrix).
Tensor with_spectrum(Rng& rng, const std::vector<double>& lambda) {
  const auto n = static_cast<Index>(lambda.size());
  const Tensor q = eigh(random_symmetric(rng, Shape{n, n}), EighMethod::Lapack).eigenvectors;
  Tensor scaled = q.clone();
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) scaled.data()[i * n + j] *= lambda[static_cast<std::size_t>(j)];
  }
  const Tensor a = matmul(scaled, q, {.b = true});
  return mul(add(a, transpose(a)), 0.5);
}

// max_i |w_i - w_lapack,i| / max_i |w_lapack,i|
double relative_eigenvalue_error(const Tensor& a) {
  const Tensor jacobi = eigh(a, EighMethod::Jacobi).eigenvalues;
  const Tensor lapack = eigh(a, EighMethod::Lapack).eigenvalues;
  double scale = 0.0;
  for (double v : lapack) scale = std::max(scale, std::abs(v));
  return max_abs_diff(jacobi, lapack) / scale;
}

TEST(Jacobi, AgreesWithLapackOnRandomAndClusteredSpectra) {
  Rng rng(11);
  for (Index n = 2; n <= 8; ++n) {
    const Tensor random = random_symmetric(rng, Shape{100, n, n});
    EXPECT_LE(relative_eigenvalue_error(random), 1e-13) << "random, n = " << n;
    expect_valid_decomposition(random, eigh(random, EighMethod::Jacobi), 1e-13);
    // Clusters: eigenvalues 1 + k 1e-10 and -1 - k 1e-12, and a rank-one matrix (the Hessian of
    // an affine logit): one nonzero eigenvalue, the others zero.
    std::vector<double> clustered;
    std::vector<double> rank_one(static_cast<std::size_t>(n), 0.0);
    rank_one.back() = 0.37;
    for (Index k = 0; k < n; ++k) clustered.push_back(k % 2 == 0 ? 1.0 + static_cast<double>(k) * 1e-10 : -1.0 - static_cast<double>(k) * 1e-12);
    for (const auto& spectrum : {clustered, rank_one}) {
      const Tensor a = with_spectrum(rng, spectrum);
      EXPECT_LE(relative_eigenvalue_error(a), 1e-13) << "n = " << n;
      expect_valid_decomposition(a, eigh(a, EighMethod::Jacobi), 1e-13);
    }
  }
}

TEST(Jacobi, EachMatrixIsDecomposedAsIfAlone) {
  // Batches of 45 matrices (a group of kJacobiLanes and groups of kJacobiFewLanes) against each
  // matrix decomposed on its own: bitwise equal, so the result cannot depend on how a batch is split.
  Rng rng(5);
  for (Index n : {2, 5, 8}) {
    const Index count = detail::kJacobiLanes + detail::kJacobiFewLanes + 5;
    const Tensor a = random_symmetric(rng, Shape{count, n, n});
    std::vector<double> w(static_cast<std::size_t>(count * n));
    std::vector<double> v(static_cast<std::size_t>(count * n * n));
    ASSERT_EQ(detail::jacobi_eigh_batch(a.data(), count, n, w.data(), v.data()), -1);
    for (Index b = 0; b < count; ++b) {
      std::vector<double> w1(static_cast<std::size_t>(n));
      std::vector<double> v1(static_cast<std::size_t>(n * n));
      ASSERT_EQ(detail::jacobi_eigh_batch(a.data() + b * n * n, 1, n, w1.data(), v1.data()), -1);
      for (Index i = 0; i < n; ++i) EXPECT_EQ(w1[i], w[b * n + i]) << "n = " << n << ", matrix " << b;
      for (Index i = 0; i < n * n; ++i) EXPECT_EQ(v1[i], v[b * n * n + i]) << "n = " << n << ", matrix " << b;
    }
  }
}

TEST(Jacobi, NamesTheFirstMatrixThatDidNotConverge) {
  // With no sweep allowed beyond the first, a diagonal matrix converges (nothing to rotate) and a
  // full one does not.
  Tensor a(Shape{3, 3, 3});
  for (Index b = 0; b < 3; ++b) {
    for (Index i = 0; i < 3; ++i) a.data()[(b * 3 + i) * 3 + i] = 1.0 + static_cast<double>(i);
  }
  a.data()[(2 * 3 + 1) * 3 + 0] = 0.5;
  std::vector<double> w(9);
  std::vector<double> v(27);
  EXPECT_EQ(detail::jacobi_eigh_batch(a.data(), 3, 3, w.data(), v.data(), 0), 2);
  EXPECT_EQ(detail::jacobi_eigh_batch(a.data(), 2, 3, w.data(), v.data(), 0), -1);
}

}  // namespace
}  // namespace parity
