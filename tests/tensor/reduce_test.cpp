// Tests of the reductions: every axis (also negative) of rank-1..4 tensors with and without
// keepdim against naive per-lane loops, the all-element forms, NaN and tie semantics,
// logsumexp at extreme arguments, empty reductions, and sum_to_shape as the adjoint of
// broadcast_to: <broadcast_to(x, S), y> = <x, sum_to_shape(y, shape(x))>.
#include "tensor/reduce.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/random.h"
#include "tensor/shape_ops.h"

namespace parity {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Lanes hold at most 5 standard normals, so a sum's rounding error n * eps * sum|x| stays
// below 5 * 2.2e-16 * 25 ~ 3e-14.
constexpr double kSumTolerance = 1e-13;

using ::parity::testing::error_message;

std::vector<double> values_of(const Tensor& t) { return {t.begin(), t.end()}; }

// The values along `axis` for every position of the other axes, positions in row-major
// order and values in increasing index along `axis`.
std::vector<std::vector<double>> lanes(const Tensor& a, int axis) {
  const Shape& s = a.shape();
  std::vector<std::vector<double>> result(static_cast<std::size_t>(s.numel() / s[axis]));
  for (Index flat = 0; flat < a.numel(); ++flat) {
    Index rest = flat;
    Index position = 0;
    Index stride = 1;
    for (int d = s.rank() - 1; d >= 0; --d) {
      const Index i = rest % s[d];
      rest /= s[d];
      if (d == axis) continue;
      position += i * stride;
      stride *= s[d];
    }
    result[static_cast<std::size_t>(position)].push_back(a.data()[flat]);
  }
  return result;
}

Shape reduced_shape(const Shape& s, int axis, bool keepdim) {
  Shape out;
  for (int d = 0; d < s.rank(); ++d) {
    if (d != axis) out.push_back(s[d]);
    if (d == axis && keepdim) out.push_back(1);
  }
  return out;
}

double lane_sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double lane_mean(const std::vector<double>& v) { return lane_sum(v) / static_cast<double>(v.size()); }
double lane_max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }
double lane_min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double lane_argmax(const std::vector<double>& v) {
  return static_cast<double>(std::max_element(v.begin(), v.end()) - v.begin());
}
double lane_logsumexp(const std::vector<double>& v) {
  double total = 0.0;
  for (double x : v) total += std::exp(x);
  return std::log(total);
}

struct Reduction {
  std::string name;
  std::function<Tensor(const Tensor&, int, bool)> along_axis;
  std::function<Tensor(const Tensor&)> all;  // empty for argmax, which has no all-element form
  std::function<double(const std::vector<double>&)> naive;
  double tolerance;  // 0: exact
};

std::vector<Reduction> reductions() {
  return {
      {"sum", [](const Tensor& a, int ax, bool k) { return sum(a, ax, k); },
       [](const Tensor& a) { return sum(a); }, lane_sum, kSumTolerance},
      {"mean", [](const Tensor& a, int ax, bool k) { return mean(a, ax, k); },
       [](const Tensor& a) { return mean(a); }, lane_mean, kSumTolerance},
      {"max", [](const Tensor& a, int ax, bool k) { return max(a, ax, k); },
       [](const Tensor& a) { return max(a); }, lane_max, 0},
      {"min", [](const Tensor& a, int ax, bool k) { return min(a, ax, k); },
       [](const Tensor& a) { return min(a); }, lane_min, 0},
      {"argmax", [](const Tensor& a, int ax, bool k) { return argmax(a, ax, k); }, nullptr, lane_argmax, 0},
      {"logsumexp", [](const Tensor& a, int ax, bool k) { return logsumexp(a, ax, k); },
       [](const Tensor& a) { return logsumexp(a); }, lane_logsumexp, kSumTolerance},
  };
}

void expect_close(double actual, double expected, double tolerance, const std::string& context) {
  if (tolerance == 0) {
    EXPECT_EQ(actual, expected) << context;
  } else {
    EXPECT_NEAR(actual, expected, tolerance) << context;
  }
}

TEST(Reduce, EveryAxisOfRanksOneToFourMatchesNaiveLanes) {
  Rng rng(31);
  const std::vector<Shape> shapes = {{5}, {3, 4}, {2, 3, 4}, {2, 3, 2, 3}};
  for (const Reduction& r : reductions()) {
    for (const Shape& shape : shapes) {
      const Tensor a = rng.normal(shape);
      for (int axis = -shape.rank(); axis < shape.rank(); ++axis) {
        const int resolved = axis < 0 ? axis + shape.rank() : axis;
        const std::vector<std::vector<double>> expected = lanes(a, resolved);
        for (bool keepdim : {false, true}) {
          const std::string context = r.name + " of " + shape.to_string() + " along " + std::to_string(axis) +
                                      (keepdim ? " keepdim" : "");
          const Tensor y = r.along_axis(a, axis, keepdim);
          ASSERT_EQ(y.shape(), reduced_shape(shape, resolved, keepdim)) << context;
          ASSERT_EQ(static_cast<std::size_t>(y.numel()), expected.size()) << context;
          for (Index i = 0; i < y.numel(); ++i) {
            expect_close(y.data()[i], r.naive(expected[static_cast<std::size_t>(i)]), r.tolerance, context);
          }
        }
      }
    }
  }
}

