// Tests of the elementwise functions: each against a std:: loop, binary functions under
// NumPy broadcasting against a naive index mapping, the stable forms at extreme
// arguments, NaN propagation, masks, where() and clamp().
#include "tensor/elementwise.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();

using ::parity::testing::error_message;

std::vector<double> values_of(const Tensor& t) { return {t.begin(), t.end()}; }

// The flat index into an operand of shape `in` read for element `flat` of the broadcast
// shape `out`: axes aligned on the right, extent-1 axes of `in` always read index 0.
Index broadcast_source(const Shape& out, const Shape& in, Index flat) {
  Index source = 0;
  Index stride = 1;
  for (int axis = out.rank() - 1; axis >= 0; --axis) {
    const Index i = flat % out[axis];
    flat /= out[axis];
    const int own = axis - (out.rank() - in.rank());
    if (own < 0) continue;
    if (in[own] != 1) source += i * stride;
    stride *= in[own];
  }
  return source;
}

using TensorUnary = std::function<Tensor(const Tensor&)>;
using ScalarUnary = std::function<double(double)>;
using TensorBinary = std::function<Tensor(const Tensor&, const Tensor&)>;
using ScalarBinary = std::function<double(double, double)>;

struct UnaryCase {
  std::string name;
  TensorUnary tensor_fn;
  ScalarUnary naive;
  double lo;
  double hi;
  double relative_tolerance;  // 0: the same std:: call, so bitwise equal
};

