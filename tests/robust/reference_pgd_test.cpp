// Tests of the reference code's PGD (robust/reference_pgd.h), traced by hand on one-dimensional
// losses, and of the practical PGD's own stopping rule (PgdOptions::loss_tolerance).
#include "robust/reference_pgd.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "robust/solvers.h"
#include "tensor/random.h"

namespace parity::robust {
namespace {

using ::parity::testing::error_message;

// l_i(x) = scale (x w - y_i)^2 for scalar inputs [B, 1].
SampleLoss scaled_square(double scale, double w, const Tensor& y) {
  return SampleLoss(
      [scale, w](const Var& x, const Tensor& labels) {
        return reshape(mse(x * w, labels), Shape{x.shape()[0]}) * scale;
      },
      y);
}

TEST(ReferencePgd, ConvexLossHandTrace) {
  // l(x) = x^2 from x = 1, r = 0.5, alpha = 0.1, B = 1: gradients 2, 2.4, 2.88, 3 give the
  // steps 0.2, 0.24, then 0.728 projected to 0.5 (a step of 0.06), then 0.8 projected to 0.5
  // again (a step of 0 < 1e-4): 4 gradients, delta = 0.5, no backtracking.
  ReferencePGD pgd;
  const InnerResult r = pgd.solve(scaled_square(1.0, 1.0, Tensor(Shape{1, 1}, {0.0})), Tensor(Shape{1, 1}, {1.0}),
                                  0.5, Tensor());
  EXPECT_DOUBLE_EQ(r.perturbation.item(), 0.5);
  EXPECT_EQ(r.iterations, std::vector<int>{4});
  // Each accepted proposal costs one loss evaluation.
  EXPECT_EQ(pgd.evaluations(), 4);
}

TEST(ReferencePgd, BacktracksOnceThenConvergesToTheInteriorMaximiser) {
  // l(x) = -10 (x - 0.05)^2 from 0, r = 1: the first proposal 0.1 g = 0.1 reaches the same loss
  // (-0.025), so alpha becomes 0.1 / 1.5; then delta - 0.05 shrinks by 1 - 20 alpha = -1/3 per
  // step, and at the stop (a step |e_k| 4/3 < 1e-4) the error e_k is below 1e-4.
  ReferencePGD pgd;
  const InnerResult r = pgd.solve(scaled_square(-10.0, 1.0, Tensor(Shape{1, 1}, {0.05})),
                                  Tensor(Shape{1, 1}, {0.0}), 1.0, Tensor());
  EXPECT_LT(std::abs(r.perturbation.item() - 0.05), 1e-4);
  // e_0 = -0.05 falls below 0.75e-4 after k steps with 0.05 / 3^k < 0.75e-4: k = 6, so 7 gradients.
  EXPECT_EQ(r.iterations, std::vector<int>{7});
  // Two evaluations in the first iteration, one in each of the next five, none in the last,
  // whose proposal alpha |g| = 4/3 |e_k| is already below the tolerance.
  EXPECT_EQ(pgd.evaluations(), 2 + 5);
}

TEST(ReferencePgd, SharedStepMovesEachSampleByItsGradientOverTheBatch) {
  // Two samples of l(x) = x^2 at 1 and -2 with r = 10 and one iteration: delta_i = 0.1 g_i / 2.
  ReferencePGD pgd({.max_iterations = 1});
  const InnerResult r = pgd.solve(scaled_square(1.0, 1.0, Tensor(Shape{2, 1}, {0.0, 0.0})),
                                  Tensor(Shape{2, 1}, {1.0, -2.0}), 10.0, Tensor());
  EXPECT_DOUBLE_EQ(r.perturbation.data()[0], 0.1 * 2.0 / 2.0);
  EXPECT_DOUBLE_EQ(r.perturbation.data()[1], 0.1 * -4.0 / 2.0);
}

TEST(ReferencePgd, ZeroGradientStopsAtOnce) {
  // A constant loss: the reference would backtrack forever; here one gradient, no move.
  ReferencePGD pgd;
  const InnerResult r = pgd.solve(scaled_square(1.0, 0.0, Tensor(Shape{3, 1}, {0.0, 0.0, 0.0})),
                                  Tensor(Shape{3, 1}, {1.0, 2.0, 3.0}), 0.3, Tensor());
  for (Index i = 0; i < 3; ++i) EXPECT_EQ(r.perturbation.data()[i], 0.0);
  EXPECT_EQ(r.iterations, (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(pgd.evaluations(), 0);
}

TEST(ReferencePgd, BadOptionsAreRefused) {
  EXPECT_EQ(error_message([] { ReferencePGD({.step = 0.0}); }), "ReferencePGD(): step must be positive, got 0");
  EXPECT_EQ(error_message([] { ReferencePGD({.shrink = 1.0}); }), "ReferencePGD(): shrink must be > 1, got 1");
  EXPECT_EQ(error_message([] { ReferencePGD({.tolerance = -1.0}); }),
            "ReferencePGD(): tolerance must be positive, got -1");
  EXPECT_EQ(error_message([] { ReferencePGD({.max_iterations = 0}); }),
            "ReferencePGD(): need at least one iteration, got 0");
}

TEST(PracticalPgd, AffineLogitStopsOneStepAfterReachingTheSphere) {
  // Logistic loss of an affine logit: the gradient is parallel to w everywhere, so 4 steps of
  // r/4 reach r w/||w|| (or its negative), and the 5th is projected back onto the same point.
  Rng rng(3);
  const Tensor w = rng.normal(Shape{3, 1});
  const Tensor X = rng.normal(Shape{5, 3});
  const Tensor y(Shape{5, 1}, {0, 1, 1, 0, 1});
  const SampleLoss loss(
      [&w](const Var& x, const Tensor& labels) {
        return reshape(bce_with_logits(matmul(x, Var(w)), labels), Shape{x.shape()[0]});
      },
      y);
  PGD pgd({.step = 0.25, .iterations = 100, .tolerance = 1e-3, .loss_tolerance = 1e-6});
  const double r = 0.2;
  const InnerResult out = pgd.solve(loss, X, r, Tensor());
  const double w_norm = std::sqrt(w.data()[0] * w.data()[0] + w.data()[1] * w.data()[1] + w.data()[2] * w.data()[2]);
  for (Index i = 0; i < 5; ++i) {
    EXPECT_EQ(out.iterations[static_cast<std::size_t>(i)], 5) << "sample " << i;
    const double sign = y.data()[i] == 1.0 ? -1.0 : 1.0;  // the loss grows against the label
    for (Index j = 0; j < 3; ++j) EXPECT_NEAR(out.perturbation.at({i, j}), sign * r * w.data()[j] / w_norm, 1e-15);
  }
}

TEST(PracticalPgd, AStepThatLowersTheLossIsUndone) {
  // l(x) = -(x - 0.01)^2 from 0 with r = 1: the step of r/4 = 0.25 overshoots the maximiser
  // 0.01 and lowers the loss, so it is undone and the sample stops at 0 after that one step.
  PGD pgd({.step = 0.25, .iterations = 100, .tolerance = 1e-3, .loss_tolerance = 1e-6});
  const InnerResult out = pgd.solve(scaled_square(-1.0, 1.0, Tensor(Shape{1, 1}, {0.01})), Tensor(Shape{1, 1}, {0.0}),
                                    1.0, Tensor());
  EXPECT_EQ(out.perturbation.item(), 0.0);
  EXPECT_EQ(out.iterations, std::vector<int>{1});
}

}  // namespace
}  // namespace parity::robust
