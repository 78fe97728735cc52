// Tests of prune/fairness_penalty.h: the penalty by hand on a small batch; its gradient and
// Hessian in the logits against central differences (tests/common/gradcheck.h); with T -> 0 it
// is the exact accuracy gap (performance) and the exact gap of accuracy drops (degradation);
// groups absent from a batch; bad input.
#include "prune/fairness_penalty.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "common/gradcheck.h"
#include "tensor/random.h"
#include "tensor/scalar_math.h"

namespace parity::prune {
namespace {

const Tensor kY(Shape{6}, {1, 0, 1, 1, 0, 0});
const Tensor kS(Shape{6}, {0, 0, 0, 1, 1, 1});

TEST(FairnessPenalty, ByHand) {
  const Tensor z(Shape{6}, {0.3, -1.2, 2.0, 0.5, 0.7, -0.1});
  // Margins (2y - 1) z: group 0 (0.3, 1.2, 2.0), group 1 (0.5, -0.7, 0.1).
  const double a0 = (scalar::sigmoid(0.3) + scalar::sigmoid(1.2) + scalar::sigmoid(2.0)) / 3;
  const double a1 = (scalar::sigmoid(0.5) + scalar::sigmoid(-0.7) + scalar::sigmoid(0.1)) / 3;
  const Tensor none;
  const Var p = fairness_penalty(Var(z), {kY, kS, 2, none}, FairnessNotion::Performance);
  EXPECT_NEAR(p.value().item(), std::abs(a0 - a1), 1e-15);
  const auto acc = smoothed_group_accuracies(Var(z), kY, kS, 2, 1.0);
  EXPECT_NEAR(acc[0].value().item(), a0, 1e-15);
  EXPECT_NEAR(acc[1].value().item(), a1, 1e-15);
  // Degradation: the dense model's smoothed accuracies are subtracted per group.
  const Tensor dense(Shape{6}, {1.0, -1.0, 1.0, 1.0, -1.0, -1.0});
  const double d0 = a0 - scalar::sigmoid(1.0);
  const double d1 = a1 - scalar::sigmoid(1.0);
  const Var q = fairness_penalty(Var(z), {kY, kS, 2, dense}, FairnessNotion::Degradation);
  EXPECT_NEAR(q.value().item(), std::abs(d0 - d1), 1e-15);
}

TEST(FairnessPenalty, DerivativesMatchCentralDifferences) {
  const Tensor z(Shape{6}, {0.3, -1.2, 2.0, 0.5, 0.7, -0.1});
  const Tensor dense(Shape{6}, {0.2, 0.4, -0.3, 1.5, -0.8, 0.6});
  const Tensor none;
  for (const double t : {1.0, 0.5}) {
    testing::expect_derivatives_match(
        "performance", {z},
        [&](const std::vector<Var>& x) {
          return fairness_penalty(x[0], {kY, kS, 2, none}, FairnessNotion::Performance, t);
        },
        11, {.check_op_rules = false});
    testing::expect_derivatives_match(
        "degradation", {z},
        [&](const std::vector<Var>& x) {
          return fairness_penalty(x[0], {kY, kS, 2, dense}, FairnessNotion::Degradation, t);
        },
        12, {.check_op_rules = false});
  }
}

TEST(FairnessPenalty, StepLimitIsTheExactAccuracyGap) {
  Rng rng(5);
  const Index n = 400;
  const Tensor z = rng.normal(Shape{n});
  const Tensor dense = rng.normal(Shape{n});
  const Tensor y = rng.bernoulli(Shape{n}, 0.5);
  Tensor s(Shape{n});
  for (Index i = 0; i < n; ++i) s.data()[i] = static_cast<double>(i % 3);
  const auto accuracy = [&](const Tensor& logits, int g) {
    double right = 0, count = 0;
    for (Index i = 0; i < n; ++i) {
      if (s.data()[i] != g) continue;
      count += 1;
      right += (logits.data()[i] > 0) == (y.data()[i] == 1.0) ? 1 : 0;
    }
    return right / count;
  };
  double high = -1, low = 2, high_d = -1, low_d = 2;
  for (int g = 0; g < 3; ++g) {
    high = std::max(high, accuracy(z, g));
    low = std::min(low, accuracy(z, g));
    const double d = accuracy(z, g) - accuracy(dense, g);
    high_d = std::max(high_d, d);
    low_d = std::min(low_d, d);
  }
  const double t = 1e-12;
  const Tensor none;
  EXPECT_NEAR(fairness_penalty(Var(z), {y, s, 3, none}, FairnessNotion::Performance, t).value().item(),
              high - low, 1e-12);
  EXPECT_NEAR(fairness_penalty(Var(z), {y, s, 3, dense}, FairnessNotion::Degradation, t).value().item(),
              high_d - low_d, 1e-12);
}

TEST(FairnessPenalty, AbsentGroupsAreLeftOutAndBadInputIsNamed) {
  const Tensor none;
  const Tensor z(Shape{3}, {0.1, 0.2, 0.3});
  const Tensor y(Shape{3}, {1, 0, 1});
  const Tensor one_group(Shape{3}, {1, 1, 1});
  const Var p = fairness_penalty(Var(z, true), {y, one_group, 2, none}, FairnessNotion::Performance);
  EXPECT_EQ(p.value().item(), 0.0);
  const Tensor three(Shape{3}, {0, 2, 2});
  const double a0 = scalar::sigmoid(0.1);
  const double a2 = (scalar::sigmoid(-0.2) + scalar::sigmoid(0.3)) / 2;
  EXPECT_NEAR(fairness_penalty(Var(z), {y, three, 3, none}, FairnessNotion::Performance).value().item(),
              std::abs(a0 - a2), 1e-15);
  using testing::error_message;
  EXPECT_EQ(error_message([&] {
              fairness_penalty(Var(z), {y, three, 1, none}, FairnessNotion::Performance);
            }),
            "fairness_penalty(): needs at least 2 groups, got 1");
  EXPECT_EQ(error_message([&] {
              fairness_penalty(Var(z), {y, three, 2, none}, FairnessNotion::Performance);
            }),
            "fairness_penalty(): group id 2 at 1 is not an integer in [0, 2)");
  EXPECT_EQ(error_message([&] {
              fairness_penalty(Var(z), {y, three, 3, none}, FairnessNotion::Degradation);
            }),
            "fairness_penalty(): the degradation notion needs the dense model's 3 logits, got 0");
  EXPECT_EQ(error_message([&] {
              fairness_penalty(Var(Tensor(Shape{3, 2})), {y, three, 3, none}, FairnessNotion::Performance);
            }),
            "fairness_penalty(): logits must have shape [b] or [b, 1], got [3,2]");
  EXPECT_EQ(error_message([&] {
              fairness_penalty(Var(z), {y, three, 3, none}, FairnessNotion::Performance, 0.0);
            }),
            "fairness_penalty(): temperature must be finite and > 0, got 0");
}

}  // namespace
}  // namespace parity::prune
