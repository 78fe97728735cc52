#include "autograd/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/creation.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::testing::HasSubstr;

Tensor scalar_tensor(double v) { return Tensor::scalar(v); }

using ::parity::testing::error_message;

TEST(Engine, ReusedValueAccumulatesEveryPath) {
  // b = a + a; c = b + b = 4a: a recursive "backward into children" gets 2, not 4.
  Var a(scalar_tensor(3.0), true);
  Var b = a + a;
  Var c = b + b;
  c.backward();
  EXPECT_EQ(a.grad().item(), 4.0);
}

TEST(Engine, SharedSubexpressionIsSweptOnce) {
  // y = x^2 used by two branches: d/dx (y * y + y) = 4x^3 + 2x.
  Var x(scalar_tensor(1.5), true);
  Var y = square(x);
  Var z = y * y + y;
  z.backward();
  EXPECT_DOUBLE_EQ(x.grad().item(), 4 * 1.5 * 1.5 * 1.5 + 2 * 1.5);
}

TEST(Engine, BackwardAccumulatesAcrossCallsUntilZeroGrad) {
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  sum(square(x)).backward();
  sum(square(x)).backward();
  EXPECT_EQ(x.grad().at({0}), 4.0);
  EXPECT_EQ(x.grad().at({1}), 8.0);
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
  sum(x).backward();
  EXPECT_EQ(x.grad().at({1}), 1.0);
}

TEST(Engine, LeafGradDoesNotAliasTheSeed) {
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  Tensor seed(Shape{2}, {1.0, 1.0});
  x.backward(seed);
  EXPECT_FALSE(x.grad().shares_storage_with(seed));
}

TEST(Engine, NoGradGuardRecordsNothing) {
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  Var y;
  {
    NoGradGuard guard;
    EXPECT_FALSE(grad_enabled());
    y = exp(x);
  }
  EXPECT_TRUE(grad_enabled());
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_THAT(error_message([&] { sum(y).backward(); }), HasSubstr("backward(): root does not require grad"));
}

TEST(Engine, DisconnectedInputGetsZeroGradient) {
  Var x(Tensor(Shape{3}, {1.0, 2.0, 3.0}), true);
  Var unused(Tensor(Shape{2}, {5.0, 6.0}), true);
  const Tensors g = gradient(sum(x), {x, unused});
  EXPECT_EQ(g[1].shape(), (Shape{2}));
  EXPECT_EQ(g[1].at({0}), 0.0);
  EXPECT_EQ(g[1].at({1}), 0.0);
}

TEST(Engine, ConstantsTakeNoGradient) {
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  Var c(Tensor(Shape{2}, {3.0, 4.0}));
  sum(x * c).backward();
  EXPECT_EQ(x.grad().at({1}), 4.0);
  EXPECT_FALSE(c.grad().defined());
}

TEST(Engine, DeepChainNeitherOverflowsSweepNorDestructor) {
  constexpr int kDepth = 100000;
  Var x(scalar_tensor(0.5), true);
  {
    Var y = x;
    for (int i = 0; i < kDepth; ++i) y = y * 1.0 + 0.0;
    y.backward();
    EXPECT_DOUBLE_EQ(x.grad().item(), 1.0);
    HvpPlan plan(y, {x});
    EXPECT_DOUBLE_EQ(plan.hvp({Tensor(Shape{1}, {1.0})})[0].item(), 0.0);
  }
  EXPECT_TRUE(x.is_leaf());
}

TEST(Engine, HvpCarriesManyDirectionsAtOnce) {
  // f(x) = sum(x^3): H = diag(6x); directions e_0, e_1 and (1, 1).
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  HvpPlan plan(sum(x * x * x), {x});
  const Tensor hv = plan.hvp({Tensor(Shape{3, 2}, {1, 0, 0, 1, 1, 1})})[0];
  EXPECT_EQ(hv.shape(), (Shape{3, 2}));
  const double expected[] = {6, 0, 0, 12, 6, 12};
  for (Index i = 0; i < 6; ++i) EXPECT_DOUBLE_EQ(hv.data()[i], expected[i]);
  EXPECT_DOUBLE_EQ(plan.gradient(0).at({1}), 12.0);
}

