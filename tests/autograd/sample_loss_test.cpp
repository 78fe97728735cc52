// SampleLoss: labels follow the rows taken, and input_hessians blocks rows with their labels.
#include "autograd/sample_loss.h"

#include <gtest/gtest.h>

#include <vector>

#include "autograd/derivatives.h"
#include "autograd/functional.h"
#include "common/error_message.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

// l_i(x) = y_i (x . x)^2 / 4: gradient y_i (x . x) x, Hessian y_i ((x . x) I + 2 x x^T).
Var scaled_quartic(const Var& x, const Tensor& labels) {
  const Var squares = sum(x * x, 1);
  return squares * squares * Var(labels) * 0.25;
}

TEST(SampleLoss, SubsetsCarryTheirOwnLabels) {
  const SampleLoss loss(scaled_quartic, Tensor(Shape{4}, {1.0, 2.0, 3.0, 4.0}));
  const Tensor X(Shape{2, 1}, {1.0, 2.0});
  const std::vector<Index> picked = {3, 1};
  const Tensor gathered = loss.subset(picked)(Var(X)).value();
  EXPECT_EQ(gathered.at({0}), 4.0 * 0.25);
  EXPECT_EQ(gathered.at({1}), 2.0 * 16.0 * 0.25);
  const Tensor sliced = loss.rows(1, 3)(Var(X)).value();
  EXPECT_EQ(sliced.at({0}), 2.0 * 0.25);
  EXPECT_EQ(sliced.at({1}), 3.0 * 16.0 * 0.25);
}

TEST(SampleLoss, FunctionsWithoutLabelsTakeAnyRows) {
  const SampleLoss loss = [](const Var& x) { return sum(x, 1); };
  const std::vector<Index> picked = {0};
  EXPECT_EQ(loss(Var(Tensor(Shape{3, 2}))).shape(), (Shape{3}));
  EXPECT_EQ(loss.subset(picked)(Var(Tensor(Shape{1, 2}, {1.0, 2.0}))).value().at({0}), 3.0);
}

TEST(SampleLoss, RowsAndLabelsMustAgree) {
  const SampleLoss loss(scaled_quartic, Tensor(Shape{4}));
  EXPECT_EQ(error_message([&] { loss(Var(Tensor(Shape{3, 2}))); }), "SampleLoss: inputs of shape [3,2] for 4 labels");
  EXPECT_EQ(error_message([] { SampleLoss(scaled_quartic, Tensor()); }), "SampleLoss(): labels is an undefined tensor");
  EXPECT_EQ(error_message([] { SampleLoss(SampleLoss::Function(), Tensor(Shape{2})); }),
            "SampleLoss(): empty function");
  EXPECT_EQ(error_message([] { const SampleLoss empty{Function()}; }), "SampleLoss(): empty function");
}

TEST(SampleLoss, InputHessiansInBlocksOfSamplesMatchTheClosedForm) {
  Rng rng(3);
  const Index batch = 7;
  const Index d = 3;
  const Tensor X = rng.normal(Shape{batch, d});
  const Tensor y = rng.uniform(Shape{batch}, 0.5, 2.0);
  const SampleLoss loss(scaled_quartic, y);
  for (Index block : {0, 1, 3, 7, 10}) {
    const InputHessians h = input_hessians(loss, X, {.max_samples = block});
    ASSERT_EQ(h.hessian.shape(), (Shape{batch, d, d}));
    for (Index i = 0; i < batch; ++i) {
      double squares = 0.0;
      for (Index a = 0; a < d; ++a) squares += X.at({i, a}) * X.at({i, a});
      const double yi = y.at({i});
      EXPECT_NEAR(h.loss.at({i}), 0.25 * yi * squares * squares, 1e-14) << "block " << block << ", sample " << i;
      for (Index a = 0; a < d; ++a) {
        EXPECT_NEAR(h.gradient.at({i, a}), yi * squares * X.at({i, a}), 1e-13) << "block " << block << ", sample " << i;
        for (Index b = 0; b < d; ++b) {
          const double expected = yi * ((a == b ? squares : 0.0) + 2.0 * X.at({i, a}) * X.at({i, b}));
          EXPECT_NEAR(h.hessian.at({i, a, b}), expected, 1e-13) << "block " << block << ", sample " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace parity
