// Tests of prune/loss_equalisation.h: the penalty and violations by hand; its gradient and Hessian
// in the per-sample losses against central differences; it changes the gradient of a model's
// fine-tuning loss (the released code's detached penalty does not); absent groups; the dual
// ascent; bad input.
#include "prune/loss_equalisation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "common/error_message.h"
#include "common/gradcheck.h"
#include "nn/classifier.h"
#include "nn/sequential.h"
#include "tensor/random.h"

namespace parity::prune {
namespace {

TEST(LossEqualisation, ByHand) {
  const Tensor losses(Shape{5}, {1.0, 2.0, 0.5, 3.0, 0.25});
  const Tensor groups(Shape{5}, {0, 0, 1, 1, 1});
  const std::vector<double> gamma{0.5, 2.0};
  std::vector<double> violations;
  const double L = (1.0 + 2.0 + 0.5 + 3.0 + 0.25) / 5;
  const double L0 = 1.5, L1 = (0.5 + 3.0 + 0.25) / 3;
  const Var p = loss_equalisation_penalty(Var(losses), groups, gamma, violations);
  EXPECT_NEAR(p.value().item(), 0.5 * std::abs(L0 - L) + 2.0 * std::abs(L1 - L), 1e-15);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_NEAR(violations[0], std::abs(L0 - L), 1e-15);
  EXPECT_NEAR(violations[1], std::abs(L1 - L), 1e-15);
}

TEST(LossEqualisation, DerivativesMatchCentralDifferences) {
  const Tensor losses(Shape{6}, {0.3, 1.2, 2.0, 0.5, 0.7, 0.1});
  const Tensor groups(Shape{6}, {0, 0, 0, 1, 1, 2});
  const std::vector<double> gamma{0.7, 1.3, 0.2};
  std::vector<double> violations;
  testing::expect_derivatives_match(
      "penalty", {losses},
      [&](const std::vector<Var>& x) { return loss_equalisation_penalty(x[0], groups, gamma, violations); }, 6);
}

TEST(LossEqualisation, ChangesTheGradientOfTheFineTuningLoss) {
  Rng rng(7);
  auto model = nn::mlp({3, 5, 2}, "relu", rng);
  const Tensor X = rng.normal(Shape{8, 3});
  const Tensor y(Shape{8}, {0, 1, 1, 0, 1, 0, 0, 1});
  const Tensor s(Shape{8}, {0, 0, 0, 0, 0, 1, 1, 1});
  const std::vector<Var> params = model->parameters();
  const Var losses = nn::classifier_losses((*model)(Var(X)), y);
  std::vector<double> violations;
  const Tensors plain = gradient(mean(losses), params);
  const Tensors penalised =
      gradient(mean(losses) + loss_equalisation_penalty(losses, s, std::vector<double>{1.0, 1.0}, violations), params);
  double difference = 0.0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    for (Index k = 0; k < plain[i].numel(); ++k) difference += std::abs(plain[i].data()[k] - penalised[i].data()[k]);
  }
  EXPECT_GT(violations[0] + violations[1], 0.0);
  EXPECT_GT(difference, 1e-3);
}

TEST(LossEqualisation, AbsentGroupTakesNoPart) {
  const Tensor losses(Shape{3}, {1.0, 2.0, 4.0});
  const Tensor groups(Shape{3}, {0, 0, 2});
  std::vector<double> violations;
  const double L = 7.0 / 3;
  const Var p = loss_equalisation_penalty(Var(losses), groups, std::vector<double>{1.0, 5.0, 1.0}, violations);
  EXPECT_NEAR(p.value().item(), std::abs(1.5 - L) + std::abs(4.0 - L), 1e-15);
  EXPECT_EQ(violations[1], 0.0);
}

TEST(LossEqualisation, DualAscentSumsTheEpochsViolations) {
  LossEqualisationDual dual(2, 0.1);
  dual.add_batch(std::vector<double>{1.0, 0.5});
  dual.add_batch(std::vector<double>{2.0, 0.0});
  EXPECT_EQ(dual.multipliers(), (std::vector<double>{0.0, 0.0}));
  dual.end_epoch();
  EXPECT_NEAR(dual.multipliers()[0], 0.3, 1e-15);
  EXPECT_NEAR(dual.multipliers()[1], 0.05, 1e-15);
  dual.end_epoch();
  EXPECT_NEAR(dual.multipliers()[0], 0.3, 1e-15);
}

TEST(LossEqualisation, BadInput) {
  std::vector<double> v;
  const Tensor losses(Shape{2}, {1.0, 2.0});
  EXPECT_EQ(testing::error_message([&] {
              loss_equalisation_penalty(Var(losses), Tensor(Shape{2}, {0, 2}), std::vector<double>{1, 1}, v);
            }),
            "loss_equalisation_penalty(): group id 2 outside [0, 2)");
  EXPECT_EQ(testing::error_message([&] {
              loss_equalisation_penalty(Var(losses), Tensor(Shape{3}), std::vector<double>{1, 1}, v);
            }),
            "loss_equalisation_penalty(): groups of shape [3], expected [2]");
  EXPECT_EQ(testing::error_message([&] {
              loss_equalisation_penalty(Var(losses), Tensor(Shape{2}), std::vector<double>{1, -1}, v);
            }),
            "loss_equalisation_penalty(): multiplier 1 must be finite and >= 0, got -1");
  EXPECT_EQ(testing::error_message([] { LossEqualisationDual(2, -0.5); }),
            "LossEqualisationDual(): mu must be finite and >= 0, got -0.5");
  EXPECT_EQ(testing::error_message([] { LossEqualisationDual(0, 0.5); }),
            "LossEqualisationDual(): groups must be >= 1, got 0");
}

}  // namespace
}  // namespace parity::prune
