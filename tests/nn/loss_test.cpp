// Tests of the losses: each reduction (mean, sum, none) against the closed forms
//   BCE  -t log s(z) - (1 - t) log(1 - s(z)),   CE  log sum_j exp z_j - z_label,   MSE  (p - t)^2,
// stability at large logits, and the derivative harness with respect to the predictions.
#include "nn/loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "common/gradcheck.h"
#include "tensor/random.h"

namespace parity::nn {
namespace {

double sigmoid_of(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// The three reductions of per-element losses `each` as the loss computes them.
void expect_reductions(const std::function<Var(Reduction)>& loss, const std::vector<double>& each) {
  double total = 0.0;
  for (double v : each) total += v;
  const Tensor none = loss(Reduction::None).value();
  ASSERT_EQ(none.numel(), static_cast<Index>(each.size()));
  for (std::size_t i = 0; i < each.size(); ++i) EXPECT_NEAR(none.data()[i], each[i], 1e-14) << i;
  EXPECT_NEAR(loss(Reduction::Sum).value().item(), total, 1e-13);
  EXPECT_NEAR(loss(Reduction::Mean).value().item(), total / static_cast<double>(each.size()), 1e-14);
}

TEST(Loss, BCEWithLogitsMatchesTheClosedForm) {
  const Tensor z(Shape{2, 2}, {0.3, -1.2, 2.5, 0.0});
  const Tensor t(Shape{2, 2}, {1.0, 0.0, 0.25, 1.0});
  std::vector<double> each;
  for (Index i = 0; i < 4; ++i) {
    const double s = sigmoid_of(z.data()[i]);
    each.push_back(-t.data()[i] * std::log(s) - (1.0 - t.data()[i]) * std::log(1.0 - s));
  }
  expect_reductions([&](Reduction r) { return BCEWithLogitsLoss(r)(Var(z), t); }, each);
  EXPECT_EQ(BCEWithLogitsLoss(Reduction::None)(Var(z), t).shape(), (Shape{2, 2}));
}

TEST(Loss, BCEWithLogitsIsStableForLargeLogits) {
  const Tensor z(Shape{2}, {800.0, -800.0});
  const Tensor t(Shape{2}, {0.0, 1.0});
  const Tensor each = BCEWithLogitsLoss(Reduction::None)(Var(z), t).value();
  EXPECT_DOUBLE_EQ(each.data()[0], 800.0);
  EXPECT_DOUBLE_EQ(each.data()[1], 800.0);
}

TEST(Loss, CrossEntropyMatchesTheClosedForm) {
  const Tensor z(Shape{3, 3}, {1.0, 2.0, 0.5, -1.0, 0.0, 3.0, 0.2, 0.2, 0.2});
  const Tensor labels(Shape{3}, {1, 0, 2});
  std::vector<double> each;
  for (Index i = 0; i < 3; ++i) {
    double normaliser = 0.0;
    for (Index j = 0; j < 3; ++j) normaliser += std::exp(z.at({i, j}));
    each.push_back(std::log(normaliser) - z.at({i, static_cast<Index>(labels.data()[i])}));
  }
  expect_reductions([&](Reduction r) { return CrossEntropyLoss(r)(Var(z), labels); }, each);
  EXPECT_EQ(CrossEntropyLoss(Reduction::None)(Var(z), labels).shape(), (Shape{3}));
}

TEST(Loss, MSEMatchesTheClosedForm) {
  const Tensor p(Shape{2, 3}, {1.0, 2.0, 3.0, -1.0, 0.5, 0.0});
  const Tensor t(Shape{2, 3}, {0.0, 2.5, 3.0, 1.0, 0.0, -2.0});
  const std::vector<double> each = {1.0, 0.25, 0.0, 4.0, 0.25, 4.0};
  expect_reductions([&](Reduction r) { return MSELoss(r)(Var(p), t); }, each);
}

TEST(Loss, ReduceAppliesTheReductionToAnyTensor) {
  const Var x(Tensor(Shape{2, 2}, {1.0, 2.0, 3.0, 6.0}));
  EXPECT_EQ(reduce(x, Reduction::Mean).value().item(), 3.0);
  EXPECT_EQ(reduce(x, Reduction::Sum).value().item(), 12.0);
  EXPECT_EQ(reduce(x, Reduction::None).node(), x.node());
}

TEST(Loss, DerivativesMatchFiniteDifferences) {
  Rng rng(1);
  const Tensor targets = rng.uniform(Shape{3, 2});
  const Tensor labels(Shape{3}, {2, 0, 1});
  const Tensor regression = rng.normal(Shape{3, 2});
  for (Reduction r : {Reduction::Mean, Reduction::Sum, Reduction::None}) {
    const std::string suffix = r == Reduction::Mean ? " mean" : r == Reduction::Sum ? " sum" : " none";
    parity::testing::expect_derivatives_match(
        "BCEWithLogitsLoss" + suffix, {rng.normal(Shape{3, 2})},
        [&](const std::vector<Var>& x) { return BCEWithLogitsLoss(r)(x[0], targets); }, 5);
    parity::testing::expect_derivatives_match(
        "CrossEntropyLoss" + suffix, {rng.normal(Shape{3, 3})},
        [&](const std::vector<Var>& x) { return CrossEntropyLoss(r)(x[0], labels); }, 6);
    parity::testing::expect_derivatives_match(
        "MSELoss" + suffix, {rng.normal(Shape{3, 2})},
        [&](const std::vector<Var>& x) { return MSELoss(r)(x[0], regression); }, 7);
  }
}

}  // namespace
}  // namespace parity::nn
