#include "optim/adam.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "helpers.h"

namespace parity::optim {
namespace {

using testing::error_message;
using ::testing::HasSubstr;
using testing::minimise;
using testing::set_gradient;

// Every exact-step test starts from p = (1, -2) with gradients g1 = (0.5, 0.25), then g2 = (-1, 0.75),
// lr = 0.1 and the default betas (0.9, 0.999) and eps 1e-8.
const Tensor kGrad1(Shape{2}, {0.5, 0.25});
const Tensor kGrad2(Shape{2}, {-1.0, 0.75});

Var start() { return Var(Tensor(Shape{2}, {1.0, -2.0}), true); }

// At step 2, 1 - b2^2 = 0.001999 is formed with a cancellation that costs ~1e-14 of relative accuracy,
// which moves a step of size ~0.05 by ~1e-15.
constexpr double kStep2Tolerance = 1e-15;

// Step 2 from the moments of g1, g2: m = 0.9 (0.1 g1) + 0.1 g2 = (-0.055, 0.0975),
// v = 0.999 (0.001 g1^2) + 0.001 g2^2 = (0.00124975, 0.0006249375); bias corrections 1 - 0.9^2 = 0.19,
// 1 - 0.999^2 = 0.001999. The update is 0.1 m_hat / (sqrt(v_hat) + eps).
double adam_step2_update(Index i) {
  const double m_hat[2] = {-0.055 / 0.19, 0.0975 / 0.19};
  const double v_hat[2] = {0.00124975 / 0.001999, 0.0006249375 / 0.001999};
  return 0.1 * m_hat[i] / (std::sqrt(v_hat[i]) + 1e-8);
}

TEST(Adam, FirstStepMovesByLrTimesSignAndSecondIsBiasCorrected) {
  Var p = start();
  Adam adam({p}, {.lr = 0.1});
  set_gradient(p, kGrad1);
  adam.step();
  // m = 0.1 g1, v = 0.001 g1^2; the corrections 1 - 0.9 and 1 - 0.999 give m_hat = g1, v_hat = g1^2,
  // so p moves by 0.1 g / (|g| + eps).
  EXPECT_EQ(adam.step_count(0), 1);
  EXPECT_DOUBLE_EQ(adam.exp_avg(0).at({0}), 0.05);
  EXPECT_DOUBLE_EQ(adam.exp_avg_sq(0).at({1}), 0.0000625);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 1.0 - 0.1 * 0.5 / (0.5 + 1e-8));
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.0 - 0.1 * 0.25 / (0.25 + 1e-8));
  const Tensor p1 = p.value().clone();
  set_gradient(p, kGrad2);
  adam.step();
  EXPECT_EQ(adam.step_count(0), 2);
  EXPECT_DOUBLE_EQ(adam.exp_avg(0).at({0}), -0.055);
  EXPECT_DOUBLE_EQ(adam.exp_avg(0).at({1}), 0.0975);
  // 1 - 0.999 is 0.001 (1 + 9e-16) in float64, so v agrees with the decimals to ~1e-15 relative.
  EXPECT_NEAR(adam.exp_avg_sq(0).at({0}), 0.00124975, 1e-14 * 0.00124975);
  EXPECT_NEAR(adam.exp_avg_sq(0).at({1}), 0.0006249375, 1e-14 * 0.0006249375);
  for (Index i = 0; i < 2; ++i) {
    EXPECT_NEAR(p.value().data()[i], p1.data()[i] - adam_step2_update(i), kStep2Tolerance);
  }
  EXPECT_FALSE(adam.max_exp_avg_sq(0).defined());
}

TEST(Adam, WeightDecayIsAddedToTheGradient) {
  Var p = start();
  Adam adam({p}, {.lr = 0.1, .weight_decay = 0.5});
  set_gradient(p, kGrad1);
  adam.step();
  // g + 0.5 p = (1, -0.75): the second coordinate's direction flips, and p moves by 0.1 g / (|g| + eps).
  EXPECT_DOUBLE_EQ(adam.exp_avg(0).at({0}), 0.1);
  EXPECT_DOUBLE_EQ(adam.exp_avg(0).at({1}), -0.075);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 1.0 - 0.1 * 1.0 / (1.0 + 1e-8));
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.0 + 0.1 * 0.75 / (0.75 + 1e-8));
}

TEST(AdamW, DecoupledWeightDecayTwoSteps) {
  Var p = start();
  AdamW adamw({p}, {.lr = 0.1, .weight_decay = 0.5});
  set_gradient(p, kGrad1);
  adamw.step();
  // p (1 - 0.1 * 0.5) = (0.95, -1.9), then Adam's first step on the undecayed gradient.
  EXPECT_DOUBLE_EQ(adamw.exp_avg(0).at({0}), 0.05);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 0.95 - 0.1 * 0.5 / (0.5 + 1e-8));
  EXPECT_DOUBLE_EQ(p.value().at({1}), -1.9 - 0.1 * 0.25 / (0.25 + 1e-8));
  const Tensor p1 = p.value().clone();
  set_gradient(p, kGrad2);
  adamw.step();
  // The moments are plain Adam's; only the parameter decays: p = 0.95 p1 - update.
  for (Index i = 0; i < 2; ++i) {
    EXPECT_NEAR(p.value().data()[i], 0.95 * p1.data()[i] - adam_step2_update(i), kStep2Tolerance);
  }
}

