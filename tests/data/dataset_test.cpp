// Tests for Dataset: sizes, subsets, per-class and per-group counts against hand counts, and
// the validation messages.
#include "data/dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// Five samples of two features; classes {no, yes}, groups {g0, g1, g2}.
Dataset sample() {
  Dataset d;
  d.X = Tensor(Shape{5, 2}, {0, 1, 10, 11, 20, 21, 30, 31, 40, 41});
  d.y = Tensor(Shape{5}, {0, 1, 1, 0, 1});
  d.s = Tensor(Shape{5}, {2, 0, 2, 2, 1});
  d.feature_names = {"a", "b"};
  d.class_names = {"no", "yes"};
  d.group_names = {"g0", "g1", "g2"};
  return d;
}

TEST(Dataset, SizesAndCounts) {
  const Dataset d = sample();
  EXPECT_EQ(d.size(), 5);
  EXPECT_EQ(d.num_features(), 2);
  EXPECT_EQ(d.num_classes(), 2);
  EXPECT_EQ(d.num_groups(), 3);
  EXPECT_EQ(d.class_counts(), (std::vector<Index>{2, 3}));
  EXPECT_EQ(d.group_counts(), (std::vector<Index>{1, 1, 3}));
  EXPECT_EQ(d.class_group_counts(), (std::vector<std::vector<Index>>{{0, 0, 2}, {1, 1, 1}}));
  EXPECT_EQ(Dataset{}.size(), 0);
}

TEST(Dataset, SubsetGathersRowsAndKeepsNames) {
  const std::vector<Index> rows{4, 1, 1};
  const Dataset sub = sample().subset(rows);
  EXPECT_EQ(std::vector<double>(sub.X.begin(), sub.X.end()), (std::vector<double>{40, 41, 10, 11, 10, 11}));
  EXPECT_EQ(std::vector<double>(sub.y.begin(), sub.y.end()), (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(std::vector<double>(sub.s.begin(), sub.s.end()), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(sub.feature_names, sample().feature_names);
  EXPECT_EQ(sub.group_names, sample().group_names);
  EXPECT_EQ(sample().subset(std::vector<Index>{}).size(), 0);
}

TEST(Dataset, ImagesCountTrailingExtentsAsFeatures) {
  Dataset d;
  d.X = Tensor(Shape{3, 1, 2, 4});
  EXPECT_EQ(d.num_features(), 8);
}

TEST(Dataset, ValidationMessages) {
  Dataset d = sample();
  d.y.data()[3] = 2;
  EXPECT_EQ(error_message([&] { d.class_counts(); }), "Dataset::class_counts(): y[3] = 2 is not an id in [0, 2)");
  d = sample();
  d.s.data()[0] = 0.5;
  EXPECT_EQ(error_message([&] { d.group_counts(); }), "Dataset::group_counts(): s[0] = 0.5 is not an id in [0, 3)");
  d = sample();
  d.y = Tensor(Shape{4});
  EXPECT_EQ(error_message([&] { d.validate("f()"); }), "f(): y has shape [4], expected [5]");
  d = sample();
  d.feature_names = {"a"};
  EXPECT_EQ(error_message([&] { d.validate("f()"); }), "f(): 1 feature names for 2 features");
  d = sample();
  d.X = Tensor(Shape{5});
  EXPECT_EQ(error_message([&] { d.validate("f()"); }), "f(): X must be [n, ...] with rank >= 2, got [5]");
  d = sample();
  d.X.data()[3] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(error_message([&] { d.validate("f()"); }).find("f()"), std::string::npos);
  EXPECT_EQ(error_message([] { Dataset{}.validate("f()"); }).rfind("f()", 0), 0u);
}

}  // namespace
}  // namespace parity::data
