// The cyclic Jacobi path of eigh(): reconstruction, orthogonality, agreement with LAPACK,
// repeated eigenvalues and graded matrices.
#include <gtest/gtest.h>

#include <cmath>

#include "tensor/blas.h"
#include "tensor/creation.h"
#include "tensor/elementwise.h"
#include "tensor/linalg.h"
#include "tensor/random.h"
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

}  // namespace
}  // namespace parity
