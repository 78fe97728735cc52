// Tests of the ROC curve and AUC: the area against the Mann-Whitney pair count on random
// scores with ties, hand-computed curves, the undefined cases and the input checks.
#include "fairness/roc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "fairness/datasets.h"
#include "tensor/random.h"

namespace parity::fairness {
namespace {

using testing::error_message;

// (#{t_pos > t_neg} + 1/2 #{t_pos = t_neg}) / (P N) by counting every pair.
double pair_count_auc(const std::vector<double>& y, const std::vector<double>& t) {
  double wins = 0.0;
  double pairs = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (y[i] != 1.0 || y[j] != 0.0) continue;
      pairs += 1.0;
      wins += t[i] > t[j] ? 1.0 : (t[i] == t[j] ? 0.5 : 0.0);
    }
  }
  return wins / pairs;
}

TEST(RocCurve, AreaEqualsPairCountWithTies) {
  Rng rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> y;
    std::vector<double> t;
    for (int i = 0; i < 60; ++i) {
      y.push_back(rng.uniform() < 0.4 ? 1.0 : 0.0);
      // Scores on a grid of 8 values, so that ties across the classes are common.
      t.push_back(std::floor(8.0 * rng.uniform()) / 8.0 + 0.1 * y.back());
    }
    const Roc roc = roc_curve(y, t);
    ASSERT_TRUE(roc.auc.has_value());
    EXPECT_NEAR(*roc.auc, pair_count_auc(y, t), 1e-14) << "trial " << trial;
  }
}

TEST(RocCurve, HandComputedCurve) {
  // Scores 0.9 (y=1), 0.8 (y=0), 0.8 (y=1), 0.1 (y=0): P = N = 2.
  const std::vector<double> y{1, 0, 1, 0};
  const std::vector<double> t{0.9, 0.8, 0.8, 0.1};
  const Roc roc = roc_curve(y, t);
  ASSERT_EQ(roc.points.size(), 3u);
  EXPECT_EQ(roc.points[0].threshold, 0.9);
  EXPECT_EQ(roc.points[0].fpr, 0.0);
  EXPECT_EQ(roc.points[0].tpr, 0.5);
  EXPECT_EQ(roc.points[1].threshold, 0.8);
  EXPECT_EQ(roc.points[1].fpr, 0.5);
  EXPECT_EQ(roc.points[1].tpr, 1.0);
  EXPECT_EQ(roc.points[2].fpr, 1.0);
  EXPECT_EQ(roc.points[2].tpr, 1.0);
  // Pairs: (0.9 vs 0.8) win, (0.9 vs 0.1) win, (0.8 vs 0.8) half, (0.8 vs 0.1) win.
  EXPECT_DOUBLE_EQ(*roc.auc, 3.5 / 4.0);
}

TEST(RocCurve, PerfectAndReversedRanking) {
  const std::vector<double> y{0, 0, 1, 1};
  EXPECT_EQ(*roc_curve(y, std::vector<double>{0.1, 0.2, 0.3, 0.4}).auc, 1.0);
  EXPECT_EQ(*roc_curve(y, std::vector<double>{0.4, 0.3, 0.2, 0.1}).auc, 0.0);
  EXPECT_EQ(*roc_curve(y, std::vector<double>{0.5, 0.5, 0.5, 0.5}).auc, 0.5);
}

TEST(RocCurve, UndefinedWithOneClass) {
  const Roc roc = roc_curve(std::vector<double>{1, 1}, std::vector<double>{0.2, 0.7});
  EXPECT_FALSE(roc.auc.has_value());
  EXPECT_TRUE(roc.points.empty());
}

TEST(RocCurve, BadInputIsRefused) {
  const std::vector<double> y{0, 1};
  EXPECT_EQ(error_message([&] { roc_curve(y, std::vector<double>{0.5}); }), "roc_curve(): 2 labels for 1 scores");
  EXPECT_EQ(error_message([&] { roc_curve(std::vector<double>{0, 2}, std::vector<double>{0.1, 0.2}); }),
            "roc_curve(): labels[1] = 2 is not 0 or 1");
  EXPECT_EQ(error_message([&] {
              roc_curve(y, std::vector<double>{0.1, std::numeric_limits<double>::quiet_NaN()});
            }),
            "roc_curve(): scores[1] = nan is not finite");
}

}  // namespace
}  // namespace parity::fairness
