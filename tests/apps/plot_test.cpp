#include "plot.h"

#include <gtest/gtest.h>

#include "tensor/check.h"

namespace parity::cli {
namespace {

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