std::vector<UnaryCase> unary_cases() {
  // The stable sigmoid/softplus/log-sigmoid are compared with their textbook formulas on
  // [-20, 20], where both are accurate to a few ulps.
  return {
      {"neg", [](const Tensor& a) { return neg(a); }, [](double x) { return -x; }, -3, 3, 0},
      {"exp", [](const Tensor& a) { return exp(a); }, [](double x) { return std::exp(x); }, -5, 5, 0},
      {"log", [](const Tensor& a) { return log(a); }, [](double x) { return std::log(x); }, 0.01, 10, 0},
      {"log1p", [](const Tensor& a) { return log1p(a); }, [](double x) { return std::log1p(x); }, -0.99, 3,
       0},
      {"tanh", [](const Tensor& a) { return tanh(a); }, [](double x) { return std::tanh(x); }, -4, 4, 4 * kEps},
      {"sigmoid", [](const Tensor& a) { return sigmoid(a); },
       [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -20, 20, 4 * kEps},
      {"softplus", [](const Tensor& a) { return softplus(a); },
       [](double x) { return std::log1p(std::exp(x)); }, -20, 20, 4 * kEps},
      {"log_sigmoid", [](const Tensor& a) { return log_sigmoid(a); },
       [](double x) { return -std::log1p(std::exp(-x)); }, -20, 20, 4 * kEps},
      {"relu", [](const Tensor& a) { return relu(a); }, [](double x) { return x > 0 ? x : 0.0; }, -3, 3, 0},
      {"leaky_relu", [](const Tensor& a) { return leaky_relu(a, 0.1); },
       [](double x) { return x > 0 ? x : 0.1 * x; }, -3, 3, 0},
      {"abs", [](const Tensor& a) { return abs(a); }, [](double x) { return std::abs(x); }, -3, 3, 0},
      {"sqrt", [](const Tensor& a) { return sqrt(a); }, [](double x) { return std::sqrt(x); }, 0, 9, 0},
      {"square", [](const Tensor& a) { return square(a); }, [](double x) { return x * x; }, -3, 3, 0},
      {"pow", [](const Tensor& a) { return pow(a, 2.5); }, [](double x) { return std::pow(x, 2.5); }, 0, 4,
       0},
      {"clamp", [](const Tensor& a) { return clamp(a, -0.5, 1.0); },
       [](double x) { return std::clamp(x, -0.5, 1.0); }, -3, 3, 0},
  };
}

TEST(Elementwise, TanhIsWithinTwoAndAHalfUlpOfTheExactValueAtEveryScale) {
  // The reference is the 64-bit-mantissa tanhl, exact to far below a double's ulp. Arguments:
  // tiny and subnormal ones, signed zeros, where the reduction changes k, the clamp at 20, the
  // saturated tails, and random ones at scales from 1e-6 to 25.
  std::vector<double> xs{0.0, 5e-324, 1e-300, 1e-8, 0.34657359027997264, 0.34657359027997270, 0.55, 1.0,
                         19.0, 20.0, 20.000000000000004, 400.0, std::numeric_limits<double>::infinity()};
  Rng rng(5);
  const Tensor u = rng.uniform(Shape{60000}, -1.0, 1.0);
  for (Index i = 0; i < u.numel(); ++i) {
    xs.push_back(2.5 * u.data()[i] * std::pow(10.0, static_cast<double>(i % 8) - 6.0));
  }
  for (const double x : xs) {
    for (const double v : {x, -x}) {
      const double got = tanh(Tensor::scalar(v)).item();
      const long double exact = tanhl(static_cast<long double>(v));
      const double nearest = static_cast<double>(exact);
      EXPECT_EQ(std::signbit(got), std::signbit(v)) << v;
      const double ulp = std::nextafter(std::abs(nearest), INFINITY) - std::abs(nearest);
      EXPECT_LE(static_cast<double>(std::abs(static_cast<long double>(got) - exact)), 2.5 * ulp) << "tanh(" << v << ")";
    }
  }
  EXPECT_TRUE(std::isnan(tanh(Tensor::scalar(std::nan(""))).item()));
}

TEST(Elementwise, UnaryFunctionsMatchStdLoops) {
  Rng rng(21);
  for (const UnaryCase& c : unary_cases()) {
    const Tensor x = rng.uniform(Shape{3, 17}, c.lo, c.hi);
    const Tensor y = c.tensor_fn(x);
    ASSERT_EQ(y.shape(), x.shape()) << c.name;
    for (Index i = 0; i < x.numel(); ++i) {
      const double expected = c.naive(x.data()[i]);
      if (c.relative_tolerance == 0) {
        EXPECT_EQ(y.data()[i], expected) << c.name << " at " << x.data()[i];
      } else {
        EXPECT_NEAR(y.data()[i], expected, c.relative_tolerance * std::abs(expected))
            << c.name << " at " << x.data()[i];
      }
    }
    EXPECT_EQ(c.tensor_fn(Tensor(Shape{0, 3})).shape(), (Shape{0, 3})) << c.name;
    EXPECT_EQ(c.tensor_fn(Tensor::scalar(c.lo)).shape(), Shape{}) << c.name;
  }
}

TEST(Elementwise, UnaryFunctionsPropagateNan) {
  for (const UnaryCase& c : unary_cases()) {
    EXPECT_TRUE(std::isnan(c.tensor_fn(Tensor::scalar(kNan)).item())) << c.name;
  }
}

TEST(Elementwise, ScalarArithmeticAndOperators) {
  Rng rng(22);
  const Tensor a = rng.uniform(Shape{2, 3, 4}, 0.5, 2.0);
  const double s = 1.75;
  const std::vector<std::pair<Tensor, ScalarUnary>> cases = {
      {add(a, s), [s](double x) { return x + s; }},
      {sub(a, s), [s](double x) { return x - s; }},
      {mul(a, s), [s](double x) { return x * s; }},
      {div(a, s), [s](double x) { return x / s; }},
      {a + s, [s](double x) { return x + s; }},
      {s + a, [s](double x) { return s + x; }},
      {a - s, [s](double x) { return x - s; }},
      {s - a, [s](double x) { return s - x; }},
      {a * s, [s](double x) { return x * s; }},
      {s * a, [s](double x) { return s * x; }},
      {a / s, [s](double x) { return x / s; }},
      {s / a, [s](double x) { return s / x; }},
      {-a, [](double x) { return -x; }},
  };
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const Tensor& y = cases[k].first;
    ASSERT_EQ(y.shape(), a.shape()) << "case " << k;
    for (Index i = 0; i < a.numel(); ++i)
      EXPECT_EQ(y.data()[i], cases[k].second(a.data()[i])) << "case " << k;
  }
}

struct BinaryOp {
  std::string name;
  TensorBinary tensor_fn;
  ScalarBinary naive;
  bool integer_inputs;  // comparisons: small integers, so that ties occur
};

