// Tests of Sequential and mlp(): child names and order, indexing and its error, forward as the
// composition of the children, the structure mlp() builds, and the derivative harness on an MLP
// with respect to its input and every parameter.
#include "nn/sequential.h"

#include <gtest/gtest.h>

#include "nn/activation.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"

namespace parity::nn {
namespace {

TEST(Sequential, NamesChildrenByPositionAndChainsAdd) {
  Sequential model;
  model.add(std::make_unique<Tanh>()).add(std::make_unique<ReLU>()).add(std::make_unique<Identity>());
  ASSERT_EQ(model.size(), 3u);
  const std::vector<std::string> expected_names = {"0", "1", "2"};
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(model.children()[i].first, expected_names[i]);
  EXPECT_EQ(model[1].spec().type, "ReLU");
  EXPECT_EQ(model.spec().type, "Sequential");
  EXPECT_EQ(error_message([&] { model[3]; }), "Sequential::operator[](): index 3 out of range for 3 modules");
}

TEST(Sequential, ForwardComposesTheChildrenInOrder) {
  Rng rng(1);
  Sequential model;
  model.add(std::make_unique<Linear>(3, 4, rng))
      .add(std::make_unique<Tanh>())
      .add(std::make_unique<Linear>(4, 2, rng));
  const Var x(rng.normal(Shape{5, 3}));
  const Tensor expected = model[2](model[1](model[0](x))).value();
  const Tensor y = model(x).value();
  ASSERT_EQ(y.shape(), (Shape{5, 2}));
  for (Index i = 0; i < y.numel(); ++i) EXPECT_EQ(y.data()[i], expected.data()[i]);
  Sequential empty;
  EXPECT_EQ(empty(x).node(), x.node());
}

TEST(Sequential, MlpAlternatesLinearLayersAndActivations) {
  Rng rng(2);
  const auto model = mlp({2, 16, 8, 1}, "tanh", rng);
  const std::vector<std::string> types = {"Linear", "Tanh", "Linear", "Tanh", "Linear"};
  ASSERT_EQ(model->size(), types.size());
  for (std::size_t i = 0; i < types.size(); ++i) EXPECT_EQ((*model)[i].spec().type, types[i]);
  const std::vector<std::pair<std::string, Shape>> expected = {{"0.weight", {16, 2}}, {"0.bias", {16}},
                                                               {"2.weight", {8, 16}}, {"2.bias", {8}},
                                                               {"4.weight", {1, 8}},  {"4.bias", {1}}};
  const auto parameters = model->named_parameters();
  ASSERT_EQ(parameters.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(parameters[i].first, expected[i].first);
    EXPECT_EQ(parameters[i].second.shape(), expected[i].second);
  }
  EXPECT_EQ(mlp({3, 2}, "relu", rng)->size(), 1u);
}

TEST(Sequential, MlpRejectsTooFewWidthsAndUnknownActivations) {
  Rng rng(3);
  EXPECT_EQ(error_message([&] { mlp({4}, "tanh", rng); }),
            "mlp(): need at least input and output widths, got 1 widths");
  EXPECT_EQ(error_message([&] {
              mlp({4, 3, 2}, "swish", rng);
            }),
            "make_activation(): unknown activation 'swish' (known: relu, leaky_relu, tanh, sigmoid, "
            "softplus, identity)");
  // Also without hidden layers, where no activation would be built.
  EXPECT_EQ(error_message([&] { mlp({4, 1}, "swish", rng); }),
            "make_activation(): unknown activation 'swish' (known: relu, leaky_relu, tanh, sigmoid, "
            "softplus, identity)");
}

TEST(Sequential, MlpDerivativesMatchFiniteDifferences) {
  Rng rng(4);
  const auto model = mlp({3, 4, 2}, "tanh", rng);
  expect_layer_derivatives_match("mlp", *model, rng.normal(Shape{2, 3}),
                                 {"0.weight", "0.bias", "2.weight", "2.bias"});
  const auto deep = mlp({2, 3, 3, 1}, "softplus", rng);
  expect_layer_derivatives_match("mlp deep", *deep, rng.normal(Shape{3, 2}),
                                 {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"});
}

}  // namespace
}  // namespace parity::nn
