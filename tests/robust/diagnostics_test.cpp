#include "robust/diagnostics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "robust/solvers.h"
#include "tensor/check.h"

namespace parity::robust {
namespace {

// l(x) = a x_0^3 + x_1^2 per sample: the quadratic model at 0 has error a p_0^3 exactly.
Var cubic(const Var& x) {
  const Tensor pick0(Shape{2, 1}, {1.0, 0.0});
  const Tensor pick1(Shape{2, 1}, {0.0, 1.0});
  Var x0 = matmul(x, Var(pick0));
  Var x1 = matmul(x, Var(pick1));
  return reshape(scale(x0 * x0 * x0, 2.0) + x1 * x1, Shape{x.shape()[0]});
}

TEST(Diagnostics, ModelErrorIsTheThirdOrderRemainder) {
  const Tensor X(Shape{1, 2}, {1.0, 0.5});
  TrustRegion trs;
  const InnerResult t = trs.solve(cubic, X, 0.1, Tensor());
  const double p0 = t.perturbation.at({0, 0});
  const InnerDiagnostics d = diagnose(cubic, X, t, Tensor(Shape{1}, {1e9}));
  EXPECT_NEAR(d.model_error.at({0}), std::abs(2.0 * p0 * p0 * p0), 1e-15);
  EXPECT_EQ(d.boundary, 1);
  EXPECT_GT(d.relative_gap.at({0}), 0.99);
}

TEST(Diagnostics, BestKnownIsAtLeastTheCandidateAndGapIsZeroForTheBest) {
  const Tensor X(Shape{3, 2}, {1.0, 0.5, -0.2, 0.3, 0.0, -1.0});
  TrustRegion trs;
  const InnerResult t = trs.solve(cubic, X, 0.2, Tensor());
  Rng rng(3);
  const Tensor best = best_known_objective(cubic, X, 0.2, Tensor(), t.perturbed, rng, {.restarts = 2, .iterations = 200});
  const InnerDiagnostics d = diagnose(cubic, X, t, best);
  for (Index i = 0; i < 3; ++i) {
    EXPECT_GE(best.at({i}), d.achieved.at({i}));
    EXPECT_GE(d.relative_gap.at({i}), 0.0);
  }
  const InnerDiagnostics self = diagnose(cubic, X, t, d.achieved);
  EXPECT_EQ(self.max_relative_gap, 0.0);
}

TEST(Diagnostics, RejectsMismatchedBestKnown) {
  const Tensor X(Shape{2, 2}, {1.0, 0.5, -0.2, 0.3});
  NoPerturbation none;
  const InnerResult r = none.solve(cubic, X, 0.1, Tensor());
  try {
    diagnose(cubic, X, r, Tensor(Shape{3}));
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "diagnose(): best_known of shape [3] for a batch of 2");
  }
}

}  // namespace
}  // namespace parity::robust