std::vector<BinaryOp> binary_ops() {
  const auto mask = [](bool b) { return b ? 1.0 : 0.0; };
  return {
      {"add", [](const Tensor& a, const Tensor& b) { return add(a, b); },
       [](double x, double y) { return x + y; }, false},
      {"sub", [](const Tensor& a, const Tensor& b) { return sub(a, b); },
       [](double x, double y) { return x - y; }, false},
      {"mul", [](const Tensor& a, const Tensor& b) { return mul(a, b); },
       [](double x, double y) { return x * y; }, false},
      {"div", [](const Tensor& a, const Tensor& b) { return div(a, b); },
       [](double x, double y) { return x / y; }, false},
      {"maximum", [](const Tensor& a, const Tensor& b) { return maximum(a, b); },
       [](double x, double y) { return std::max(x, y); }, true},
      {"minimum", [](const Tensor& a, const Tensor& b) { return minimum(a, b); },
       [](double x, double y) { return std::min(x, y); }, true},
      {"pow", [](const Tensor& a, const Tensor& b) { return pow(a, b); },
       [](double x, double y) { return std::pow(x, y); }, false},
      {"eq", [](const Tensor& a, const Tensor& b) { return eq(a, b); },
       [=](double x, double y) { return mask(x == y); }, true},
      {"ne", [](const Tensor& a, const Tensor& b) { return ne(a, b); },
       [=](double x, double y) { return mask(x != y); }, true},
      {"lt", [](const Tensor& a, const Tensor& b) { return lt(a, b); },
       [=](double x, double y) { return mask(x < y); }, true},
      {"le", [](const Tensor& a, const Tensor& b) { return le(a, b); },
       [=](double x, double y) { return mask(x <= y); }, true},
      {"gt", [](const Tensor& a, const Tensor& b) { return gt(a, b); },
       [=](double x, double y) { return mask(x > y); }, true},
      {"ge", [](const Tensor& a, const Tensor& b) { return ge(a, b); },
       [=](double x, double y) { return mask(x >= y); }, true},
  };
}

struct BroadcastCase {
  Shape a;
  Shape b;
  Shape out;
};

const std::vector<BroadcastCase>& broadcast_cases() {
  static const std::vector<BroadcastCase> cases = {
      {{3, 1}, {4}, {3, 4}},          {{}, {2, 3}, {2, 3}},
      {{2, 3}, {}, {2, 3}},           {{2, 1, 3}, {4, 1}, {2, 4, 3}},
      {{0, 3}, {1, 3}, {0, 3}},       {{2, 0}, {2, 1}, {2, 0}},
      {{2, 3}, {2, 3}, {2, 3}},       {{4, 1, 5}, {1, 3, 1}, {4, 3, 5}},
      {{5, 6, 7}, {6, 7}, {5, 6, 7}}, {{5, 1, 7}, {5, 6, 1}, {5, 6, 7}},
      {{1}, {3, 1, 2}, {3, 1, 2}},    {{2, 3, 1, 4}, {3, 5, 1}, {2, 3, 5, 4}},
      {{1, 1}, {1}, {1, 1}},
  };
  return cases;
}

Tensor integer_valued(Rng& rng, const Shape& shape) {
  Tensor t = rng.uniform(shape, 0.0, 3.0);
  for (double& x : t) x = std::floor(x);
  return t;
}

TEST(Elementwise, BinaryFunctionsBroadcastLikeNaiveIndexMapping) {
  Rng rng(23);
  for (const BinaryOp& op : binary_ops()) {
    for (const BroadcastCase& c : broadcast_cases()) {
      const Tensor a = op.integer_inputs ? integer_valued(rng, c.a) : rng.uniform(c.a, 0.5, 2.0);
      const Tensor b = op.integer_inputs ? integer_valued(rng, c.b) : rng.uniform(c.b, 0.5, 2.0);
      const Tensor y = op.tensor_fn(a, b);
      ASSERT_EQ(y.shape(), c.out) << op.name << " " << c.a << " with " << c.b;
      for (Index i = 0; i < y.numel(); ++i) {
        const double expected =
            op.naive(a.data()[broadcast_source(c.out, c.a, i)], b.data()[broadcast_source(c.out, c.b, i)]);
        ASSERT_EQ(y.data()[i], expected)
            << op.name << " " << c.a << " with " << c.b << " at flat index " << i;
      }
    }
  }
}

