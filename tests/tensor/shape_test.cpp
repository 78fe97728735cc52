#include "tensor/shape.h"

#include <gtest/gtest.h>

#include "tensor/check.h"

namespace parity {
namespace {

TEST(Shape, ExtentsNumelAndPrinting) {
  const Shape s{2, 3, 4};
  EXPECT_EQ(s.rank(), 3);
  EXPECT_EQ(s.numel(), 24);
  EXPECT_EQ(s.size(-1), 4);
  EXPECT_EQ(s.to_string(), "[2,3,4]");
  EXPECT_EQ(Shape{}.numel(), 1);
  EXPECT_EQ(Shape({0, 5}).numel(), 0);
  EXPECT_EQ(s.prepended(7), (Shape{7, 2, 3, 4}));
  EXPECT_EQ(s.slice(1, 3), (Shape{3, 4}));
}

TEST(Shape, BroadcastFollowsNumpyRules) {
  EXPECT_EQ(broadcast_shapes(Shape{3, 1}, Shape{4}, "f()"), (Shape{3, 4}));
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{2, 2}, "f()"), (Shape{2, 2}));
  EXPECT_EQ(broadcast_shapes(Shape{5, 1, 3}, Shape{4, 1}, "f()"), (Shape{5, 4, 3}));
  EXPECT_EQ(broadcast_shapes(Shape{0, 1}, Shape{1, 3}, "f()"), (Shape{0, 3}));
}

TEST(Shape, IncompatibleBroadcastNamesCallerAndShapes) {
  try {
    broadcast_shapes(Shape{3, 4}, Shape{5}, "add()");
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "add(): shapes [3,4] and [5] cannot be broadcast (axis 1: 4 vs 5)");
  }
}

TEST(Shape, RejectsBadAxesAndRanks) {
  EXPECT_THROW(Shape({1, 2, 3, 4, 5, 6, 7, 8, 9}), Error);
  EXPECT_THROW(Shape({-1}), Error);
  EXPECT_THROW((Shape{2, 3}.size(2)), Error);
  EXPECT_EQ((Shape{2, 3}.normalize_axis(-2, "f()")), 0);
}

}  // namespace
}  // namespace parity