TEST(Engine, UnitDirectionsGiveTheDenseSeedsProductsBitForBit) {
  // A matmul layer forms its tangent from unit directions; every other use of the seeded
  // variable (a pointwise op, both inputs of one op, a matmul on a rank-3 input, the right
  // operand of a matmul) gets the dense directions.
  Rng rng(12);
  const Var w(rng.normal(Shape{4, 3}), false);
  const Var b(rng.normal(Shape{3}), false);
  const Var v(rng.normal(Shape{3, 3}), false);
  const std::vector<std::pair<const char*, std::function<Var(const Var&)>>> functions = {
      {"layer", [&](const Var& x) { return sum(tanh(tanh(matmul(x, w) + b))); }},
      {"layer and pointwise", [&](const Var& x) { return sum(square(tanh(x))) + sum(square(matmul(x, w))); }},
      {"both inputs of mul", [&](const Var& x) { return sum(tanh(x * x)); }},
      {"right operand", [&](const Var& x) { return sum(tanh(matmul(v, x))); }},
      {"reshaped", [&](const Var& x) { return sum(tanh(matmul(reshape(x, Shape{3, 2, 2}), reshape(w, Shape{2, 6})))); }},
  };
  const UnitDirections unit{1, 2};
  for (const auto& [name, f] : functions) {
    Var x(rng.normal(Shape{3, 4}), true);
    HvpPlan plan(f(x), {x});
    const Tensor by_unit = plan.hvp(unit);
    const Tensor by_dense = plan.hvp({unit.dense(x.shape())})[0];
    ASSERT_EQ(by_unit.shape(), (Shape{2, 3, 4})) << name;
    for (Index i = 0; i < by_unit.numel(); ++i) ASSERT_EQ(by_unit.data()[i], by_dense.data()[i]) << name << " " << i;
  }
}

TEST(Engine, SampleMajorTargetHoldsTheUnitDirectionsProducts) {
  // hvp(unit, target) lays out hvp(unit)'s [K, rows, features] as rows of [K * features]
  // blocks: a layer's matmul writes them by GEMMs into the target (per direction when K <= rows,
  // per row otherwise), which may round differently from the one GEMM of hvp(unit) (1e-13); every
  // other consumer is copied, bit for bit. Entries past K blocks of each row stay untouched.
  Rng rng(31);
  const Var w(rng.normal(Shape{5, 3}), false);
  const Var b(rng.normal(Shape{3}), false);
  struct Case {
    const char* name;
    std::function<Var(const Var&)> f;
    bool in_place;
  };
  const std::vector<Case> cases = {
      {"layer", [&](const Var& x) { return sum(tanh(tanh(matmul(x, w) + b))); }, true},
      {"layer and pointwise", [&](const Var& x) { return sum(square(tanh(x))) + sum(square(matmul(x, w))); }, false},
      {"both inputs of mul", [&](const Var& x) { return sum(tanh(x * x)); }, false},
      {"no dependence", [&](const Var& x) { return sum(tanh(matmul(Var(x.value()), w))); }, false},
  };
  constexpr double kSentinel = 7.0;
  for (const Index rows : {Index{2}, Index{6}}) {
    for (const Case& c : cases) {
      Var x(rng.normal(Shape{rows, 5}), true);
      Var root = c.f(x);
      if (!root.requires_grad()) root = root + sum(x) * 0.0;
      HvpPlan plan(root, {x});
      const UnitDirections unit{1, 3};
      const Tensor by_unit = plan.hvp(unit);
      const Index stride = 4 * 5;  // one spare block per row
      std::vector<double> target(static_cast<std::size_t>(rows * stride), kSentinel);
      plan.hvp(unit, SampleMajorTarget{target.data(), stride});
      for (Index i = 0; i < rows; ++i) {
        for (Index k = 0; k < 3; ++k) {
          for (Index j = 0; j < 5; ++j) {
            const double expected = by_unit.data()[(k * rows + i) * 5 + j];
            const double actual = target[static_cast<std::size_t>(i * stride + k * 5 + j)];
            if (c.in_place) {
              ASSERT_NEAR(actual, expected, 1e-13 * std::max(1.0, std::abs(expected))) << c.name << " " << rows;
            } else {
              ASSERT_EQ(actual, expected) << c.name << " " << rows;
            }
          }
        }
        for (Index j = 15; j < stride; ++j) ASSERT_EQ(target[static_cast<std::size_t>(i * stride + j)], kSentinel);
      }
    }
  }
}

