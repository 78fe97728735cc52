// Runs the derivative harness over every row of the op table, for several seeds, and
// checks that every op kind has a row.
#include <gtest/gtest.h>

#include <set>

#include "autograd/op.h"
#include "autograd/op_cases.h"
#include "common/tolerances.h"
#include "tensor/elementwise.h"
#include "tensor/random.h"

namespace parity::testing {
namespace {

constexpr std::uint64_t kSeeds[] = {1, 2, 3};

std::vector<Tensor> sample_point(const OpCase& c, Rng& rng) {
  std::vector<Tensor> point;
  for (const Shape& shape : c.shapes) {
    Tensor t = rng.uniform(shape, c.lo, c.hi);
    if (c.random_sign) {
      for (double& v : t) v = rng.uniform() < 0.5 ? -v : v;
    }
    point.push_back(t);
  }
  return point;
}

class OpHarness : public ::testing::TestWithParam<std::size_t> {};

TEST_P(OpHarness, DerivativesMatchFiniteDifferences) {
  const OpCase& c = op_cases()[GetParam()];
  for (std::uint64_t seed : kSeeds) {
    Rng rng(seed);
    const std::vector<Tensor> point = sample_point(c, rng);
    if (c.reference) {
      std::vector<Var> leaves;
      for (const Tensor& t : point) leaves.emplace_back(t, true);
      const Tensor value = c.build(leaves).value();
      const Tensor expected = c.reference(point);
      ASSERT_EQ(value.shape(), expected.shape()) << c.name;
      for (Index i = 0; i < value.numel(); ++i) {
        EXPECT_NEAR(value.data()[i], expected.data()[i], kTolerances.value * std::max(1.0, std::abs(expected.data()[i])))
            << c.name << " value at " << i;
      }
    }
    expect_derivatives_match(c.name + " seed " + std::to_string(seed), point, c.build, seed * 7919);
  }
}

INSTANTIATE_TEST_SUITE_P(AllOps, OpHarness, ::testing::Range<std::size_t>(0, op_cases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& param) { return op_cases()[param.param].name; });

TEST(OpTable, EveryOpKindHasARowThatBuildsThatOp) {
  std::set<int> covered;
  Rng rng(0);
  for (const OpCase& c : op_cases()) {
    std::vector<Var> leaves;
    for (const Shape& shape : c.shapes) leaves.emplace_back(rng.uniform(shape, 0.5, 1.0), true);
    const Var y = c.build(leaves);
    ASSERT_TRUE(y.node()->op) << c.name << " records no op";
    EXPECT_EQ(y.node()->op->kind(), c.kind) << c.name << " builds " << op_name(y.node()->op->kind());
    covered.insert(static_cast<int>(c.kind));
  }
  for (int k = 0; k < kOpKindCount; ++k) {
    EXPECT_TRUE(covered.count(k)) << "op kind " << op_name(static_cast<OpKind>(k)) << " has no row in the op table";
  }
}

}  // namespace
}  // namespace parity::testing
