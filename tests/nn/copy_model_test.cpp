// Tests of nn/copy_model.h: the copy computes exactly what the original computes (nested
// Sequentials, masks, frozen and trainable gates, training mode), and trains independently.
#include "nn/copy_model.h"

#include <gtest/gtest.h>

#include "nn/gated_relu.h"
#include "nn/linear.h"
#include "tensor/creation.h"

namespace parity::nn {
namespace {

std::unique_ptr<Sequential> model_with_everything() {
  Rng rng(51);
  auto inner = std::make_unique<Sequential>();
  inner->add(std::make_unique<Linear>(4, 3, rng)).add(std::make_unique<GatedReLU>(Shape{3}, false));
  auto model = std::make_unique<Sequential>();
  model->add(std::make_unique<Linear>(2, 4, rng))
      .add(std::make_unique<GatedReLU>(Shape{4}))
      .add(std::move(inner))
      .add(std::make_unique<Linear>(3, 2, rng));
  static_cast<GatedReLU&>((*model)[1]).set_gates(Tensor(Shape{4}, {0.5, 1.0, -0.25, 0.0}));
  static_cast<GatedReLU&>((*static_cast<Sequential*>(&(*model)[2]))[1]).set_gates(Tensor(Shape{3}, {1, 0, 1}));
  model->set_mask("0.weight", Tensor(Shape{4, 2}, {1, 0, 1, 1, 0, 1, 1, 1}));
  model->eval();
  return model;
}

TEST(CopyModel, ComputesExactlyWhatTheOriginalComputes) {
  auto model = model_with_everything();
  auto copy = copy_model(*model);
  Rng rng(52);
  const Tensor X = rng.normal(Shape{7, 2});
  const Tensor a = (*model)(Var(X)).value();
  const Tensor b = (*copy)(Var(X)).value();
  ASSERT_EQ(a.shape(), b.shape());
  for (Index i = 0; i < a.numel(); ++i) EXPECT_EQ(a.data()[i], b.data()[i]);
  EXPECT_FALSE(copy->is_training());
  EXPECT_TRUE(copy->mask("0.weight").defined());
  const auto from = model->named_parameters();
  const auto to = copy->named_parameters();
  ASSERT_EQ(from.size(), to.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    EXPECT_EQ(from[i].first, to[i].first);
    EXPECT_FALSE(from[i].second.value().shares_storage_with(to[i].second.value()));
  }
}

TEST(CopyModel, TrainsIndependently) {
  auto model = model_with_everything();
  auto copy = copy_model(*model);
  copy->parameters()[0].mutable_value().fill_(3.0);
  static_cast<GatedReLU&>((*copy)[1]).set_gates(zeros(Shape{4}));
  EXPECT_NE(model->parameters()[0].value().data()[0], 3.0);
  EXPECT_EQ(static_cast<GatedReLU&>((*model)[1]).gates().at({1}), 1.0);
}

}  // namespace
}  // namespace parity::nn