TEST(Engine, SampleMajorTargetTooNarrowIsRefused) {
  Var x(Tensor(Shape{2, 3}), true);
  HvpPlan plan(sum(tanh(x)), {x});
  std::vector<double> target(12);
  EXPECT_EQ(error_message([&] { plan.hvp(UnitDirections{0, 2}, SampleMajorTarget{target.data(), 5}); }),
            "hvp(): the sample-major target's row stride 5 is less than 2 directions x 3 features");
  EXPECT_EQ(error_message([&] { plan.hvp(UnitDirections{0, 2}, SampleMajorTarget{nullptr, 6}); }),
            "hvp(): the sample-major target has no data");
}

TEST(Engine, UnitDirectionsOutsideTheFeaturesAreRefused) {
  Var x(Tensor(Shape{2, 3}), true);
  HvpPlan plan(sum(tanh(x)), {x});
  EXPECT_EQ(error_message([&] { plan.hvp(UnitDirections{2, 2}); }),
            "hvp(): unit directions 2 to 3 (count 2) are not among the 3 features of [2,3]");
  Var flat(Tensor(Shape{3}), true);
  HvpPlan flat_plan(sum(tanh(flat)), {flat});
  EXPECT_EQ(error_message([&] { flat_plan.hvp(UnitDirections{0, 1}); }),
            "hvp(): unit directions need a variable [rows, ...] of rank >= 2, got [3]");
}

TEST(Engine, InterleavedSweepsOnOneGraphStayIndependent) {
  Var x(Tensor(Shape{2}, {1.0, 2.0}), true);
  Var y = sum(exp(x));
  HvpPlan first(y, {x});
  HvpPlan second(sum(square(y) + x), {x});
  const Tensor direction(Shape{1, 2}, {1.0, 0.0});
  EXPECT_DOUBLE_EQ(first.hvp({direction})[0].at({0, 0}), std::exp(1.0));
  second.hvp({direction});
  EXPECT_DOUBLE_EQ(first.hvp({direction})[0].at({0, 0}), std::exp(1.0));
}

TEST(Engine, BadInputGetsClearErrors) {
  Var x(Tensor(Shape{3}, {1.0, 2.0, 3.0}), true);
  Var y = exp(x);
  EXPECT_EQ(error_message([&] { y.backward(); }),
            "backward(): root of shape [3] is not a scalar; pass a seed of that shape");
  EXPECT_EQ(error_message([&] { y.backward(Tensor(Shape{2})); }), "backward(): seed shape [2] differs from root shape [3]");
  Tensor nan_seed(Shape{3}, {1.0, std::numeric_limits<double>::quiet_NaN(), 0.0});
  EXPECT_THAT(error_message([&] { y.backward(nan_seed); }),
              HasSubstr("backward(): seed holds a non-finite value (nan) at [1] of shape [3]"));
  HvpPlan plan(sum(y), {x});
  EXPECT_EQ(error_message([&] { plan.hvp({Tensor(Shape{2, 4})}); }),
            "hvp(): direction 0 has shape [2,4], expected [K] + [3]");
  EXPECT_THAT(error_message([&] { plan.hvp({Tensor(Shape{1, 3}, {0.0, std::numeric_limits<double>::infinity(), 0.0})}); }),
              HasSubstr("hvp(): direction holds a non-finite value (inf)"));
  EXPECT_EQ(error_message([&] { add(x, Var(Tensor(Shape{4}))); }),
            "add(): shapes [3] and [4] cannot be broadcast (axis 0: 3 vs 4)");
  EXPECT_EQ(error_message([&] { matmul(Var(Tensor(Shape{2, 3})), Var(Tensor(Shape{2, 3}))); }),
            "matmul(): inner dimensions differ: [2,3] vs [2,3]");
  EXPECT_EQ(error_message([&] { gradient(sum(y), {y}); }), "gradient(): wrt[0] must be a leaf that requires grad");
  EXPECT_EQ(error_message([] { const Var undefined_value{Tensor{}}; }), "Var(): value is an undefined tensor");
}

}  // namespace
}  // namespace parity
