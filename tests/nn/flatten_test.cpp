// Tests of Flatten: [N, ...] -> [N, prod(...)] keeping row-major order, its error, spec, and the
// derivative harness with respect to the input.
#include "nn/flatten.h"

#include <gtest/gtest.h>

#include "nn/layer_harness.h"

namespace parity::nn {
namespace {

TEST(Flatten, KeepsTheBatchAxisAndRowMajorOrder) {
  Rng rng(1);
  const Tensor x = rng.normal(Shape{2, 3, 2, 2});
  const Tensor y = Flatten()(Var(x)).value();
  ASSERT_EQ(y.shape(), (Shape{2, 12}));
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], x.data()[i]);
  EXPECT_EQ(Flatten()(Var(Tensor(Shape{4, 5}))).shape(), (Shape{4, 5}));
  EXPECT_EQ(Flatten()(Var(Tensor(Shape{0, 3, 2}))).shape(), (Shape{0, 6}));
}

TEST(Flatten, NeedsABatchAxis) {
  EXPECT_EQ(error_message([] { Flatten()(Var(Tensor(Shape{6}))); }),
            "Flatten::forward(): input needs rank >= 2 ([N, ...]), got [6]");
  EXPECT_EQ(Flatten().spec().type, "Flatten");
}

TEST(Flatten, DerivativesMatchFiniteDifferences) {
  Rng rng(2);
  Flatten flatten;
  expect_layer_derivatives_match("Flatten", flatten, rng.normal(Shape{2, 2, 3, 2}), {});
}

}  // namespace
}  // namespace parity::nn
