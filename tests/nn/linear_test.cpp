// Tests of Linear: forward against a naive loop, shape errors, PyTorch's init bounds, masked
// weights (output ignores masked entries, their gradient is zero), spec, and the derivative
// harness with respect to the input, the weight and the bias.
#include "nn/linear.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "nn/layer_harness.h"

namespace parity::nn {
namespace {

// y[r, o] = sum_i x[r, i] W[o, i] + b[o] over the rows r of x [..., in].
Tensor naive_linear(const Tensor& x, const Tensor& w, const Tensor& b) {
  const Index in = w.size(1), out = w.size(0), rows = x.numel() / in;
  Shape shape = x.shape();
  shape[shape.rank() - 1] = out;
  Tensor y(shape);
  for (Index r = 0; r < rows; ++r) {
    for (Index o = 0; o < out; ++o) {
      double total = b.defined() ? b.data()[o] : 0.0;
      for (Index i = 0; i < in; ++i) total += x.data()[r * in + i] * w.data()[o * in + i];
      y.data()[r * out + o] = total;
    }
  }
  return y;
}

void expect_close(const Tensor& actual, const Tensor& expected) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (Index i = 0; i < actual.numel(); ++i) EXPECT_NEAR(actual.data()[i], expected.data()[i], 1e-13) << i;
}

TEST(Linear, ForwardMatchesNaiveLoopForBatchesOfAnyRank) {
  Rng rng(1);
  Linear layer(5, 3, rng);
  for (const Shape& shape : {Shape{4, 5}, Shape{2, 3, 5}}) {
    const Tensor x = rng.normal(shape);
    expect_close(layer(Var(x)).value(), naive_linear(x, layer.weight().value(), layer.bias().value()));
  }
  Linear no_bias(5, 2, rng, false);
  const Tensor x = rng.normal(Shape{3, 5});
  expect_close(no_bias(Var(x)).value(), naive_linear(x, no_bias.weight().value(), Tensor()));
  EXPECT_EQ(no_bias.named_parameters().size(), 1u);
}

TEST(Linear, ShapeErrorsNameTheExpectedShape) {
  Rng rng(2);
  Linear layer(4, 2, rng);
  EXPECT_EQ(error_message([&] {
              layer(Var(Tensor(Shape{3, 5})));
            }),
            "Linear::forward(): input of shape [3,5], expected [..., 4]");
  EXPECT_EQ(error_message([&] { layer(Var(Tensor(Shape{4}))); }),
            "Linear::forward(): input of shape [4], expected [..., 4]");
  EXPECT_EQ(error_message([&] { Linear(0, 2, rng); }),
            "Linear(): sizes must be positive, got in = 0, out = 2");
  Linear no_bias(4, 2, rng, false);
  EXPECT_EQ(error_message([&] { no_bias.bias(); }), "Linear::bias(): the layer has no bias");
}

TEST(Linear, InitialisesUniformlyWithinOneOverSqrtFanIn) {
  Rng rng(3);
  Linear layer(50, 40, rng);
  const double bound = 1.0 / std::sqrt(50.0);
  for (const Var& p : layer.parameters()) {
    double largest = 0.0;
    for (double v : p.value()) {
      EXPECT_LE(std::abs(v), bound);
      largest = std::max(largest, std::abs(v));
    }
    // 2000 (resp. 40) uniform draws: the largest is within 10% of the bound (P(miss) < 1e-2 for 40).
    EXPECT_GT(largest, 0.9 * bound);
  }
}

TEST(Linear, MaskedWeightEntriesAreIgnoredAndGetZeroGradient) {
  Rng rng(4);
  Linear layer(3, 2, rng);
  const Tensor mask(Shape{2, 3}, {1, 0, 1, 0, 1, 1});
  layer.set_mask("weight", mask);
  Var weight = layer.weight();
  // Entries under the mask may drift (e.g. by a careless update); the layer must not see them.
  weight.mutable_value().data()[1] = 123.0;
  const Tensor x = rng.normal(Shape{4, 3});
  const Var y = layer(Var(x));
  Tensor effective = weight.value().clone();
  effective.mul_(mask);
  expect_close(y.value(), naive_linear(x, effective, layer.bias().value()));
  sum(y).backward();
  EXPECT_EQ(weight.grad().data()[1], 0.0);
  EXPECT_EQ(weight.grad().data()[3], 0.0);
  EXPECT_NE(weight.grad().data()[0], 0.0);
}

TEST(Linear, SpecDescribesTheLayer) {
  Rng rng(5);
  const LayerSpec spec = Linear(2, 16, rng, false).spec();
  EXPECT_EQ(spec.type, "Linear");
  EXPECT_EQ(std::get<Index>(spec.attributes.at("in_features")), 2);
  EXPECT_EQ(std::get<Index>(spec.attributes.at("out_features")), 16);
  EXPECT_EQ(std::get<bool>(spec.attributes.at("bias")), false);
}

TEST(Linear, DerivativesMatchFiniteDifferences) {
  Rng rng(6);
  Linear layer(4, 3, rng);
  expect_layer_derivatives_match("Linear", layer, rng.normal(Shape{2, 4}), {"weight", "bias"});
  Linear batched(3, 2, rng, false);
  expect_layer_derivatives_match("Linear rank 3", batched, rng.normal(Shape{2, 2, 3}), {"weight"});
  Linear masked_layer(3, 3, rng);
  masked_layer.set_mask("weight", Tensor(Shape{3, 3}, {1, 0, 1, 1, 1, 0, 0, 1, 1}));
  expect_layer_derivatives_match("Linear input", masked_layer, rng.normal(Shape{3, 3}), {});
}

}  // namespace
}  // namespace parity::nn