TEST(Reduce, AllElementFormsGiveRankZeroResults) {
  Rng rng(32);
  const Tensor a = rng.normal(Shape{2, 3, 4});
  const std::vector<double> all(a.begin(), a.end());
  for (const Reduction& r : reductions()) {
    if (!r.all) continue;
    const Tensor y = r.all(a);
    EXPECT_EQ(y.shape(), Shape{}) << r.name;
    expect_close(y.item(), r.naive(all), r.tolerance, r.name);
    expect_close(r.all(Tensor::scalar(0.25)).item(), 0.25, r.tolerance, r.name + " of a scalar");
  }
  EXPECT_EQ(sum(Tensor(Shape{2, 0})).item(), 0.0);
}

TEST(Reduce, AxisOutOfRangeIsRejected) {
  const Tensor a(Shape{2, 3, 4});
  EXPECT_EQ(error_message([&] { sum(a, 3); }), "sum(): axis 3 out of range for shape [2,3,4]");
  EXPECT_EQ(error_message([&] { max(a, -4); }), "max(): axis -4 out of range for shape [2,3,4]");
  EXPECT_EQ(error_message([] { mean(Tensor::scalar(1.0), 0); }), "mean(): axis 0 out of range for shape []");
  EXPECT_EQ(error_message([] { sum(Tensor()); }), "sum(): argument is an undefined tensor");
  EXPECT_EQ(error_message([] { argmax(Tensor(), 0); }), "argmax(): argument is an undefined tensor");
}

// max and min propagate NaN (as NumPy's max/min): a lane holding a NaN reduces to NaN,
// other lanes are unaffected. argmax treats NaN as the maximum and returns the index of
// the first NaN (as NumPy's argmax).
TEST(Reduce, NanPropagatesThroughMaxAndMin) {
  const Tensor a(Shape{3, 3}, {1, kNan, 3, kNan, 5, 0, 2, 4, 6});
  for (const Tensor& y : {max(a, 1), min(a, 1)}) {
    EXPECT_TRUE(std::isnan(y.data()[0]));
    EXPECT_TRUE(std::isnan(y.data()[1]));
  }
  EXPECT_EQ(max(a, 1).data()[2], 6.0);
  EXPECT_EQ(min(a, 1).data()[2], 2.0);
  EXPECT_TRUE(std::isnan(max(a).item()));
  EXPECT_TRUE(std::isnan(min(a).item()));
  EXPECT_EQ(values_of(argmax(a, 1)), (std::vector<double>{1, 0, 2}));
  EXPECT_EQ(values_of(argmax(Tensor(Shape{4}, {1, kNan, 9, kNan}), 0)), (std::vector<double>{1}));
  EXPECT_TRUE(std::isnan(logsumexp(a, 1).data()[0]));
  EXPECT_TRUE(std::isnan(sum(a, 0).data()[1]));
}

TEST(Reduce, ArgmaxReturnsTheFirstMaximum) {
  EXPECT_EQ(argmax(Tensor(Shape{4}, {3, 7, 7, 1}), 0).item(), 1.0);
  EXPECT_EQ(values_of(argmax(Tensor(Shape{2, 2}, {1, 5, 1, 5}), 0)), (std::vector<double>{0, 0}));
  EXPECT_EQ(argmax(Tensor(Shape{3}, {-kInf, -kInf, -kInf}), 0).item(), 0.0);
  EXPECT_EQ(argmax(Tensor(Shape{3}, {-kInf, kInf, kInf}), 0).item(), 1.0);
  const Tensor kept = argmax(Tensor(Shape{2, 3}, {0, 2, 2, 9, 1, 9}), -1, true);
  EXPECT_EQ(kept.shape(), (Shape{2, 1}));
  EXPECT_EQ(values_of(kept), (std::vector<double>{1, 0}));
}

TEST(Reduce, LogsumexpIsStableAtExtremeArguments) {
  EXPECT_EQ(logsumexp(Tensor(Shape{2}, {1000, 1000})).item(), 1000.0 + std::log(2.0));
  EXPECT_EQ(logsumexp(Tensor(Shape{2}, {-1000, -1000})).item(), -1000.0 + std::log(2.0));
  EXPECT_NEAR(logsumexp(Tensor(Shape{2}, {1000, 0})).item(), 1000.0, 1e-12);
  EXPECT_EQ(logsumexp(Tensor(Shape{3}, {-kInf, -kInf, -kInf})).item(), -kInf);
  EXPECT_EQ(logsumexp(Tensor(Shape{2}, {0.0, kInf})).item(), kInf);
  // One all -inf row beside an ordinary one.
  const Tensor rows(Shape{2, 2}, {0.0, -kInf, -kInf, -kInf});
  EXPECT_EQ(values_of(logsumexp(rows, 1)), (std::vector<double>{0.0, -kInf}));
  const Tensor columns = logsumexp(rows, 0, true);
  EXPECT_EQ(columns.shape(), (Shape{1, 2}));
  EXPECT_EQ(values_of(columns), (std::vector<double>{0.0, -kInf}));
}