TEST(AdamW, DefaultsToPyTorchDecay) {
  Var p = start();
  AdamW adamw({p});
  EXPECT_EQ(adamw.options().weight_decay, 1e-2);
  EXPECT_EQ(adamw.options().lr, 1e-3);
  EXPECT_EQ(adamw.name(), "AdamW");
  EXPECT_EQ(Adam({p}).options().weight_decay, 0.0);
}

TEST(Adam, AmsgradUsesTheLargestSecondMoment) {
  Var p = start();
  Adam adam({p}, {.lr = 0.1, .amsgrad = true});
  set_gradient(p, kGrad1);
  adam.step();
  set_gradient(p, kGrad2);
  adam.step();
  const Tensor p2 = p.value().clone();
  const Tensor v2 = adam.exp_avg_sq(0).clone();
  // While v grows, v_max = v and the steps are Adam's (checked above); a zero gradient then shrinks v
  // to 0.999 v2, but v_max keeps v2: with m = 0.9 m2 and corrections 1 - 0.9^3 = 0.271,
  // 1 - 0.999^3 = 0.002997001, the update is 0.1 (0.9 m2 / 0.271) / (sqrt(v2 / 0.002997001) + eps).
  set_gradient(p, Tensor(Shape{2}));
  adam.step();
  const double m2[2] = {-0.055, 0.0975};
  const double v2_hand[2] = {0.00124975, 0.0006249375};
  for (Index i = 0; i < 2; ++i) {
    EXPECT_EQ(adam.max_exp_avg_sq(0).data()[i], v2.data()[i]);
    EXPECT_LT(adam.exp_avg_sq(0).data()[i], v2.data()[i]);
    const double update = 0.1 * (0.9 * m2[i] / 0.271) / (std::sqrt(v2_hand[i] / 0.002997001) + 1e-8);
    EXPECT_NEAR(p.value().data()[i], p2.data()[i] - update, kStep2Tolerance);
  }
}

TEST(Adam, RejectsBadOptions) {
  const auto make = [](AdamOptions options) { return [options] { Adam adam({start()}, options); }; };
  EXPECT_THAT(error_message(make({.lr = -1.0})), HasSubstr("Adam(): lr must be finite and >= 0, got -1"));
  EXPECT_THAT(error_message(make({.beta1 = 1.0})), HasSubstr("Adam(): beta1 must be in [0, 1), got 1"));
  EXPECT_THAT(error_message(make({.beta1 = -0.1})), HasSubstr("Adam(): beta1 must be in [0, 1), got -0.1"));
  EXPECT_THAT(error_message(make({.beta2 = NAN})), HasSubstr("Adam(): beta2 must be in [0, 1), got nan"));
  EXPECT_THAT(error_message(make({.eps = 0.0})), HasSubstr("Adam(): eps must be finite and > 0"));
  EXPECT_THAT(error_message(make({.weight_decay = -0.1})),
              HasSubstr("Adam(): weight_decay must be finite and >= 0, got -0.1"));
  EXPECT_THAT(error_message([] { AdamW adamw({start()}, {.beta2 = 1.5}); }),
              HasSubstr("AdamW(): beta2 must be in [0, 1), got 1.5"));
}

TEST(Adam, StateAccessorsCheckTheIndex) {
  Adam adam({start()});
  EXPECT_THAT(error_message([&] { (void)adam.exp_avg(1); }),
              HasSubstr("Adam::exp_avg(): parameter index 1 out of range for 1 parameters"));
  EXPECT_THAT(error_message([&] { (void)adam.step_count(3); }),
              HasSubstr("Adam::step_count(): parameter index 3"));
}

// Constant-step Adam moves each coordinate by about lr per step while its gradient keeps its sign, so
// from x_0 = (1, -2, 3, -4) with lr = 0.01 the farthest coordinate needs at least 400 steps; we allow
// 2000. It need not converge to a point, only settle within a few step sizes: we require |x_i| < lr.
TEST(Adam, SphereReachesTheMinimumWithinOneStepSize) {
  const Tensor x0(Shape{4}, {1.0, -2.0, 3.0, -4.0});
  for (const bool amsgrad : {false, true}) {
    Var x(x0.clone(), true);
    Adam adam({x}, {.lr = 0.01, .amsgrad = amsgrad});
    minimise(adam, 2000, [&] { return testing::sphere(x); });
    for (const double v : x.value()) EXPECT_LT(std::abs(v), 0.01) << "amsgrad " << amsgrad;
  }
}

TEST(AdamW, SphereReachesTheMinimumWithinOneStepSize) {
  // Decoupled decay also pulls towards 0, so the minimiser is unchanged; same budget as Adam.
  Var x(Tensor(Shape{4}, {1.0, -2.0, 3.0, -4.0}), true);
  AdamW adamw({x}, {.lr = 0.01});
  minimise(adamw, 2000, [&] { return testing::sphere(x); });
  for (const double v : x.value()) EXPECT_LT(std::abs(v), 0.01);
}

TEST(Adam, RosenbrockReachesOneOneWithinOneStepSize) {
  // From (-1.2, 1) the curved valley leads to (1, 1): at least 2.2 / lr = 220 steps at full speed for
  // lr = 0.01, more where the valley turns and the gradient changes sign (the minimum's Hessian has
  // condition number ~2500). We allow 6000 steps and require |(x, y) - (1, 1)| < lr as above.
  Var xy(Tensor(Shape{2}, {-1.2, 1.0}), true);
  Adam adam({xy}, {.lr = 0.01});
  minimise(adam, 6000, [&] { return testing::rosenbrock(xy); });
  EXPECT_LT(std::hypot(xy.value().at({0}) - 1.0, xy.value().at({1}) - 1.0), 0.01);
}

}  // namespace
}  // namespace parity::optim
