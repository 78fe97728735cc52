// Tests of the Conv2d layer: forward against a naive loop plus the broadcast bias, PyTorch's init
// bounds, input and constructor errors, masked weights, spec, and the derivative harness with
// respect to the input, the weight and the bias (stride 2 with padding 1 among the cases), also
// for a small CNN (Conv2d, Tanh, AvgPool2d, Flatten, Linear) end to end; and per-sample input
// Hessians of a CNN with max pooling (K directions folded into the convolution's batch) against
// finite differences of its gradient.
#include "nn/conv2d.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/derivatives.h"
#include "autograd/functional.h"
#include "nn/activation.h"
#include "nn/flatten.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"
#include "nn/loss.h"
#include "nn/pool.h"
#include "nn/sequential.h"

namespace parity::nn {
namespace {

// y[n, o, oh, ow] = b[o] + sum_{c, i, j} w[o, c, i, j] x[n, c, oh*s - p + i, ow*s - p + j].
Tensor naive_conv_layer(const Tensor& x, const Tensor& w, const Tensor& b, Index s, Index p) {
  const Index k = w.size(2), h = x.size(2), width = x.size(3);
  const Index out_h = (h + 2 * p - k) / s + 1, out_w = (width + 2 * p - k) / s + 1;
  Tensor y(Shape{x.size(0), w.size(0), out_h, out_w});
  for (Index n = 0; n < x.size(0); ++n) {
    for (Index o = 0; o < w.size(0); ++o) {
      for (Index oh = 0; oh < out_h; ++oh) {
        for (Index ow = 0; ow < out_w; ++ow) {
          double total = b.defined() ? b.data()[o] : 0.0;
          for (Index c = 0; c < x.size(1); ++c) {
            for (Index i = 0; i < k; ++i) {
              for (Index j = 0; j < k; ++j) {
                const Index ih = oh * s - p + i, iw = ow * s - p + j;
                if (ih >= 0 && ih < h && iw >= 0 && iw < width)
                  total += w.at({o, c, i, j}) * x.at({n, c, ih, iw});
              }
            }
          }
          y.at({n, o, oh, ow}) = total;
        }
      }
    }
  }
  return y;
}

void expect_close(const Tensor& actual, const Tensor& expected) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (Index i = 0; i < actual.numel(); ++i) EXPECT_NEAR(actual.data()[i], expected.data()[i], 1e-13) << i;
}

TEST(Conv2dLayer, ForwardMatchesNaiveLoopWithBias) {
  Rng rng(1);
  Conv2d plain(2, 3, 3, rng);
  Conv2d strided(2, 4, 3, rng, 2, 1);
  Conv2d no_bias(2, 2, 2, rng, 1, 0, false);
  const Tensor x = rng.normal(Shape{2, 2, 6, 5});
  expect_close(plain(Var(x)).value(),
               naive_conv_layer(x, plain.weight().value(), plain.bias().value(), 1, 0));
  expect_close(strided(Var(x)).value(),
               naive_conv_layer(x, strided.weight().value(), strided.bias().value(), 2, 1));
  expect_close(no_bias(Var(x)).value(), naive_conv_layer(x, no_bias.weight().value(), Tensor(), 1, 0));
  EXPECT_EQ(no_bias.named_parameters().size(), 1u);
}

TEST(Conv2dLayer, InitialisesUniformlyWithinOneOverSqrtFanIn) {
  Rng rng(2);
  Conv2d layer(3, 16, 5, rng);
  ASSERT_EQ(layer.weight().shape(), (Shape{16, 3, 5, 5}));
  ASSERT_EQ(layer.bias().shape(), (Shape{16}));
  const double bound = 1.0 / std::sqrt(3.0 * 25.0);
  for (const Var& p : layer.parameters()) {
    double largest = 0.0;
    for (double v : p.value()) {
      ASSERT_LE(std::abs(v), bound);
      largest = std::max(largest, std::abs(v));
    }
    EXPECT_GT(largest, 0.8 * bound);
  }
}

TEST(Conv2dLayer, ErrorsNameTheShapesAndValues) {
  Rng rng(3);
  Conv2d layer(3, 2, 3, rng);
  EXPECT_EQ(error_message([&] {
              layer(Var(Tensor(Shape{1, 2, 5, 5})));
            }),
            "Conv2d::forward(): input of shape [1,2,5,5], expected [N, 3, H, W]");
  EXPECT_EQ(error_message([&] {
              layer(Var(Tensor(Shape{3, 5, 5})));
            }),
            "Conv2d::forward(): input of shape [3,5,5], expected [N, 3, H, W]");
  EXPECT_EQ(error_message([&] {
              layer(Var(Tensor(Shape{1, 3, 2, 5})));
            }),
            "conv2d(): kernel 3x3 larger than the padded input 2x5");
  EXPECT_EQ(error_message([&] { Conv2d(3, 0, 3, rng); }),
            "Conv2d(): channels and kernel size must be positive, got in_channels = 3, out_channels = 0, "
            "kernel_size = 3");
  EXPECT_EQ(error_message([&] { Conv2d(3, 2, 3, rng, 0); }),
            "Conv2d(): need stride > 0 and padding >= 0, got stride = 0, padding = 0");
  Conv2d no_bias(1, 1, 1, rng, 1, 0, false);
  EXPECT_EQ(error_message([&] { no_bias.bias(); }), "Conv2d::bias(): the layer has no bias");
}

TEST(Conv2dLayer, MaskedWeightEntriesAreIgnoredAndGetZeroGradient) {
  Rng rng(4);
  Conv2d layer(1, 2, 2, rng);
  const Tensor mask(Shape{2, 1, 2, 2}, {1, 0, 1, 1, 0, 1, 1, 0});
  layer.set_mask("weight", mask);
  Var weight = layer.weight();
  weight.mutable_value().data()[1] = 50.0;
  const Tensor x = rng.normal(Shape{2, 1, 4, 4});
  const Var y = layer(Var(x));
  Tensor effective = weight.value().clone();
  effective.mul_(mask);
  expect_close(y.value(), naive_conv_layer(x, effective, layer.bias().value(), 1, 0));
  sum(y).backward();
  for (Index i = 0; i < mask.numel(); ++i) {
    if (mask.data()[i] == 0.0) {
      EXPECT_EQ(weight.grad().data()[i], 0.0) << i;
    }
  }
}

TEST(Conv2dLayer, SpecDescribesTheLayer) {
  Rng rng(5);
  const LayerSpec spec = Conv2d(3, 8, 5, rng, 2, 1, false).spec();
  EXPECT_EQ(spec.type, "Conv2d");
  EXPECT_EQ(std::get<Index>(spec.attributes.at("in_channels")), 3);
  EXPECT_EQ(std::get<Index>(spec.attributes.at("out_channels")), 8);
  EXPECT_EQ(std::get<Index>(spec.attributes.at("kernel_size")), 5);
  EXPECT_EQ(std::get<Index>(spec.attributes.at("stride")), 2);
  EXPECT_EQ(std::get<Index>(spec.attributes.at("padding")), 1);
  EXPECT_EQ(std::get<bool>(spec.attributes.at("bias")), false);
}

TEST(Conv2dLayer, DerivativesMatchFiniteDifferences) {
  Rng rng(6);
  Conv2d plain(2, 2, 2, rng);
  expect_layer_derivatives_match("Conv2d", plain, rng.normal(Shape{1, 2, 3, 3}), {"weight", "bias"});
  Conv2d strided(2, 2, 2, rng, 2, 1);
  expect_layer_derivatives_match("Conv2d stride 2 padding 1", strided, rng.normal(Shape{2, 2, 3, 3}),
                                 {"weight", "bias"});
  Conv2d no_bias(3, 2, 2, rng, 1, 1, false);
  expect_layer_derivatives_match("Conv2d no bias", no_bias, rng.normal(Shape{1, 3, 2, 3}), {"weight"});
}

TEST(Conv2dLayer, SmallCnnDerivativesMatchFiniteDifferences) {
  Rng rng(7);
  Sequential cnn;
  cnn.add(std::make_unique<Conv2d>(1, 2, 2, rng))
      .add(std::make_unique<Tanh>())
      .add(std::make_unique<AvgPool2d>(2))
      .add(std::make_unique<Flatten>())
      .add(std::make_unique<Linear>(8, 2, rng));
  expect_layer_derivatives_match("cnn", cnn, rng.normal(Shape{1, 1, 5, 5}),
                                 {"0.weight", "0.bias", "4.weight", "4.bias"});
}

TEST(Conv2dLayer, CnnInputHessiansMatchFiniteDifferencesOfTheGradient) {
  Rng rng(8);
  Sequential cnn;
  cnn.add(std::make_unique<Conv2d>(1, 2, 3, rng, 1, 1))
      .add(std::make_unique<Tanh>())
      .add(std::make_unique<MaxPool2d>(2))
      .add(std::make_unique<Flatten>())
      .add(std::make_unique<Linear>(8, 3, rng));
  const Tensor labels(Shape{3}, {2, 0, 1});
  const Function loss = [&](const Var& x) { return CrossEntropyLoss(Reduction::None)(cnn(x), labels); };
  const Tensor x = rng.normal(Shape{3, 1, 4, 4});
  const InputHessians h = input_hessians(loss, x, {.max_directions = 5});
  ASSERT_EQ(h.hessian.shape(), (Shape{3, 16, 16}));
  // Column j of sample i's Hessian: (g(x + s e_j) - g(x - s e_j)) / 2s, g the batch gradient.
  const double step = 1e-5;
  const Function total = [&](const Var& v) { return sum(loss(v)); };
  double worst = 0.0;
  for (Index j = 0; j < 16; ++j) {
    Tensor plus = x.clone();
    Tensor minus = x.clone();
    for (Index i = 0; i < 3; ++i) {
      plus.data()[i * 16 + j] += step;
      minus.data()[i * 16 + j] -= step;
    }
    const Tensor g_plus = gradient(total, plus);
    const Tensor g_minus = gradient(total, minus);
    for (Index i = 0; i < 3; ++i) {
      for (Index r = 0; r < 16; ++r) {
        const double fd = (g_plus.data()[i * 16 + r] - g_minus.data()[i * 16 + r]) / (2 * step);
        worst = std::max(worst, std::abs(h.hessian.at({i, r, j}) - fd));
      }
    }
  }
  EXPECT_LT(worst, 1e-7);
}

}  // namespace
}  // namespace parity::nn
