// Tests of the creation functions: constant tensors, eye, arange (both step signs,
// empty and non-integer steps), linspace with exact endpoints, from_vector.
#include "tensor/creation.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

std::vector<double> values_of(const Tensor& t) { return {t.begin(), t.end()}; }

TEST(Creation, ConstantTensors) {
  EXPECT_EQ(zeros(Shape{2, 3}).shape(), (Shape{2, 3}));
  EXPECT_EQ(values_of(zeros(Shape{2, 3})), std::vector<double>(6, 0.0));
  EXPECT_EQ(values_of(ones(Shape{4})), std::vector<double>(4, 1.0));
  EXPECT_EQ(values_of(full(Shape{3, 1, 2}, -2.5)), std::vector<double>(6, -2.5));
  EXPECT_EQ(full(Shape{}, 7.0).item(), 7.0);
  EXPECT_EQ(ones(Shape{0, 5}).numel(), 0);
  EXPECT_EQ(ones(Shape{0, 5}).shape(), (Shape{0, 5}));
}

TEST(Creation, EyeIsTheIdentity) {
  const Tensor i4 = eye(4);
  ASSERT_EQ(i4.shape(), (Shape{4, 4}));
  for (Index r = 0; r < 4; ++r) {
    for (Index c = 0; c < 4; ++c) EXPECT_EQ(i4.at({r, c}), r == c ? 1.0 : 0.0);
  }
  EXPECT_EQ(eye(0).shape(), (Shape{0, 0}));
  EXPECT_EQ(eye(1).item(), 1.0);
  EXPECT_EQ(error_message([] { eye(-1); }), "eye(): negative size -1");
}

TEST(Creation, ArangeStopsBeforeStop) {
  EXPECT_EQ(values_of(arange(0, 5)), (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_EQ(values_of(arange(2, 3.5, 0.5)), (std::vector<double>{2, 2.5, 3}));
  EXPECT_EQ(values_of(arange(5, 0, -1.5)), (std::vector<double>{5, 3.5, 2, 0.5}));
  EXPECT_EQ(values_of(arange(-1, -3, -1)), (std::vector<double>{-1, -2}));
  EXPECT_EQ(arange(0, 5).shape(), (Shape{5}));
}

TEST(Creation, ArangeWithNonIntegerStepIsStartPlusMultiples) {
  // ceil((stop - start) / step) elements, element i = start + i * step (as NumPy).
  const Tensor t = arange(0.0, 1.0, 0.3);
  ASSERT_EQ(t.shape(), (Shape{4}));
  for (Index i = 0; i < 4; ++i) EXPECT_EQ(t.at({i}), static_cast<double>(i) * 0.3);
  const Tensor tenths = arange(0.0, 1.0, 0.1);
  ASSERT_EQ(tenths.numel(), 10);
  EXPECT_EQ(tenths.at({9}), 9 * 0.1);
  const Tensor down = arange(1.0, 0.0, -0.25);
  EXPECT_EQ(values_of(down), (std::vector<double>{1.0, 0.75, 0.5, 0.25}));
}

TEST(Creation, ArangeEmptyResults) {
  EXPECT_EQ(arange(3, 3).shape(), (Shape{0}));
  EXPECT_EQ(arange(5, 0, 1).shape(), (Shape{0}));
  EXPECT_EQ(arange(0, 5, -1).shape(), (Shape{0}));
}

TEST(Creation, ArangeRejectsBadArguments) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_message([] { arange(0, 1, 0); }), "arange(): step must be finite and non-zero, got 0");
  EXPECT_EQ(error_message([&] { arange(0, 1, inf); }), "arange(): step must be finite and non-zero, got inf");
  EXPECT_EQ(error_message([&] { arange(nan, 1); }), "arange(): bounds must be finite, got nan and 1");
  EXPECT_EQ(error_message([&] { arange(0, inf); }), "arange(): bounds must be finite, got 0 and inf");
  EXPECT_EQ(error_message([] { arange(0, 1e300, 1e-300); }),
            "arange(): too many elements: (1e+300 - 0) / 1e-300 = inf");
}

TEST(Creation, LinspaceHitsBothEndpointsExactly) {
  EXPECT_EQ(values_of(linspace(0, 1, 5)), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(values_of(linspace(1, -1, 3)), (std::vector<double>{1, 0, -1}));
  // Here start + 4 * ((stop - start) / 4) rounds to 2.9000000000000004, not 2.9.
  const Tensor t = linspace(-1.3, 2.9, 5);
  ASSERT_EQ(t.shape(), (Shape{5}));
  EXPECT_EQ(t.at({0}), -1.3);
  EXPECT_EQ(t.at({4}), 2.9);
  for (Index i = 0; i < 5; ++i) EXPECT_NEAR(t.at({i}), -1.3 + 1.05 * static_cast<double>(i), 4e-15);
  EXPECT_EQ(linspace(0.1, 0.9, 12).at({11}), 0.9);
  EXPECT_EQ(values_of(linspace(2, 9, 1)), (std::vector<double>{2}));
  EXPECT_EQ(values_of(linspace(3, 3, 2)), (std::vector<double>{3, 3}));
  EXPECT_EQ(error_message([] { linspace(0, 1, 0); }), "linspace(): count must be >= 1, got 0");
}

TEST(Creation, FromVectorKeepsRowMajorOrder) {
  const Tensor t = from_vector({1, 2, 3, 4, 5, 6}, Shape{3, 2});
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_EQ(t.at({2, 0}), 5.0);
  EXPECT_EQ(t.at({0, 1}), 2.0);
  EXPECT_EQ(from_vector({}, Shape{0, 2}).shape(), (Shape{0, 2}));
  EXPECT_EQ(from_vector({4}, Shape{}).item(), 4.0);
  EXPECT_EQ(error_message([] {
              from_vector({1, 2, 3}, Shape{2, 2});
            }),
            "from_vector(): shape [2,2] needs 4 values, got 3");
}

}  // namespace
}  // namespace parity