TEST(Reduce, EmptyReductions) {
  // A sum over no elements is 0; mean, max, min, argmax and logsumexp have no value there.
  EXPECT_EQ(values_of(sum(Tensor(Shape{2, 0}), 1)), (std::vector<double>{0, 0}));
  EXPECT_EQ(sum(Tensor(Shape{2, 0}), 0).shape(), (Shape{0}));
  EXPECT_EQ(max(Tensor(Shape{2, 0}), 0, true).shape(), (Shape{1, 0}));
  EXPECT_EQ(error_message([] { mean(Tensor(Shape{0})); }),
            "mean(): empty reduction over all elements of shape [0]");
  EXPECT_EQ(error_message([] {
              max(Tensor(Shape{2, 0}));
            }),
            "max(): empty reduction over all elements of shape [2,0]");
  EXPECT_EQ(error_message([] {
              min(Tensor(Shape{0, 3}));
            }),
            "min(): empty reduction over all elements of shape [0,3]");
  EXPECT_EQ(error_message([] { logsumexp(Tensor(Shape{0})); }),
            "logsumexp(): empty reduction over all elements of shape [0]");
  EXPECT_EQ(error_message([] {
              mean(Tensor(Shape{3, 0}), -1);
            }),
            "mean(): empty reduction along axis -1 of shape [3,0]");
  EXPECT_EQ(error_message([] {
              max(Tensor(Shape{2, 0}), 1);
            }),
            "max(): empty reduction along axis 1 of shape [2,0]");
  EXPECT_EQ(error_message([] {
              min(Tensor(Shape{0, 2}), 0);
            }),
            "min(): empty reduction along axis 0 of shape [0,2]");
  EXPECT_EQ(error_message([] { argmax(Tensor(Shape{0}), 0); }),
            "argmax(): empty reduction along axis 0 of shape [0]");
  EXPECT_EQ(error_message([] {
              logsumexp(Tensor(Shape{4, 0}), 1);
            }),
            "logsumexp(): empty reduction along axis 1 of shape [4,0]");
}

double dot(const Tensor& a, const Tensor& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

TEST(Reduce, SumToShapeIsTheAdjointOfBroadcastTo) {
  struct Pair {
    Shape small;
    Shape big;
  };
  const std::vector<Pair> pairs = {
      {{3, 1}, {3, 4}},       {{4}, {3, 4}},
      {{}, {2, 3}},           {{2, 1, 3}, {2, 4, 3}},
      {{1, 3, 1}, {5, 3, 2}}, {{3, 4}, {3, 4}},
      {{1}, {2, 3}},          {{2, 1, 3}, {5, 2, 4, 3}},
      {{1, 1}, {1, 1}},       {{6, 1, 1, 5}, {6, 7, 2, 5}},
      {{1, 3}, {0, 3}},
  };
  Rng rng(33);
  for (const Pair& p : pairs) {
    const Tensor x = rng.normal(p.small);
    const Tensor y = rng.normal(p.big);
    const Tensor reduced = sum_to_shape(y, p.small);
    ASSERT_EQ(reduced.shape(), p.small) << p.small << " from " << p.big;
    const double lhs = dot(broadcast_to(x, p.big), y);
    const double rhs = dot(x, reduced);
    // Both sides add the same numel(big) products in different orders: each is within
    // numel * eps * sum|x_i y_i| of the exact value.
    const double scale = dot(abs(broadcast_to(x, p.big)), abs(y));
    const double bound = static_cast<double>(y.numel()) * std::numeric_limits<double>::epsilon() * scale;
    EXPECT_NEAR(lhs, rhs, 2.0 * bound) << p.small << " from " << p.big;
  }
}

TEST(Reduce, SumToShapeAddsOverBroadcastAxes) {
  const Tensor y(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(values_of(sum_to_shape(y, Shape{3})), (std::vector<double>{5, 7, 9}));
  EXPECT_EQ(values_of(sum_to_shape(y, Shape{2, 1})), (std::vector<double>{6, 15}));
  EXPECT_EQ(sum_to_shape(y, Shape{}).item(), 21.0);
  EXPECT_EQ(values_of(sum_to_shape(Tensor(Shape{0, 2}), Shape{1, 2})), (std::vector<double>{0, 0}));
  EXPECT_EQ(error_message([&] { sum_to_shape(y, Shape{4}); }),
            "sum_to_shape(): shapes [4] and [2,3] cannot be broadcast (axis 1: 4 vs 3)");
  EXPECT_EQ(error_message([&] {
              sum_to_shape(y, Shape{5, 2, 3});
            }),
            "sum_to_shape(): [5,2,3] does not broadcast to [2,3]");
  EXPECT_EQ(error_message([] { sum_to_shape(Tensor(), Shape{1}); }),
            "sum_to_shape(): argument is an undefined tensor");
}

}  // namespace
}  // namespace parity
