// Tests of save_model() / load_model(): the folder layout and model.json, a bitwise-identical
// round trip of a model with every kind of layer (nested Sequential, masks, trainable and frozen
// gates), and the refusals: shape disagreements, missing files, unknown types, malformed JSON,
// wrong format or version, bad masks and gates, layers that cannot be rebuilt.
#include "nn/serialize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <fstream>
#include <sstream>

#include "common/temp_dir.h"
#include "nn/activation.h"
#include "nn/conv2d.h"
#include "nn/flatten.h"
#include "nn/gated_relu.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"
#include "nn/pool.h"
#include "tensor/creation.h"
#include "tensor/io.h"

namespace parity::nn {
namespace {

namespace fs = std::filesystem;

class Serialize : public parity::testing::TempDirTest {
 protected:
  std::string dir() const { return temp_dir().string(); }
  std::string file(const std::string& name) const { return (temp_dir() / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream in(file(name));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(file(name)) << text; }
};

// Conv2d, GatedReLU (trainable), MaxPool2d, AvgPool2d, Flatten, a nested MLP with LeakyReLU and
// a frozen GatedReLU, and a masked weight.
std::unique_ptr<Sequential> every_layer_model(Rng& rng) {
  auto model = std::make_unique<Sequential>();
  model->add(std::make_unique<Conv2d>(2, 3, 3, rng, 1, 1))
      .add(std::make_unique<GatedReLU>(Shape{3, 6, 6}))
      .add(std::make_unique<MaxPool2d>(2))
      .add(std::make_unique<AvgPool2d>(3, 1))
      .add(std::make_unique<Flatten>());
  auto head = std::make_unique<Sequential>();
  head->add(std::make_unique<Linear>(3, 5, rng))
      .add(std::make_unique<LeakyReLU>(0.2))
      .add(std::make_unique<GatedReLU>(Shape{5}, false))
      .add(std::make_unique<Linear>(5, 2, rng, false))
      .add(std::make_unique<Softplus>());
  model->add(std::move(head));
  auto& gated = dynamic_cast<GatedReLU&>((*model)[1]);
  gated.set_gates(rng.uniform(Shape{3, 6, 6}));
  auto& frozen = dynamic_cast<GatedReLU&>((*dynamic_cast<Sequential&>((*model)[5]).children()[2].second));
  frozen.set_gates(Tensor(Shape{5}, {1, 0, 0, 1, 1}));
  Tensor mask = ones(model->named_parameters()[0].second.shape());
  for (Index i = 0; i < mask.numel(); i += 3) mask.data()[i] = 0.0;
  model->set_mask("0.weight", mask);
  return model;
}

TEST_F(Serialize, WritesModelJsonAndOneNpyPerParameter) {
  Rng rng(1);
  save_model(*mlp({2, 16, 1}, "tanh", rng), dir());
  EXPECT_EQ(read("model.json"),
            "{\n"
            "  \"format\": \"parity-model\",\n"
            "  \"version\": 1,\n"
            "  \"layers\": [\n"
            "    {\n"
            "      \"type\": \"Linear\",\n"
            "      \"bias\": true,\n"
            "      \"in_features\": 2,\n"
            "      \"out_features\": 16\n"
            "    },\n"
            "    {\n"
            "      \"type\": \"Tanh\"\n"
            "    },\n"
            "    {\n"
            "      \"type\": \"Linear\",\n"
            "      \"bias\": true,\n"
            "      \"in_features\": 16,\n"
            "      \"out_features\": 1\n"
            "    }\n"
            "  ],\n"
            "  \"masks\": []\n"
            "}\n");
  EXPECT_EQ(load_npy(file("0.weight.npy")).shape(), (Shape{16, 2}));
  EXPECT_EQ(load_npy(file("0.bias.npy")).shape(), (Shape{16}));
  EXPECT_EQ(load_npy(file("2.weight.npy")).shape(), (Shape{1, 16}));
  EXPECT_EQ(load_npy(file("2.bias.npy")).shape(), (Shape{1}));
}

TEST_F(Serialize, RoundTripGivesBitwiseIdenticalOutputs) {
  Rng rng(2);
  const auto model = every_layer_model(rng);
  save_model(*model, dir());
  EXPECT_TRUE(fs::exists(file("0.weight.mask.npy")));
  EXPECT_TRUE(fs::exists(file("1.gate.npy")));
  EXPECT_TRUE(fs::exists(file("5.2.gate.npy")));
  const auto loaded = load_model(dir());
  const auto original = model->named_parameters();
  const auto restored = loaded->named_parameters();
  ASSERT_EQ(restored.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(restored[i].first, original[i].first);
    const Tensor& a = original[i].second.value();
    const Tensor& b = restored[i].second.value();
    ASSERT_EQ(a.shape(), b.shape());
    for (Index j = 0; j < a.numel(); ++j) EXPECT_EQ(a.data()[j], b.data()[j]) << original[i].first;
    EXPECT_TRUE(restored[i].second.requires_grad());
  }
  const std::vector<Tensor> original_masks = model->masks();
  const std::vector<Tensor> restored_masks = loaded->masks();
  ASSERT_EQ(restored_masks.size(), original_masks.size());
  for (std::size_t i = 0; i < original_masks.size(); ++i) {
    ASSERT_EQ(restored_masks[i].defined(), original_masks[i].defined()) << original[i].first;
    if (!original_masks[i].defined()) continue;
    ASSERT_EQ(restored_masks[i].shape(), original_masks[i].shape());
    for (Index j = 0; j < original_masks[i].numel(); ++j) {
      EXPECT_EQ(restored_masks[i].data()[j], original_masks[i].data()[j]) << original[i].first;
    }
  }
  const Tensor x = rng.normal(Shape{4, 2, 6, 6});
  const Tensor expected = (*model)(Var(x)).value();
  const Tensor actual = (*loaded)(Var(x)).value();
  ASSERT_EQ(actual.shape(), (Shape{4, 2}));
  for (Index i = 0; i < actual.numel(); ++i) EXPECT_EQ(actual.data()[i], expected.data()[i]) << i;
  const auto& frozen =
      dynamic_cast<const GatedReLU&>(*dynamic_cast<const Sequential&>((*loaded)[5]).children()[2].second);
  EXPECT_FALSE(frozen.is_trainable());
  EXPECT_EQ(frozen.relu_count(), 3);
}

TEST_F(Serialize, RefusesNpyShapesThatDisagreeWithModelJson) {
  Rng rng(3);
  save_model(*mlp({2, 4, 1}, "relu", rng), dir());
  save_npy(file("0.weight.npy"), Tensor(Shape{4, 3}));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("0.weight.npy") +
                " has shape [4,3], but model.json gives parameter '0.weight' shape [4,2]");
}

TEST_F(Serialize, RefusesMissingFiles) {
  Rng rng(4);
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("model.json") + ": no such file");
  save_model(*mlp({2, 4, 1}, "relu", rng), dir());
  fs::remove(file("2.bias.npy"));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): missing " + file("2.bias.npy") + " (parameter '2.bias' of shape [1])");
}

