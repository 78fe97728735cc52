// Tests of make_layer(): every layer type is rebuilt from its spec with the same spec and
// parameter shapes, optional attributes take the constructors' defaults, and unknown types,
// missing, mistyped or unknown attributes and malformed shapes are refused by name.
#include "nn/layer_factory.h"

#include <gtest/gtest.h>

#include "nn/activation.h"
#include "nn/conv2d.h"
#include "nn/flatten.h"
#include "nn/gated_relu.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"
#include "nn/pool.h"
#include "nn/sequential.h"

namespace parity::nn {
namespace {

std::vector<std::unique_ptr<Module>> one_of_each(Rng& rng) {
  std::vector<std::unique_ptr<Module>> layers;
  layers.push_back(std::make_unique<Linear>(3, 4, rng, false));
  layers.push_back(std::make_unique<Conv2d>(2, 5, 3, rng, 2, 1));
  layers.push_back(std::make_unique<MaxPool2d>(3, 1));
  layers.push_back(std::make_unique<AvgPool2d>(2));
  layers.push_back(std::make_unique<Flatten>());
  layers.push_back(std::make_unique<GatedReLU>(Shape{4, 3, 3}));
  layers.push_back(std::make_unique<GatedReLU>(Shape{7}, false));
  layers.push_back(std::make_unique<ReLU>());
  layers.push_back(std::make_unique<LeakyReLU>(0.25));
  layers.push_back(std::make_unique<Tanh>());
  layers.push_back(std::make_unique<Sigmoid>());
  layers.push_back(std::make_unique<Softplus>());
  layers.push_back(std::make_unique<Identity>());
  layers.push_back(std::make_unique<Sequential>());
  return layers;
}

TEST(LayerFactory, RebuildsEveryLayerTypeFromItsSpec) {
  Rng rng(1);
  const auto layers = one_of_each(rng);
  std::vector<std::string> covered;
  for (const auto& layer : layers) {
    const LayerSpec spec = layer->spec();
    const auto rebuilt = make_layer(spec, rng);
    EXPECT_EQ(rebuilt->spec().type, spec.type);
    EXPECT_EQ(rebuilt->spec().attributes, spec.attributes) << spec.type;
    const auto original = layer->named_parameters();
    const auto fresh = rebuilt->named_parameters();
    ASSERT_EQ(fresh.size(), original.size()) << spec.type;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      EXPECT_EQ(fresh[i].first, original[i].first);
      EXPECT_EQ(fresh[i].second.shape(), original[i].second.shape());
    }
    covered.push_back(spec.type);
  }
  for (const std::string& type : layer_types()) {
    EXPECT_NE(std::find(covered.begin(), covered.end(), type), covered.end()) << type << " is not exercised";
  }
}

TEST(LayerFactory, OptionalAttributesTakeTheConstructorDefaults) {
  Rng rng(2);
  const auto conv = make_layer(
      {"Conv2d", {{"in_channels", Index{1}}, {"out_channels", Index{2}}, {"kernel_size", Index{3}}}}, rng);
  const auto& c = dynamic_cast<const Conv2d&>(*conv);
  EXPECT_EQ(c.stride(), 1);
  EXPECT_EQ(c.padding(), 0);
  EXPECT_TRUE(c.has_bias());
  EXPECT_EQ(
      dynamic_cast<const MaxPool2d&>(*make_layer({"MaxPool2d", {{"kernel_size", Index{3}}}}, rng)).stride(),
      3);
  EXPECT_EQ(std::get<double>(make_layer({"LeakyReLU", {}}, rng)->spec().attributes.at("slope")), 0.01);
  EXPECT_EQ(
      std::get<double>(make_layer({"LeakyReLU", {{"slope", Index{1}}}}, rng)->spec().attributes.at("slope")),
      1.0);
  EXPECT_TRUE(dynamic_cast<const GatedReLU&>(*make_layer({"GatedReLU", {{"shape", std::string("[3]")}}}, rng))
                  .is_trainable());
}

TEST(LayerFactory, RefusesBadSpecsByName) {
  Rng rng(3);
  EXPECT_EQ(
      error_message([&] {
        make_layer({"Dropout", {}}, rng);
      }),
      "make_layer(): unknown layer type 'Dropout' (known: AvgPool2d, Conv2d, Flatten, GatedReLU, Identity, "
      "LeakyReLU, Linear, MaxPool2d, ReLU, Sequential, Sigmoid, Softplus, Tanh)");
  EXPECT_EQ(error_message([&] {
              make_layer({"Linear", {{"in_features", Index{2}}}}, rng);
            }),
            "make_layer(): Linear: missing attribute 'out_features'");
  EXPECT_EQ(error_message([&] {
              make_layer({"Linear", {{"in_features", Index{2}}, {"out_features", 1.5}}}, rng);
            }),
            "make_layer(): Linear: attribute 'out_features' must be an integer, got 1.5");
  EXPECT_EQ(error_message([&] {
              make_layer(
                  {"Linear", {{"in_features", Index{2}}, {"out_features", Index{1}}, {"bias", Index{1}}}},
                  rng);
            }),
            "make_layer(): Linear: attribute 'bias' must be true or false, got 1");
  EXPECT_EQ(error_message([&] {
              make_layer({"Tanh", {{"slope", 0.1}}}, rng);
            }),
            "make_layer(): Tanh: unknown attribute 'slope'");
  EXPECT_EQ(error_message([&] {
              make_layer({"GatedReLU", {{"shape", std::string("16x14")}}}, rng);
            }),
            "make_layer(): GatedReLU: shape '16x14' is not of the form [d0,d1,...]");
  EXPECT_EQ(error_message([&] {
              make_layer({"Linear", {{"in_features", Index{0}}, {"out_features", Index{1}}}}, rng);
            }),
            "Linear(): sizes must be positive, got in = 0, out = 1");
}

TEST(LayerFactory, ParseShapeReadsShapeToStringOutput) {
  for (const Shape& s : {Shape{16, 14, 14}, Shape{3}, Shape{}, Shape{1, 2, 3, 4, 5, 6, 7, 8}}) {
    EXPECT_EQ(parse_shape(s.to_string(), "test"), s);
  }
  for (const std::string bad :
       {"", "[", "[1,", "[1,]", "[1 2]", "[-1]", "[1]x", "(1,2)", "[1,2,3,4,5,6,7,8,9]"}) {
    EXPECT_EQ(error_message([&] { parse_shape(bad, "test"); }),
              "test: shape '" + bad + "' is not of the form [d0,d1,...]");
  }
}

}  // namespace
}  // namespace parity::nn
