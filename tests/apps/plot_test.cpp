#include "plot.h"

#include <gtest/gtest.h>

#include "tensor/check.h"

namespace parity::cli {
namespace {

TEST(ClipToBox, DiagonalLineCrossesTheUnitSquareCornerToCorner) {
  // x1 + x2 - 1 = 0 meets [0, 1]^2 at (0, 1) and (1, 0).
  const std::vector<double> ends = clip_to_box({"", 1.0, 1.0, -1.0}, 0.0, 1.0);
  ASSERT_EQ(ends.size(), 4u);
  EXPECT_DOUBLE_EQ(ends[0], 0.0);
  EXPECT_DOUBLE_EQ(ends[1], 1.0);
  EXPECT_DOUBLE_EQ(ends[2], 1.0);
  EXPECT_DOUBLE_EQ(ends[3], 0.0);
}

TEST(ClipToBox, VerticalAndHorizontalLines) {
  const std::vector<double> vertical = clip_to_box({"", 2.0, 0.0, -1.0}, 0.0, 1.0);  // x1 = 0.5
  ASSERT_EQ(vertical.size(), 4u);
  EXPECT_EQ(vertical, (std::vector<double>{0.5, 0.0, 0.5, 1.0}));
  const std::vector<double> horizontal = clip_to_box({"", 0.0, -4.0, 1.0}, 0.0, 1.0);  // x2 = 0.25
  EXPECT_EQ(horizontal, (std::vector<double>{0.0, 0.25, 1.0, 0.25}));
}

TEST(ClipToBox, LineOutsideTheBoxOrWithoutDirectionGivesNothing) {
  EXPECT_TRUE(clip_to_box({"", 1.0, 1.0, -5.0}, 0.0, 1.0).empty());
  EXPECT_TRUE(clip_to_box({"", 0.0, 0.0, 1.0}, 0.0, 1.0).empty());
}

TEST(PlotBoundaries, RefusesDataWithoutTwoFeatures) {
  data::Dataset points;
  points.X = Tensor(Shape{4, 3});
  try {
    plot_boundaries(points, {{"panel", {}}}, std::filesystem::temp_directory_path() / "parity_plot_test.png");
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "plot_boundaries(): need 2 features, got 3");
  }
}

}  // namespace
}  // namespace parity::cli