TEST_F(Serialize, RefusesMalformedOrForeignModelJson) {
  Rng rng(5);
  save_model(*mlp({2, 1}, "relu", rng), dir());
  const std::string where = "load_model(): " + file("model.json") + ": ";
  write("model.json", "{\"format\": \"parity-model\", \"version\": 1, \"layers\": [");
  EXPECT_EQ(error_message([&] { load_model(dir()); }).rfind(where + "malformed JSON: ", 0), 0u);
  write("model.json", "[1, 2]");
  EXPECT_EQ(error_message([&] { load_model(dir()); }), where + "expected a JSON object, got array");
  write("model.json", "{\"format\": \"keras\", \"version\": 1, \"layers\": []}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "format is \"keras\", expected \"parity-model\"");
  write("model.json", "{\"version\": 1, \"layers\": []}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "format is missing, expected \"parity-model\"");
  write("model.json", "{\"format\": \"parity-model\", \"version\": 2, \"layers\": []}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }), where + "version 2 is not supported (expected 1)");
  write("model.json", "{\"format\": \"parity-model\", \"version\": 1}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }), where + "missing 'layers'");
  write("model.json", "{\"format\": \"parity-model\", \"version\": 1, \"layers\": {}}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }), where + "'layers' must be an array, got object");
}

TEST_F(Serialize, RefusesNonFiniteWeights) {
  Rng rng(6);
  save_model(*mlp({2, 3, 1}, "tanh", rng), dir());
  Tensor weight = load_npy(file("2.weight.npy"));
  weight.data()[2] = std::numeric_limits<double>::quiet_NaN();
  save_npy(file("2.weight.npy"), weight);
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("2.weight.npy") + " holds a non-finite value (nan) at [0,2] of shape [1,3]");
  weight.data()[2] = -std::numeric_limits<double>::infinity();
  save_npy(file("2.weight.npy"), weight);
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("2.weight.npy") + " holds a non-finite value (-inf) at [0,2] of shape [1,3]");
}

// A model without layers would map every input to itself.
TEST_F(Serialize, RefusesEmptyLayerLists) {
  const std::string where = "load_model(): " + file("model.json") + ": ";
  write("model.json", "{\"format\": \"parity-model\", \"version\": 1, \"layers\": []}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "'layers' is empty; a model needs at least one layer");
  write("model.json",
        "{\"format\": \"parity-model\", \"version\": 1, \"layers\": [{\"type\": \"Sequential\", \"layers\": []}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "layer '0': 'layers' is empty; a model needs at least one layer");
}

TEST_F(Serialize, RefusesUnknownLayersAndBadAttributes) {
  Rng rng(6);
  save_model(*mlp({2, 1}, "relu", rng), dir());
  const std::string where = "load_model(): " + file("model.json") + ": ";
  const std::string head = "{\"format\": \"parity-model\", \"version\": 1, \"layers\": ";
  write("model.json", head + "[{\"type\": \"Dropout\", \"p\": 0.5}]}");
  EXPECT_EQ(error_message([&] {
              load_model(dir());
            }).rfind(where + "layer '0': make_layer(): unknown layer type 'Dropout'", 0),
            0u);
  write("model.json", head + "[{\"type\": \"Tanh\"}, {\"kind\": \"Tanh\"}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }), where + "layer '1': missing string 'type'");
  write("model.json", head + "[{\"type\": \"LeakyReLU\", \"slope\": [0.1]}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "layer '0': attribute 'slope' has unsupported JSON type array");
  write("model.json",
        head + "[{\"type\": \"Sequential\", \"layers\": [{\"type\": \"Linear\", \"in_features\": 2}]}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "layer '0.0': make_layer(): Linear: missing attribute 'out_features'");
  write("model.json", head + "[{\"type\": \"Sequential\", \"layers\": 3}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            where + "layer '0': 'layers' must be an array, got number");
}

TEST_F(Serialize, RefusesBadMasksAndGates) {
  Rng rng(7);
  auto model = std::make_unique<Sequential>();
  model->add(std::make_unique<Linear>(2, 3, rng)).add(std::make_unique<GatedReLU>(Shape{3}, false));
  model->set_mask("0.weight", Tensor(Shape{3, 2}, {1, 0, 1, 1, 0, 1}));
  save_model(*model, dir());
  save_npy(file("0.weight.mask.npy"), Tensor(Shape{2, 3}));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("0.weight.mask.npy") +
                " has shape [2,3], but model.json gives the mask of parameter '0.weight' shape [3,2]");
  save_npy(file("0.weight.mask.npy"), Tensor(Shape{3, 2}, {1, 0, 2, 1, 0, 1}));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("0.weight.mask.npy") +
                ": Module::set_mask(): the mask for '0.weight' must hold only 0 or 1, got 2 at [1,0] of "
                "shape [3,2]");
  save_model(*model, dir());
  save_npy(file("1.gate.npy"), Tensor(Shape{3}, {1.0, 0.5, 0.0}));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("1.gate.npy") +
                ": GatedReLU::set_gates(): frozen gates must hold only 0 or 1, got 0.5 at [1] of shape [3]");
  fs::remove(file("1.gate.npy"));
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("model.json") + ": layer '1': GatedReLU needs 3 values from " +
                file("1.gate.npy") + ", which is missing or empty");
}

// A mistyped extent must not allocate before the files are read: a layer may not need more
// values than its file has bytes.
TEST_F(Serialize, RefusesLayersLargerThanTheirFiles) {
  Rng rng(8);
  save_model(*mlp({2, 3, 1}, "tanh", rng), dir());
  write("model.json",
        "{\"format\": \"parity-model\", \"version\": 1, \"layers\": [{\"type\": \"Linear\", "
        "\"in_features\": 2, \"out_features\": 300000000000}]}");
  EXPECT_EQ(error_message([&] { load_model(dir()); }),
            "load_model(): " + file("model.json") + ": layer '0': Linear needs 6e+11 values from " +
                file("0.weight.npy") + ", which holds only 176 bytes");
}

// A layer whose spec names a type make_layer() does not know.
class Custom : public Module {
 public:
  Var forward(const Var& x) override { return x; }
  LayerSpec spec() const override { return {"Custom", {}}; }
};

TEST_F(Serialize, SaveRefusesLayersThatCannotBeRebuilt) {
  Sequential model;
  model.add(std::make_unique<Tanh>()).add(std::make_unique<Custom>());
  EXPECT_EQ(
      error_message([&] {
        save_model(model, dir());
      }).rfind("save_model(): layer '1' cannot be rebuilt: make_layer(): unknown layer type 'Custom'", 0),
      0u);
}

}  // namespace
}  // namespace parity::nn
