// Tests of GatedReLU: gate 1 is exactly ReLU, gate 0 exactly the identity, mixed gates follow
// a relu(x) + (1 - a) x per unit; a fully linearised network equals the product of its affine
// maps; gate bookkeeping (set, count, clamp, freeze, make_trainable) and its errors; the gate
// gradient; and the derivative harness with respect to the input and the gates.
#include "nn/gated_relu.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "autograd/functional.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"
#include "nn/sequential.h"
#include "tensor/blas.h"
#include "tensor/creation.h"
#include "tensor/elementwise.h"

namespace parity::nn {
namespace {

TEST(GatedReLU, GateOneIsReluAndGateZeroIsIdentityExactly) {
  Rng rng(1);
  const Tensor x = rng.normal(Shape{4, 2, 3});
  GatedReLU layer(Shape{2, 3});
  const Tensor as_relu = layer(Var(x)).value();
  const Tensor expected = relu(x);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(as_relu.data()[i], expected.data()[i]) << i;
  layer.set_gates(zeros(Shape{2, 3}));
  const Tensor as_identity = layer(Var(x)).value();
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(as_identity.data()[i], x.data()[i]) << i;
}

TEST(GatedReLU, MixedGatesInterpolatePerUnit) {
  Rng rng(2);
  const Tensor x = rng.normal(Shape{3, 4});
  const Tensor a(Shape{4}, {0.0, 0.25, 1.0, 0.7});
  for (bool trainable : {true, false}) {
    GatedReLU layer(Shape{4}, trainable);
    const Tensor gates = trainable ? a : Tensor(Shape{4}, {0.0, 1.0, 1.0, 0.0});
    layer.set_gates(gates);
    const Tensor y = layer(Var(x)).value();
    for (Index n = 0; n < 3; ++n) {
      for (Index u = 0; u < 4; ++u) {
        const double v = x.at({n, u});
        const double g = gates.at({u});
        EXPECT_NEAR(y.at({n, u}), g * std::max(v, 0.0) + (1.0 - g) * v, 1e-15);
      }
    }
  }
}

TEST(GatedReLU, FullyLinearisedNetworkIsTheProductOfItsAffineMaps) {
  Rng rng(3);
  Sequential model;
  model.add(std::make_unique<Linear>(3, 5, rng))
      .add(std::make_unique<GatedReLU>(Shape{5}))
      .add(std::make_unique<Linear>(5, 4, rng))
      .add(std::make_unique<GatedReLU>(Shape{4}, false))
      .add(std::make_unique<Linear>(4, 2, rng));
  dynamic_cast<GatedReLU&>(model[1]).set_gates(zeros(Shape{5}));
  dynamic_cast<GatedReLU&>(model[3]).set_gates(zeros(Shape{4}));
  // y = A x + c with A = W3 W2 W1 and c = W3 (W2 b1 + b2) + b3.
  auto w = [&](std::size_t i) { return dynamic_cast<Linear&>(model[i]).weight().value(); };
  auto b = [&](std::size_t i) { return dynamic_cast<Linear&>(model[i]).bias().value().reshape({-1, 1}); };
  const Tensor a = matmul(w(4), matmul(w(2), w(0)));
  const Tensor c = add(matmul(w(4), add(matmul(w(2), b(0)), b(2))), b(4));
  const Tensor x = rng.normal(Shape{6, 3});
  const Tensor expected = add(matmul(x, a, {.b = true}), c.reshape({1, 2}));
  const Tensor y = model(Var(x)).value();
  ASSERT_EQ(y.shape(), expected.shape());
  for (Index i = 0; i < y.numel(); ++i) EXPECT_NEAR(y.data()[i], expected.data()[i], 1e-13) << i;
}

TEST(GatedReLU, CountsActiveUnitsAboveTheThreshold) {
  GatedReLU layer(Shape{2, 2});
  EXPECT_EQ(layer.relu_count(), 4);
  layer.set_gates(Tensor(Shape{2, 2}, {0.5, 0.005, 0.02, -0.3}));
  EXPECT_EQ(layer.relu_count(), 2);
  EXPECT_EQ(layer.relu_count(0.1), 1);
  EXPECT_EQ(layer.relu_count(-1.0), 4);
}

TEST(GatedReLU, ClampKeepsTrainableGatesInTheUnitIntervalInPlace) {
  GatedReLU layer(Shape{3});
  const Var gate = layer.parameters()[0];
  layer.set_gates(Tensor(Shape{3}, {-0.5, 0.4, 1.7}));
  layer.clamp_gates();
  EXPECT_EQ(layer.parameters()[0].node(), gate.node());
  const Tensor g = layer.gates();
  EXPECT_EQ(g.at({0}), 0.0);
  EXPECT_EQ(g.at({1}), 0.4);
  EXPECT_EQ(g.at({2}), 1.0);
}

TEST(GatedReLU, FreezeBinarisesAndRemovesTheParameter) {
  GatedReLU layer(Shape{4});
  ASSERT_EQ(layer.named_parameters().size(), 1u);
  EXPECT_EQ(layer.named_parameters()[0].first, "gate");
  layer.set_gates(Tensor(Shape{4}, {0.9, 0.01, 0.3, 0.0}));
  layer.freeze(0.05);
  EXPECT_FALSE(layer.is_trainable());
  EXPECT_TRUE(layer.parameters().empty());
  const Tensor g = layer.gates();
  EXPECT_EQ(std::vector<double>(g.begin(), g.end()), (std::vector<double>{1, 0, 1, 0}));
  EXPECT_EQ(layer.relu_count(), 2);
  layer.make_trainable();
  ASSERT_EQ(layer.parameters().size(), 1u);
  EXPECT_TRUE(layer.parameters()[0].requires_grad());
  const Tensor back = layer.gates();
  EXPECT_EQ(std::vector<double>(back.begin(), back.end()), (std::vector<double>{1, 0, 1, 0}));
}

TEST(GatedReLU, GateGradientIsTheSumOfReluMinusInput) {
  Rng rng(4);
  GatedReLU layer(Shape{3});
  layer.set_gates(Tensor(Shape{3}, {0.2, 0.5, 0.9}));
  const Tensor x = rng.normal(Shape{5, 3});
  sum(layer(Var(x))).backward();
  const Tensor grad = layer.parameters()[0].grad();
  for (Index u = 0; u < 3; ++u) {
    double expected = 0.0;
    for (Index n = 0; n < 5; ++n) expected += std::max(x.at({n, u}), 0.0) - x.at({n, u});
    EXPECT_NEAR(grad.at({u}), expected, 1e-14);
  }
}

TEST(GatedReLU, ErrorsNameTheShapesAndValues) {
  GatedReLU layer(Shape{2, 3});
  EXPECT_EQ(error_message([&] {
              layer(Var(Tensor(Shape{4, 3, 2})));
            }),
            "GatedReLU::forward(): input of shape [4,3,2], expected [N,2,3]");
  EXPECT_EQ(error_message([&] { layer.set_gates(Tensor(Shape{6})); }),
            "GatedReLU::set_gates(): gates of shape [6], expected [2,3]");
  Tensor bad = ones(Shape{2, 3});
  bad.data()[4] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_message([&] { layer.set_gates(bad); }),
            "GatedReLU::set_gates(): gates holds a non-finite value (inf) at [1,1] of shape [2,3]");
  GatedReLU frozen(Shape{2}, false);
  EXPECT_EQ(error_message([&] {
              frozen.set_gates(Tensor(Shape{2}, {1.0, 0.5}));
            }),
            "GatedReLU::set_gates(): frozen gates must hold only 0 or 1, got 0.5 at [1] of shape [2]");
  EXPECT_EQ(error_message([] { GatedReLU(Shape{}); }), "GatedReLU(): unit shape must be non-empty, got []");
}

TEST(GatedReLU, SpecRecordsShapeAndMode) {
  GatedReLU layer(Shape{16, 14, 14});
  LayerSpec spec = layer.spec();
  EXPECT_EQ(spec.type, "GatedReLU");
  EXPECT_EQ(std::get<std::string>(spec.attributes.at("shape")), "[16,14,14]");
  EXPECT_TRUE(std::get<bool>(spec.attributes.at("trainable")));
  layer.freeze();
  EXPECT_FALSE(std::get<bool>(layer.spec().attributes.at("trainable")));
}

TEST(GatedReLU, DerivativesMatchFiniteDifferences) {
  Rng rng(5);
  GatedReLU dense(Shape{3});
  dense.set_gates(rng.uniform(Shape{3}));
  expect_layer_derivatives_match("GatedReLU", dense, away_from_zero(Shape{4, 3}, rng), {"gate"});
  GatedReLU maps(Shape{2, 2, 2});
  maps.set_gates(rng.uniform(Shape{2, 2, 2}));
  expect_layer_derivatives_match("GatedReLU feature maps", maps, away_from_zero(Shape{2, 2, 2, 2}, rng),
                                 {"gate"});
  GatedReLU frozen(Shape{4}, false);
  frozen.set_gates(Tensor(Shape{4}, {1, 0, 0, 1}));
  expect_layer_derivatives_match("GatedReLU frozen", frozen, away_from_zero(Shape{3, 4}, rng), {});
}

}  // namespace
}  // namespace parity::nn
