#include "optim/sgd.h"

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

// Every exact-step test starts from p = (1, -2) with gradients g1 = (0.5, 0.25), then g2 = (-1, 0.75).
const Tensor kGrad1(Shape{2}, {0.5, 0.25});
const Tensor kGrad2(Shape{2}, {-1.0, 0.75});

Var start() { return Var(Tensor(Shape{2}, {1.0, -2.0}), true); }

TEST(SGD, PlainStepIsGradientDescent) {
  Var p = start();
  SGD sgd({p}, {.lr = 0.1});
  set_gradient(p, kGrad1);
  sgd.step();
  // p - 0.1 g1 = (1 - 0.05, -2 - 0.025)
  EXPECT_DOUBLE_EQ(p.value().at({0}), 0.95);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.025);
  EXPECT_FALSE(sgd.momentum_buffer(0).defined());
  set_gradient(p, kGrad2);
  sgd.step();
  // (0.95 + 0.1, -2.025 - 0.075)
  EXPECT_DOUBLE_EQ(p.value().at({0}), 1.05);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.1);
}

TEST(SGD, MomentumWithDampeningAndWeightDecayTwoSteps) {
  Var p = start();
  SGD sgd({p}, {.lr = 0.1, .momentum = 0.9, .dampening = 0.1, .weight_decay = 0.01});
  set_gradient(p, kGrad1);
  sgd.step();
  // d = g1 + 0.01 p = (0.51, 0.23); the first buffer is d itself (no dampening); p -= 0.1 b.
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({0}), 0.51);
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({1}), 0.23);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 0.949);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.023);
  set_gradient(p, kGrad2);
  sgd.step();
  // d = g2 + 0.01 (0.949, -2.023) = (-0.99051, 0.72977);
  // b = 0.9 (0.51, 0.23) + (1 - 0.1) d = (-0.432459, 0.863793);  p = (0.949, -2.023) - 0.1 b.
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({0}), -0.432459);
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({1}), 0.863793);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 0.9922459);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.1093793);
}

TEST(SGD, FirstMomentumBufferIsTheGradientBitwise) {
  Var p = start();
  SGD sgd({p}, {.lr = 0.1, .momentum = 0.9, .dampening = 0.5});
  set_gradient(p, kGrad1);
  sgd.step();
  EXPECT_EQ(sgd.momentum_buffer(0).at({0}), 0.5);
  EXPECT_EQ(sgd.momentum_buffer(0).at({1}), 0.25);
  EXPECT_FALSE(sgd.momentum_buffer(0).shares_storage_with(p.grad()));
}

TEST(SGD, NesterovTwoSteps) {
  Var p = start();
  SGD sgd({p}, {.lr = 0.1, .momentum = 0.9, .nesterov = true});
  set_gradient(p, kGrad1);
  sgd.step();
  // b = g1; d = g1 + 0.9 b = (0.95, 0.475); p = (1 - 0.095, -2 - 0.0475).
  EXPECT_DOUBLE_EQ(p.value().at({0}), 0.905);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.0475);
  set_gradient(p, kGrad2);
  sgd.step();
  // b = 0.9 g1 + g2 = (-0.55, 0.975); d = g2 + 0.9 b = (-1.495, 1.6275); p -= 0.1 d.
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({0}), -0.55);
  EXPECT_DOUBLE_EQ(sgd.momentum_buffer(0).at({1}), 0.975);
  EXPECT_DOUBLE_EQ(p.value().at({0}), 1.0545);
  EXPECT_DOUBLE_EQ(p.value().at({1}), -2.21025);
}

TEST(SGD, RejectsBadOptions) {
  const auto make = [](SGDOptions options) { return [options] { SGD sgd({start()}, options); }; };
  EXPECT_THAT(error_message(make({.lr = -0.1})), HasSubstr("SGD(): lr must be finite and >= 0, got -0.1"));
  EXPECT_THAT(error_message(make({.lr = NAN})), HasSubstr("SGD(): lr must be finite and >= 0, got nan"));
  EXPECT_THAT(error_message(make({.momentum = -0.5})),
              HasSubstr("SGD(): momentum must be finite and >= 0, got -0.5"));
  EXPECT_THAT(error_message(make({.dampening = INFINITY})), HasSubstr("SGD(): dampening must be finite, got inf"));
  EXPECT_THAT(error_message(make({.weight_decay = -1.0})),
              HasSubstr("SGD(): weight_decay must be finite and >= 0, got -1"));
  EXPECT_THAT(
      error_message(make({.nesterov = true})),
      HasSubstr("SGD(): nesterov needs momentum > 0 and dampening = 0, got momentum 0 and dampening 0"));
  EXPECT_THAT(error_message(make({.momentum = 0.9, .dampening = 0.1, .nesterov = true})),
              HasSubstr("got momentum 0.9 and dampening 0.1"));
}

