// Tests of the activation layers: values against the tensor functions, make_activation() names
// (case-insensitive) and its error message, specs, and the derivative harness for each.
#include "nn/activation.h"

#include <gtest/gtest.h>

#include "nn/layer_harness.h"
#include "tensor/elementwise.h"

namespace parity::nn {
namespace {

TEST(Activation, ForwardMatchesTheTensorFunctions) {
  Rng rng(1);
  const Tensor x = rng.normal(Shape{3, 4});
  const std::vector<std::pair<std::unique_ptr<Module>, Tensor>> cases = [&] {
    std::vector<std::pair<std::unique_ptr<Module>, Tensor>> c;
    c.emplace_back(std::make_unique<ReLU>(), relu(x));
    c.emplace_back(std::make_unique<LeakyReLU>(0.2), leaky_relu(x, 0.2));
    c.emplace_back(std::make_unique<Tanh>(), tanh(x));
    c.emplace_back(std::make_unique<Sigmoid>(), sigmoid(x));
    c.emplace_back(std::make_unique<Softplus>(), softplus(x));
    c.emplace_back(std::make_unique<Identity>(), x);
    return c;
  }();
  for (const auto& [layer, expected] : cases) {
    const Tensor y = (*layer)(Var(x)).value();
    for (Index i = 0; i < y.numel(); ++i) EXPECT_EQ(y.data()[i], expected.data()[i]) << layer->spec().type;
    EXPECT_TRUE(layer->parameters().empty());
  }
}

TEST(Activation, MakeActivationKnowsEveryNameCaseInsensitively) {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"relu", "ReLU"},           {"ReLU", "ReLU"},         {"leaky_relu", "LeakyReLU"},
      {"LeakyReLU", "LeakyReLU"}, {"tanh", "Tanh"},         {"TANH", "Tanh"},
      {"sigmoid", "Sigmoid"},     {"softplus", "Softplus"}, {"identity", "Identity"}};
  for (const auto& [name, type] : names) EXPECT_EQ(make_activation(name)->spec().type, type) << name;
}

TEST(Activation, MakeActivationListsTheKnownNamesOnError) {
  EXPECT_EQ(error_message([] { make_activation("gelu"); }),
            "make_activation(): unknown activation 'gelu' (known: relu, leaky_relu, tanh, sigmoid, softplus, "
            "identity)");
}

TEST(Activation, LeakyReLUKeepsItsSlopeInTheSpec) {
  EXPECT_EQ(std::get<double>(LeakyReLU(0.3).spec().attributes.at("slope")), 0.3);
  EXPECT_EQ(std::get<double>(LeakyReLU().spec().attributes.at("slope")), 0.01);
}

TEST(Activation, DerivativesMatchFiniteDifferences) {
  Rng rng(2);
  std::vector<std::unique_ptr<Module>> layers;
  layers.push_back(std::make_unique<ReLU>());
  layers.push_back(std::make_unique<LeakyReLU>(0.1));
  layers.push_back(std::make_unique<Tanh>());
  layers.push_back(std::make_unique<Sigmoid>());
  layers.push_back(std::make_unique<Softplus>());
  layers.push_back(std::make_unique<Identity>());
  for (const auto& layer : layers) {
    expect_layer_derivatives_match(layer->spec().type, *layer, away_from_zero(Shape{3, 4}, rng), {});
  }
}

}  // namespace
}  // namespace parity::nn
