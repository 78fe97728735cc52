// Tests of prune/power_iteration.h: on a small network's loss, the eigenvalue found equals the
// eigenvalue of largest magnitude of the full Hessian (autograd hessian(), LAPACK eigh) to the
// tolerance; on a quadratic with a known spectrum, including a dominant negative eigenvalue; bad
// input.
#include "prune/power_iteration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/derivatives.h"
#include "autograd/functional.h"
#include "common/error_message.h"
#include "nn/classifier.h"
#include "nn/sequential.h"
#include "tensor/linalg.h"

namespace parity::prune {
namespace {

double largest_magnitude(const Tensor& eigenvalues) {
  double best = 0.0;
  for (double v : eigenvalues) best = std::abs(v) > std::abs(best) ? v : best;
  return best;
}

TEST(PowerIteration, MatchesTheFullHessiansLargestEigenvalue) {
  Rng rng(31);
  auto model = nn::mlp({2, 3, 2}, "tanh", rng);
  const Tensor X = rng.normal(Shape{6, 2});
  const Tensor y(Shape{6}, {0, 1, 1, 0, 1, 0});
  const auto params = model->parameters();  // 6 + 3 + 6 + 2 = 17 numbers
  // The loss as a function of the flattened parameters, for the full Hessian.
  const Function flat_loss = [&](const Var& theta) {
    Index offset = 0;
    for (const auto& [path, p] : model->named_parameters()) {
      const Index n = p.value().numel();
      model->set_parameter(path, reshape(slice_rows(theta, offset, offset + n), p.shape()));
      offset += n;
    }
    return mean(nn::classifier_losses((*model)(Var(X)), y));
  };
  std::vector<double> theta0;
  for (const Var& p : params) theta0.insert(theta0.end(), p.value().begin(), p.value().end());
  const Tensor theta(Shape{static_cast<Index>(theta0.size())}, theta0);
  const double expected = largest_magnitude(eigh(hessian(flat_loss, theta)).eigenvalues);

  std::vector<Var> leaves;
  for (const auto& [path, p] : model->named_parameters()) {
    leaves.emplace_back(p.value().clone(), true);
    model->set_parameter(path, leaves.back());
  }
  const Var loss = mean(nn::classifier_losses((*model)(Var(X)), y));
  Rng start(32);
  const PowerIterationResult r = top_hessian_eigenvalue(loss, leaves, {.max_iterations = 2000, .tolerance = 1e-12}, start);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.eigenvalue, expected, 1e-8 * std::abs(expected));
}

TEST(PowerIteration, QuadraticWithADominantNegativeEigenvalue) {
  // f(x) = 1/2 x^T diag(1, -3, 0.5) x: the eigenvalue of largest magnitude is -3.
  const Var x(Tensor(Shape{3}, {0.2, -0.1, 0.4}), true);
  const Tensor d(Shape{3}, {1.0, -3.0, 0.5});
  const Var f = sum(mul_constant(square(x), d)) * 0.5;
  Rng rng(33);
  const PowerIterationResult r = top_hessian_eigenvalue(f, {x}, {.max_iterations = 500, .tolerance = 1e-14}, rng);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.eigenvalue, -3.0, 1e-12);
}

TEST(PowerIteration, BadInput) {
  const Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  Rng rng(34);
  EXPECT_EQ(testing::error_message([&] { top_hessian_eigenvalue(square(x), {x}, {}, rng); }),
            "top_hessian_eigenvalue(): the root must be a scalar");
  EXPECT_EQ(testing::error_message([&] { top_hessian_eigenvalue(sum(x), {}, {}, rng); }),
            "top_hessian_eigenvalue(): no parameter to differentiate with respect to");
  EXPECT_EQ(testing::error_message([&] { top_hessian_eigenvalue(sum(x), {x}, {.max_iterations = 0}, rng); }),
            "top_hessian_eigenvalue(): max_iterations must be >= 1, got 0");
  EXPECT_EQ(testing::error_message([&] { top_hessian_eigenvalue(sum(x), {x}, {.tolerance = -1.0}, rng); }),
            "top_hessian_eigenvalue(): tolerance must be finite and > 0, got -1");
}

}  // namespace
}  // namespace parity::prune
