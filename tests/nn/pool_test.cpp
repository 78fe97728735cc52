// Tests of the MaxPool2d and AvgPool2d layers: values against naive window loops, the default
// stride (= kernel_size), specs, errors, and the derivative harness with respect to the input.
#include "nn/pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "nn/layer_harness.h"

namespace parity::nn {
namespace {

// Max (or mean) of each k x k window moved by s over every plane of x [N, C, H, W].
Tensor naive_pool(const Tensor& x, Index k, Index s, bool max) {
  const Index h = x.size(2), w = x.size(3), out_h = (h - k) / s + 1, out_w = (w - k) / s + 1;
  Tensor y(Shape{x.size(0), x.size(1), out_h, out_w});
  for (Index n = 0; n < x.size(0); ++n) {
    for (Index c = 0; c < x.size(1); ++c) {
      for (Index oh = 0; oh < out_h; ++oh) {
        for (Index ow = 0; ow < out_w; ++ow) {
          double best = -std::numeric_limits<double>::infinity();
          double total = 0.0;
          for (Index i = 0; i < k; ++i) {
            for (Index j = 0; j < k; ++j) {
              const double v = x.at({n, c, oh * s + i, ow * s + j});
              best = std::max(best, v);
              total += v;
            }
          }
          y.at({n, c, oh, ow}) = max ? best : total / static_cast<double>(k * k);
        }
      }
    }
  }
  return y;
}

void expect_close(const Tensor& actual, const Tensor& expected) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (Index i = 0; i < actual.numel(); ++i) EXPECT_NEAR(actual.data()[i], expected.data()[i], 1e-15) << i;
}

TEST(PoolLayers, ForwardMatchesNaiveWindows) {
  Rng rng(1);
  const Tensor x = rng.normal(Shape{2, 3, 7, 6});
  expect_close(MaxPool2d(2)(Var(x)).value(), naive_pool(x, 2, 2, true));
  expect_close(MaxPool2d(3, 1)(Var(x)).value(), naive_pool(x, 3, 1, true));
  expect_close(AvgPool2d(2)(Var(x)).value(), naive_pool(x, 2, 2, false));
  expect_close(AvgPool2d(3, 2)(Var(x)).value(), naive_pool(x, 3, 2, false));
}

TEST(PoolLayers, StrideDefaultsToTheKernelSize) {
  EXPECT_EQ(MaxPool2d(3).stride(), 3);
  EXPECT_EQ(AvgPool2d(2).stride(), 2);
  EXPECT_EQ(MaxPool2d(3, 1).stride(), 1);
  EXPECT_EQ(MaxPool2d(2)(Var(Tensor(Shape{1, 1, 5, 4}))).shape(), (Shape{1, 1, 2, 2}));
}

TEST(PoolLayers, SpecsDescribeTheLayers) {
  const LayerSpec max_spec = MaxPool2d(3, 2).spec();
  EXPECT_EQ(max_spec.type, "MaxPool2d");
  EXPECT_EQ(std::get<Index>(max_spec.attributes.at("kernel_size")), 3);
  EXPECT_EQ(std::get<Index>(max_spec.attributes.at("stride")), 2);
  const LayerSpec avg_spec = AvgPool2d(2).spec();
  EXPECT_EQ(avg_spec.type, "AvgPool2d");
  EXPECT_EQ(std::get<Index>(avg_spec.attributes.at("stride")), 2);
}

TEST(PoolLayers, ErrorsNameTheValues) {
  EXPECT_EQ(error_message([] { MaxPool2d(0); }),
            "MaxPool2d(): kernel_size and stride must be positive, got 0 and 0");
  EXPECT_EQ(error_message([] { AvgPool2d(2, -1); }),
            "AvgPool2d(): kernel_size and stride must be positive, got 2 and -1");
  EXPECT_EQ(error_message([] {
              MaxPool2d(2)(Var(Tensor(Shape{4, 4})));
            }),
            "max_pool2d(): input must be [N, C, H, W], got [4,4]");
  EXPECT_EQ(error_message([] {
              AvgPool2d(3)(Var(Tensor(Shape{1, 1, 2, 4})));
            }),
            "avg_pool2d(): kernel 3x3 larger than the input plane 2x4");
}

// Uniform in [-2, 2] plus 5 ((3h + 5w) mod 9) at pixel (h, w): within any window of up to 3 x 3
// the offsets differ by 5, so the maximum leads by at least 1 and no harness step (at most 1/16
// per entry) crosses a kink of max pooling.
Tensor separated_input(const Shape& shape, Rng& rng) {
  Tensor x = rng.uniform(shape, -2.0, 2.0);
  const Index h = shape[2], w = shape[3];
  for (Index i = 0; i < x.numel(); ++i) {
    x.data()[i] += 5.0 * static_cast<double>((3 * (i / w % h) + 5 * (i % w)) % 9);
  }
  return x;
}

TEST(PoolLayers, DerivativesMatchFiniteDifferences) {
  Rng rng(2);
  MaxPool2d max_pool(2);
  expect_layer_derivatives_match("MaxPool2d", max_pool, separated_input(Shape{2, 2, 4, 4}, rng), {});
  MaxPool2d overlapping(3, 1);
  expect_layer_derivatives_match("MaxPool2d overlapping", overlapping,
                                 separated_input(Shape{1, 2, 5, 4}, rng), {});
  AvgPool2d avg_pool(2);
  expect_layer_derivatives_match("AvgPool2d", avg_pool, rng.normal(Shape{2, 2, 4, 4}), {});
  AvgPool2d avg_overlapping(3, 2);
  expect_layer_derivatives_match("AvgPool2d overlapping", avg_overlapping, rng.normal(Shape{1, 1, 7, 5}), {});
}

}  // namespace
}  // namespace parity::nn
