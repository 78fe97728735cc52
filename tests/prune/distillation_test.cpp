// Tests of prune/distillation.h: KD by hand; 0 for identical logits and > 0 otherwise; its
// gradient and Hessian in the student's logits against central differences; bad input.
#include "prune/distillation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "common/gradcheck.h"
#include "tensor/random.h"

namespace parity::prune {
namespace {

TEST(Distillation, ByHand) {
  const Tensor s(Shape{1, 3}, {0.5, -1.0, 2.0});
  const Tensor t(Shape{1, 3}, {1.0, 0.0, -0.5});
  const double T = 2.0;
  const auto softmax = [&](const Tensor& z, int c) {
    double total = 0.0;
    for (int k = 0; k < 3; ++k) total += std::exp(z.data()[k] / T);
    return std::exp(z.data()[c] / T) / total;
  };
  double kl = 0.0;
  for (int c = 0; c < 3; ++c) kl += softmax(t, c) * std::log(softmax(t, c) / softmax(s, c));
  EXPECT_NEAR(distillation_losses(Var(s), t, T).value().item(), T * T * kl, 1e-14);
}

TEST(Distillation, ZeroExactlyForIdenticalLogitsAndPositiveOtherwise) {
  Rng rng(3);
  const Tensor z = rng.normal(Shape{5, 4});
  const Tensor kd = distillation_losses(Var(z), z, 4.0).value();
  for (double v : kd) EXPECT_NEAR(v, 0.0, 1e-15);
  const Tensor other = rng.normal(Shape{5, 4});
  const Tensor apart = distillation_losses(Var(other), z, 4.0).value();
  for (double v : apart) EXPECT_GT(v, 0.0);
}

TEST(Distillation, DerivativesMatchCentralDifferences) {
  Rng rng(4);
  const Tensor s = rng.normal(Shape{4, 3});
  const Tensor t = rng.normal(Shape{4, 3});
  for (double T : {1.0, 4.0}) {
    testing::expect_derivatives_match(
        "kd T=" + std::to_string(T), {s},
        [&](const std::vector<Var>& x) { return distillation_losses(x[0], t, T); }, 5);
  }
}

TEST(Distillation, BadInput) {
  const Tensor z(Shape{2, 3});
  EXPECT_EQ(testing::error_message([&] { distillation_losses(Var(z), z, 0.0); }),
            "distillation_losses(): temperature must be finite and > 0, got 0");
  EXPECT_EQ(testing::error_message([&] { distillation_losses(Var(Tensor(Shape{2, 1})), Tensor(Shape{2, 1}), 1.0); }),
            "distillation_losses(): student logits must be [B, C] with C >= 2, got [2,1]");
  EXPECT_EQ(testing::error_message([&] { distillation_losses(Var(z), Tensor(Shape{3, 3}), 1.0); }),
            "distillation_losses(): teacher logits of shape [3,3], expected the student's [2,3]");
  Tensor bad(Shape{2, 3});
  bad.data()[4] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(testing::error_message([&] { distillation_losses(Var(z), bad, 1.0); })
                .find("distillation_losses(): teacher logits holds a non-finite value"),
            std::string::npos);
}

}  // namespace
}  // namespace parity::prune