TEST(SGD, SphereContractsByExactlyOneMinusTwoLr) {
  // grad = 2x, so x_k = (1 - 2 lr)^k x_0 = 0.8^k x_0 for lr = 0.1; each step rounds twice, so after
  // 100 steps the relative error is at most ~200 eps ~ 5e-14.
  const Tensor x0(Shape{4}, {1.0, -2.0, 3.0, -4.0});
  Var x(x0.clone(), true);
  SGD sgd({x}, {.lr = 0.1});
  minimise(sgd, 100, [&] { return testing::sphere(x); });
  for (Index i = 0; i < 4; ++i) {
    const double expected = std::pow(0.8, 100) * x0.data()[i];
    EXPECT_NEAR(x.value().data()[i], expected, 1e-12 * std::abs(expected));
  }
}

// f(x) = 1/2 sum lambda_i x_i^2 with lambda_i = 1000^(i/9), i = 0..9: mu = 1, L = 1000, kappa = 1000.
const Tensor kLambda = [] {
  Tensor lambda(Shape{10});
  for (Index i = 0; i < 10; ++i) lambda.data()[i] = std::pow(1000.0, static_cast<double>(i) / 9.0);
  return lambda;
}();

double norm(const Tensor& t) {
  double s = 0.0;
  for (const double v : t) s += v * v;
  return std::sqrt(s);
}

TEST(SGD, GradientDescentIsSlowOnTheIllConditionedQuadratic) {
  // The best fixed step 2 / (L + mu) shrinks the lambda = 1 coordinate by 1 - 2/1001 per step:
  // after 550 steps it still holds (1 - 2/1001)^550 ~ 0.33 of its start (what momentum fixes below).
  Var x(Tensor(Shape{10}, std::vector<double>(10, 1.0)), true);
  const double lr = 2.0 / 1001.0;
  SGD sgd({x}, {.lr = lr});
  minimise(sgd, 550, [&] { return testing::quadratic(x, kLambda); });
  EXPECT_NEAR(x.value().at({0}), std::pow(1.0 - lr, 550), 1e-12);
  EXPECT_GT(x.value().at({0}), 0.3);
}

TEST(SGD, HeavyBallConvergesAtRateSqrtMomentum) {
  // Polyak's tuning lr = 4 / (sqrt L + sqrt mu)^2, momentum = rho^2 with rho = (sqrt k - 1) / (sqrt k + 1)
  // ~ 0.9387 puts every mode's two roots at modulus rho, double at lambda = mu and L, where a mode
  // evolves as (a + b k) rho^k with |a| = |x_0,i| and |b| <= 4 |x_0,i| here. So |x_k| <= C k rho^k |x_0|
  // with C of order one; we allow C = 10 and run until k rho^k ~ 4e-13.
  const double sqrt_kappa = std::sqrt(1000.0);
  const double rho = (sqrt_kappa - 1.0) / (sqrt_kappa + 1.0);
  const int steps = 550;
  Var x(Tensor(Shape{10}, std::vector<double>(10, 1.0)), true);
  SGD sgd({x}, {.lr = 4.0 / ((sqrt_kappa + 1.0) * (sqrt_kappa + 1.0)), .momentum = rho * rho});
  minimise(sgd, steps, [&] { return testing::quadratic(x, kLambda); });
  EXPECT_LT(norm(x.value()), 10.0 * steps * std::pow(rho, steps) * std::sqrt(10.0));
}

TEST(SGD, NesterovConvergesAtRateOneMinusOneOverSqrtKappa) {
  // lr = 1/L, momentum beta = (sqrt k - 1) / (sqrt k + 1): each mode's iteration matrix has roots of
  // modulus sqrt(beta (1 - lr lambda)) <= rho = sqrt(beta (1 - 1/k)) ~ 0.9684 ~ 1 - 1/sqrt(k), nearly
  // double at lambda = mu. As for heavy ball we allow C = 10 in |x_k| <= C k rho^k |x_0| and run until
  // k rho^k ~ 5e-13.
  const double sqrt_kappa = std::sqrt(1000.0);
  const double beta = (sqrt_kappa - 1.0) / (sqrt_kappa + 1.0);
  const double rho = std::sqrt(beta * (1.0 - 1.0 / 1000.0));
  const int steps = 1100;
  Var x(Tensor(Shape{10}, std::vector<double>(10, 1.0)), true);
  SGD sgd({x}, {.lr = 1.0 / 1000.0, .momentum = beta, .nesterov = true});
  minimise(sgd, steps, [&] { return testing::quadratic(x, kLambda); });
  EXPECT_LT(norm(x.value()), 10.0 * steps * std::pow(rho, steps) * std::sqrt(10.0));
}

}  // namespace
}  // namespace parity::optim
