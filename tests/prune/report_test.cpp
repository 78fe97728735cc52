// Tests of prune/report.h: the accuracies, drops and both gaps by hand; a constant predictor is
// flagged as collapsed; bad input is named.
#include "prune/report.h"

#include <gtest/gtest.h>

#include "common/error_message.h"

namespace parity::prune {
namespace {

TEST(PrunedReport, ByHand) {
  const Tensor y(Shape{8}, {1, 0, 1, 0, 1, 0, 1, 1});
  const Tensor s(Shape{8}, {0, 0, 0, 0, 1, 1, 1, 1});
  const Tensor dense(Shape{8}, {1, 0, 1, 0, 1, 0, 0, 1});   // group 0: 4/4, group 1: 3/4
  const Tensor pruned(Shape{8}, {1, 0, 1, 1, 0, 1, 0, 1});  // group 0: 3/4, group 1: 1/4
  const PrunedReport r = pruned_report(y, s, 2, dense, pruned);
  EXPECT_DOUBLE_EQ(r.accuracy, 4.0 / 8);
  EXPECT_DOUBLE_EQ(r.dense_accuracy, 7.0 / 8);
  EXPECT_EQ(r.group_accuracy, (std::vector<double>{0.75, 0.25}));
  EXPECT_EQ(r.dense_group_accuracy, (std::vector<double>{1.0, 0.75}));
  EXPECT_EQ(r.group_drop, (std::vector<double>{0.25, 0.5}));
  EXPECT_DOUBLE_EQ(r.performance_gap, 0.5);
  EXPECT_DOUBLE_EQ(r.degradation_gap, 0.25);
  EXPECT_FALSE(r.collapsed);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[1].tp, 1);
  EXPECT_EQ(r.groups[1].fp, 1);
}

TEST(PrunedReport, ConstantPredictorIsCollapsed) {
  const Tensor y(Shape{4}, {1, 0, 1, 0});
  const Tensor s(Shape{4}, {0, 0, 1, 1});
  const Tensor dense(Shape{4}, {1, 0, 1, 0});
  const PrunedReport r = pruned_report(y, s, 2, dense, Tensor(Shape{4}, {1, 1, 1, 1}));
  EXPECT_TRUE(r.collapsed);
  EXPECT_EQ(r.performance_gap, 0.0);  // "fair", but only because it says nothing
}

TEST(PrunedReport, BadInputIsNamed) {
  const Tensor y(Shape{4}, {1, 0, 1, 0});
  const Tensor s(Shape{4}, {0, 0, 0, 0});
  using testing::error_message;
  EXPECT_EQ(error_message([&] { pruned_report(y, s, 2, y, y); }), "pruned_report(): group 1 has no samples");
  EXPECT_EQ(error_message([&] { pruned_report(y, s, 1, y, y); }),
            "pruned_report(): needs at least 2 groups, got 1");
}

}  // namespace
}  // namespace parity::prune