TEST(Elementwise, TensorOperatorsEqualNamedFunctions) {
  Rng rng(24);
  const Tensor a = rng.uniform(Shape{3, 1, 4}, 0.5, 2.0);
  const Tensor b = rng.uniform(Shape{5, 1}, 0.5, 2.0);
  EXPECT_EQ(values_of(a + b), values_of(add(a, b)));
  EXPECT_EQ(values_of(a - b), values_of(sub(a, b)));
  EXPECT_EQ(values_of(a * b), values_of(mul(a, b)));
  EXPECT_EQ(values_of(a / b), values_of(div(a, b)));
}

TEST(Elementwise, IncompatibleShapesAndUndefinedOperandsAreNamed) {
  EXPECT_EQ(error_message([] {
              add(Tensor(Shape{3, 4}), Tensor(Shape{5}));
            }),
            "add(): shapes [3,4] and [5] cannot be broadcast (axis 1: 4 vs 5)");
  EXPECT_EQ(error_message([] {
              mul(Tensor(Shape{2, 3}), Tensor(Shape{3, 2}));
            }),
            "mul(): shapes [2,3] and [3,2] cannot be broadcast (axis 0: 2 vs 3)");
  EXPECT_EQ(error_message([] { lt(Tensor(Shape{2}), Tensor(Shape{3})); }),
            "lt(): shapes [2] and [3] cannot be broadcast (axis 0: 2 vs 3)");
  EXPECT_EQ(error_message([] { sub(Tensor(), Tensor(Shape{3})); }),
            "sub(): first operand is an undefined tensor");
  EXPECT_EQ(error_message([] { div(Tensor(Shape{3}), Tensor()); }),
            "div(): second operand is an undefined tensor");
  EXPECT_EQ(error_message([] { exp(Tensor()); }), "exp(): argument is an undefined tensor");
  EXPECT_EQ(error_message([] { add(Tensor(), 1.0); }), "add(): argument is an undefined tensor");
}

TEST(Elementwise, StableFormsAtExtremeArguments) {
  const Tensor x(Shape{2}, {1000.0, -1000.0});
  EXPECT_EQ(values_of(sigmoid(x)), (std::vector<double>{1.0, 0.0}));
  EXPECT_EQ(values_of(softplus(x)), (std::vector<double>{1000.0, 0.0}));
  EXPECT_EQ(values_of(log_sigmoid(x)), (std::vector<double>{0.0, -1000.0}));

  // Moderately large arguments, where the naive formulas still work, against closed forms:
  // sigmoid(-40) = e^-40 / (1 + e^-40), softplus(-40) = log1p(e^-40), log_sigmoid(40) = -log1p(e^-40).
  const double e40 = std::exp(-40.0);
  EXPECT_NEAR(sigmoid(Tensor::scalar(-40.0)).item(), e40 / (1.0 + e40), 2 * kEps * e40);
  EXPECT_NEAR(softplus(Tensor::scalar(-40.0)).item(), e40, 2 * kEps * e40);
  EXPECT_NEAR(log_sigmoid(Tensor::scalar(40.0)).item(), -e40, 2 * kEps * e40);
  EXPECT_EQ(softplus(Tensor::scalar(40.0)).item(), 40.0 + std::log1p(e40));
  EXPECT_EQ(log_sigmoid(Tensor::scalar(-40.0)).item(), -40.0 - std::log1p(e40));
  EXPECT_EQ(sigmoid(Tensor::scalar(0.0)).item(), 0.5);
}

TEST(Elementwise, SoftplusIsAccurateNearZero) {
  for (double x : {0.0, 1e-300, 1e-12, -1e-12, 1e-8, -1e-8, 1e-3, -1e-3, 0.5, -0.5}) {
    const double expected = std::log1p(std::exp(x));
    EXPECT_NEAR(softplus(Tensor::scalar(x)).item(), expected, 2 * kEps * expected) << x;
    EXPECT_NEAR(log_sigmoid(Tensor::scalar(x)).item(), -std::log1p(std::exp(-x)), 2 * kEps * expected) << x;
  }
}

