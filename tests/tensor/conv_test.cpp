// Tests of the convolution and pooling kernels against naive loops: conv2d against the
// seven-loop definition (strides, paddings, non-square kernels and images, channels), im2col
// entry by entry, col2im and avg_pool2d_transpose as exact adjoints, pooling with ties and NaN,
// and the error messages.
#include "tensor/conv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

double dot(const Tensor& a, const Tensor& b) {
  double total = 0.0;
  for (Index i = 0; i < a.numel(); ++i) total += a.data()[i] * b.data()[i];
  return total;
}

// y[n, o, oh, ow] = sum_{c, i, j} w[o, c, i, j] x[n, c, oh*s - p + i, ow*s - p + j].
Tensor naive_conv2d(const Tensor& x, const Tensor& w, Index s, Index p) {
  const Index n_count = x.size(0), channels = x.size(1), h = x.size(2), width = x.size(3);
  const Index outs = w.size(0), kh = w.size(2), kw = w.size(3);
  const Index out_h = (h + 2 * p - kh) / s + 1;
  const Index out_w = (width + 2 * p - kw) / s + 1;
  Tensor y(Shape{n_count, outs, out_h, out_w});
  for (Index n = 0; n < n_count; ++n) {
    for (Index o = 0; o < outs; ++o) {
      for (Index oh = 0; oh < out_h; ++oh) {
        for (Index ow = 0; ow < out_w; ++ow) {
          double total = 0.0;
          for (Index c = 0; c < channels; ++c) {
            for (Index i = 0; i < kh; ++i) {
              for (Index j = 0; j < kw; ++j) {
                const Index ih = oh * s - p + i;
                const Index iw = ow * s - p + j;
                if (ih < 0 || ih >= h || iw < 0 || iw >= width) continue;
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

struct ConvCase {
  Shape x;
  Shape w;
  Index stride;
  Index padding;
};

TEST(Conv2d, MatchesNaiveSevenLoops) {
  const std::vector<ConvCase> cases = {
      {{1, 1, 5, 5}, {1, 1, 3, 3}, 1, 0}, {{2, 3, 6, 5}, {4, 3, 3, 3}, 1, 1},
      {{2, 2, 7, 7}, {3, 2, 3, 3}, 2, 1}, {{1, 3, 8, 6}, {2, 3, 2, 4}, 2, 0},
      {{3, 2, 9, 7}, {2, 2, 3, 2}, 3, 2}, {{2, 4, 5, 6}, {5, 4, 1, 1}, 1, 0},
      {{1, 2, 4, 4}, {3, 2, 4, 4}, 1, 0}, {{2, 1, 3, 3}, {2, 1, 1, 1}, 2, 2},
      {{1, 2, 6, 9}, {2, 2, 5, 1}, 1, 3}, {{4, 1, 28, 28}, {6, 1, 5, 5}, 1, 2},
      {{2, 2, 1, 3}, {2, 2, 3, 3}, 2, 1}, {{1, 1, 2, 2}, {1, 1, 2, 2}, 3, 0},
  };
  Rng rng(11);
  for (const ConvCase& c : cases) {
    const Tensor x = rng.normal(c.x);
    const Tensor w = rng.normal(c.w);
    const Tensor y = conv2d(x, w, c.stride, c.padding);
    const Tensor expected = naive_conv2d(x, w, c.stride, c.padding);
    ASSERT_EQ(y.shape(), expected.shape()) << "x " << c.x << " w " << c.w;
    for (Index i = 0; i < y.numel(); ++i) {
      ASSERT_NEAR(y.data()[i], expected.data()[i], 1e-12 * std::max(1.0, std::abs(expected.data()[i])))
          << "x " << c.x << " w " << c.w << " stride " << c.stride << " padding " << c.padding << " at " << i;
    }
  }
}

TEST(Conv2d, EmptyBatchGivesAnEmptyOutput) {
  Rng rng(12);
  const Tensor y = conv2d(Tensor(Shape{0, 2, 5, 5}), rng.normal(Shape{3, 2, 3, 3}), 2, 1);
  EXPECT_EQ(y.shape(), (Shape{0, 3, 3, 3}));
  EXPECT_EQ(max_pool2d(Tensor(Shape{0, 2, 4, 4}), 2, 2).values.shape(), (Shape{0, 2, 2, 2}));
}

TEST(Conv2d, Im2colEntriesFollowTheDefinition) {
  Rng rng(3);
  const Tensor x = rng.normal(Shape{2, 2, 5, 4});
  const Window2d win{3, 2, 2, 1};
  const Tensor cols = im2col(x, win);
  const Index out_h = win.out_h(5), out_w = win.out_w(4);
  ASSERT_EQ(cols.shape(), (Shape{2 * 3 * 2, 2 * out_h * out_w}));
  for (Index c = 0; c < 2; ++c) {
    for (Index i = 0; i < 3; ++i) {
      for (Index j = 0; j < 2; ++j) {
        for (Index b = 0; b < 2; ++b) {
          for (Index oh = 0; oh < out_h; ++oh) {
            for (Index ow = 0; ow < out_w; ++ow) {
              const Index ih = oh * 2 - 1 + i;
              const Index iw = ow * 2 - 1 + j;
              const bool inside = ih >= 0 && ih < 5 && iw >= 0 && iw < 4;
              const double expected = inside ? x.at({b, c, ih, iw}) : 0.0;
              EXPECT_EQ(cols.at({(c * 3 + i) * 2 + j, (b * out_h + oh) * out_w + ow}), expected);
            }
          }
        }
      }
    }
  }
}

TEST(Conv2d, Col2imIsTheAdjointOfIm2col) {
  Rng rng(5);
  const std::vector<std::pair<Shape, Window2d>> cases = {
      {{2, 3, 5, 6}, {3, 3, 1, 1}}, {{1, 2, 7, 5}, {2, 3, 2, 2}}, {{3, 2, 4, 4, 4}, {3, 1, 3, 1}}};
  for (const auto& [shape, win] : cases) {
    const Tensor x = rng.normal(shape);
    const Tensor cols = im2col(x, win);
    const Tensor c = rng.normal(cols.shape());
    const Tensor back = col2im(c, shape.slice(shape.rank() - 4, shape.rank()), win);
    ASSERT_EQ(back.shape(), shape);
    EXPECT_NEAR(dot(cols, c), dot(x, back), 1e-12 * std::max(1.0, std::abs(dot(cols, c)))) << shape;
  }
}

TEST(Conv2d, Im2colTreatsLeadingAxesAsIndependentGroups) {
  Rng rng(8);
  const Tensor x = rng.normal(Shape{3, 2, 2, 4, 5});
  const Window2d win{2, 3, 1, 1};
  const Tensor grouped = im2col(x, win);
  const Index block = x.numel() / 3;
  for (Index g = 0; g < 3; ++g) {
    const Tensor one(Shape{2, 2, 4, 5},
                     std::vector<double>(x.data() + g * block, x.data() + (g + 1) * block));
    const Tensor cols = im2col(one, win);
    ASSERT_EQ(grouped.shape(), cols.shape().prepended(3));
    for (Index i = 0; i < cols.numel(); ++i) EXPECT_EQ(grouped.data()[g * cols.numel() + i], cols.data()[i]);
  }
}

TEST(Conv2d, SwapMiddleAxesMovesRuns) {
  // [1, 2, 3, 2] -> [1, 3, 2, 2]: element (i, j, r) moves to (j, i, r).
  Tensor t(Shape{12}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  const Tensor s = swap_middle_axes(t, 1, 2, 3, 2);
  ASSERT_EQ(s.shape(), (Shape{1, 3, 2, 2}));
  const std::vector<double> expected = {0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11};
  EXPECT_EQ(std::vector<double>(s.begin(), s.end()), expected);
}

double naive_window_max(const Tensor& x, Index plane, Index oh, Index ow, Index k, Index s) {
  const Index h = x.size(-2), w = x.size(-1);
  double best = -std::numeric_limits<double>::infinity();
  for (Index i = 0; i < k; ++i) {
    for (Index j = 0; j < k; ++j)
      best = std::max(best, x.data()[plane * h * w + (oh * s + i) * w + ow * s + j]);
  }
  return best;
}

TEST(Pool2d, MaxPoolMatchesNaiveWindowsAndPointsAtTheMaximum) {
  Rng rng(2);
  const Tensor x = rng.normal(Shape{2, 3, 7, 6});
  for (auto [k, s] : std::vector<std::pair<Index, Index>>{{2, 2}, {3, 2}, {3, 1}, {1, 1}}) {
    const MaxPool2dResult r = max_pool2d(x, k, s);
    const Index out_h = (7 - k) / s + 1, out_w = (6 - k) / s + 1;
    ASSERT_EQ(r.values.shape(), (Shape{2, 3, out_h, out_w}));
    Index i = 0;
    for (Index plane = 0; plane < 6; ++plane) {
      for (Index oh = 0; oh < out_h; ++oh) {
        for (Index ow = 0; ow < out_w; ++ow, ++i) {
          EXPECT_EQ(r.values.data()[i], naive_window_max(x, plane, oh, ow, k, s));
          EXPECT_EQ(x.data()[r.argmax[static_cast<std::size_t>(i)]], r.values.data()[i]);
        }
      }
    }
  }
}

TEST(Pool2d, MaxPoolTakesTheFirstOfTiesAndPropagatesNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Tensor x(Shape{1, 1, 2, 4}, {1, 3, 5, nan, 3, 2, 1, 5});
  const MaxPool2dResult r = max_pool2d(x, 2, 2);
  EXPECT_EQ(r.values.data()[0], 3.0);
  EXPECT_EQ(r.argmax[0], 1);
  EXPECT_TRUE(std::isnan(r.values.data()[1]));
  EXPECT_EQ(r.argmax[1], 3);
}

TEST(Pool2d, AvgPoolMatchesWindowMeansAndItsTransposeIsTheAdjoint) {
  Rng rng(4);
  const Tensor x = rng.normal(Shape{2, 2, 6, 5});
  for (auto [k, s] : std::vector<std::pair<Index, Index>>{{2, 2}, {3, 1}, {2, 3}}) {
    const Tensor y = avg_pool2d(x, k, s);
    const Index out_h = (6 - k) / s + 1, out_w = (5 - k) / s + 1;
    ASSERT_EQ(y.shape(), (Shape{2, 2, out_h, out_w}));
    for (Index plane = 0; plane < 4; ++plane) {
      for (Index oh = 0; oh < out_h; ++oh) {
        for (Index ow = 0; ow < out_w; ++ow) {
          double total = 0.0;
          for (Index i = 0; i < k; ++i) {
            for (Index j = 0; j < k; ++j) total += x.data()[plane * 30 + (oh * s + i) * 5 + ow * s + j];
          }
          EXPECT_NEAR(y.data()[(plane * out_h + oh) * out_w + ow], total / static_cast<double>(k * k), 1e-15);
        }
      }
    }
    const Tensor v = rng.normal(y.shape());
    EXPECT_NEAR(dot(y, v), dot(x, avg_pool2d_transpose(v, x.shape(), k, s)), 1e-12);
  }
}

TEST(Conv2d, ErrorsNameTheFunctionAndTheShapes) {
  const Tensor x(Shape{2, 3, 5, 5});
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 2, 3, 3}));
            }),
            "conv2d(): input has 3 channels but the weight expects 2 (input [2,3,5,5], weight [4,2,3,3])");
  EXPECT_EQ(error_message([&] {
              conv2d(Tensor(Shape{3, 5, 5}), Tensor(Shape{4, 3, 3, 3}));
            }),
            "conv2d(): input must be [N, C, H, W], got [3,5,5]");
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 3, 3}));
            }),
            "conv2d(): weight must be [O, C, kh, kw], got [4,3,3]");
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 3, 3, 3}), 0);
            }),
            "conv2d(): stride must be positive, got 0");
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 3, 3, 3}), 1, -1);
            }),
            "conv2d(): padding must be non-negative, got -1");
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 3, 7, 3}));
            }),
            "conv2d(): kernel 7x3 larger than the padded input 5x5");
  EXPECT_EQ(error_message([&] {
              conv2d(x, Tensor(Shape{4, 3, 0, 3}));
            }),
            "conv2d(): empty kernel in weight [4,3,0,3]");
  EXPECT_EQ(error_message([&] {
              col2im(Tensor(Shape{9, 10}), Shape{2, 1, 4, 4}, Window2d{3, 3, 1, 0});
            }),
            "col2im(): columns [9,10] do not match image [2,1,4,4] (expected [..., 9, 8])");
  EXPECT_EQ(error_message([&] {
              im2col(x, Window2d{3, 3, 0, 0});
            }),
            "im2col(): invalid window 3x3 with stride 0 and padding 0");
  EXPECT_EQ(error_message([&] {
              im2col(x, Window2d{8, 2, 1, 1});
            }),
            "im2col(): window 8x2 does not fit the input [2,3,5,5] with padding 1");
  EXPECT_EQ(error_message([&] {
              im2col(Tensor(Shape{3, 5, 5}), Window2d{});
            }),
            "im2col(): input must be [..., B, C, H, W], got [3,5,5]");
  EXPECT_EQ(error_message([&] { swap_middle_axes(Tensor(Shape{12}), 1, 5, 3, 1); }),
            "swap_middle_axes(): view [1,5,3,1] does not fit shape [12]");
}

TEST(Pool2d, ErrorsNameTheFunctionAndTheValues) {
  const Tensor x(Shape{1, 2, 3, 4});
  EXPECT_EQ(error_message([&] { max_pool2d(x, 4, 1); }),
            "max_pool2d(): kernel 4x4 larger than the input plane 3x4");
  EXPECT_EQ(error_message([&] { max_pool2d(x, 2, 0); }), "max_pool2d(): stride must be positive, got 0");
  EXPECT_EQ(error_message([&] { avg_pool2d(x, 0, 1); }), "avg_pool2d(): kernel size must be positive, got 0");
  EXPECT_EQ(error_message([&] { avg_pool2d(Tensor(Shape{4}), 1, 1); }),
            "avg_pool2d(): input needs rank >= 2, got [4]");
  EXPECT_EQ(error_message([&] {
              avg_pool2d_transpose(Tensor(Shape{1, 2, 2, 2}), x.shape(), 2, 2);
            }),
            "avg_pool2d_transpose(): argument of shape [1,2,2,2] for input [1,2,3,4] (expected [1,2,1,2])");
}

}  // namespace
}  // namespace parity