TEST(Elementwise, ComparisonsGiveZeroOneMasks) {
  const Tensor a(Shape{5}, {1, 2, 3, kNan, -0.0});
  const Tensor b(Shape{5}, {2, 2, 2, kNan, 0.0});
  EXPECT_EQ(values_of(eq(a, b)), (std::vector<double>{0, 1, 0, 0, 1}));
  EXPECT_EQ(values_of(ne(a, b)), (std::vector<double>{1, 0, 1, 1, 0}));
  EXPECT_EQ(values_of(lt(a, b)), (std::vector<double>{1, 0, 0, 0, 0}));
  EXPECT_EQ(values_of(le(a, b)), (std::vector<double>{1, 1, 0, 0, 1}));
  EXPECT_EQ(values_of(gt(a, b)), (std::vector<double>{0, 0, 1, 0, 0}));
  EXPECT_EQ(values_of(ge(a, b)), (std::vector<double>{0, 1, 1, 0, 1}));
  EXPECT_EQ(values_of(eq(a, 2.0)), (std::vector<double>{0, 1, 0, 0, 0}));
  EXPECT_EQ(values_of(ne(a, 2.0)), (std::vector<double>{1, 0, 1, 1, 1}));
  EXPECT_EQ(values_of(lt(a, 2.0)), (std::vector<double>{1, 0, 0, 0, 1}));
  EXPECT_EQ(values_of(le(a, 2.0)), (std::vector<double>{1, 1, 0, 0, 1}));
  EXPECT_EQ(values_of(gt(a, 2.0)), (std::vector<double>{0, 0, 1, 0, 0}));
  EXPECT_EQ(values_of(ge(a, 2.0)), (std::vector<double>{0, 1, 1, 0, 0}));
}

TEST(Elementwise, MaximumAndMinimumPropagateNanInEitherOperand) {
  const Tensor a(Shape{3}, {kNan, 1.0, 2.0});
  const Tensor b(Shape{3}, {1.0, kNan, 3.0});
  for (const Tensor& y : {maximum(a, b), maximum(b, a), minimum(a, b), minimum(b, a)}) {
    EXPECT_TRUE(std::isnan(y.data()[0]));
    EXPECT_TRUE(std::isnan(y.data()[1]));
  }
  EXPECT_EQ(maximum(a, b).data()[2], 3.0);
  EXPECT_EQ(minimum(a, b).data()[2], 2.0);
}

TEST(Elementwise, WhereBroadcastsMaskAndBothChoices) {
  Rng rng(25);
  const Shape mask_shape{2, 1, 1};
  const Shape a_shape{1, 3, 1};
  const Shape b_shape{4};
  const Shape out{2, 3, 4};
  const Tensor mask(mask_shape, {0.0, -2.5});  // any non-zero value selects `a`
  const Tensor a = rng.normal(a_shape);
  const Tensor b = rng.normal(b_shape);
  const Tensor y = where(mask, a, b);
  ASSERT_EQ(y.shape(), out);
  for (Index i = 0; i < y.numel(); ++i) {
    const bool take_a = mask.data()[broadcast_source(out, mask_shape, i)] != 0.0;
    const double expected =
        take_a ? a.data()[broadcast_source(out, a_shape, i)] : b.data()[broadcast_source(out, b_shape, i)];
    EXPECT_EQ(y.data()[i], expected) << i;
  }
  const Tensor m(Shape{3}, {1, 0, 1});
  EXPECT_EQ(values_of(where(m, Tensor(Shape{3}, {1, 2, 3}), Tensor::scalar(-1))),
            (std::vector<double>{1, -1, 3}));
  EXPECT_EQ(error_message([] { where(Tensor(Shape{3}), Tensor(Shape{4}), Tensor(Shape{1})); }),
            "where(): shapes [3] and [4] cannot be broadcast (axis 0: 3 vs 4)");
}

TEST(Elementwise, ClampLimitsAndRejectsInvertedBounds) {
  const Tensor x(Shape{5}, {-3, -1, 0, 1, 3});
  EXPECT_EQ(values_of(clamp(x, -1.5, 2.0)), (std::vector<double>{-1.5, -1, 0, 1, 2}));
  EXPECT_EQ(values_of(clamp(x, 0.5, 0.5)), std::vector<double>(5, 0.5));
  EXPECT_EQ(error_message([&] { clamp(x, 1.0, 0.0); }), "clamp(): lower bound 1 exceeds upper bound 0");
  EXPECT_EQ(error_message([&] { clamp(x, kNan, 0.0); }), "clamp(): lower bound nan exceeds upper bound 0");
}

}  // namespace
}  // namespace parity
