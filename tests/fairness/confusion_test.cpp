// Tests of the per-group confusion matrices and rates: the hand-computed datasets of
// datasets.h, [n,1] columns, empty groups, undefined rates, sample
// permutations, and every input-validation message.
#include "fairness/confusion.h"

#include <gtest/gtest.h>

#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "fairness/datasets.h"
#include "tensor/random.h"

namespace parity::fairness {
namespace {

using testing::column;
using testing::error_message;

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(GroupConfusions, TwoGroupsMatchHandCounts) {
  const auto d = testing::two_groups();
  const std::vector<Confusion> groups = group_confusions(d.y, d.y_hat, d.s);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (Confusion{.tn = 3, .fp = 1, .fn = 1, .tp = 3}));
  EXPECT_EQ(groups[1], (Confusion{.tn = 3, .fp = 2, .fn = 2, .tp = 1}));
  EXPECT_EQ(total(groups), (Confusion{.tn = 6, .fp = 3, .fn = 3, .tp = 4}));
}

TEST(GroupConfusions, TwoGroupsRatesMatchHandValues) {
  const auto d = testing::two_groups();
  const std::vector<Confusion> groups = group_confusions(d.y, d.y_hat, d.s);
  // {numerator, denominator} for group 0, group 1 and overall, in kAllRates order.
  const Index expected[3][7][2] = {{{4, 8}, {3, 4}, {1, 4}, {3, 4}, {3, 4}, {1, 4}, {6, 8}},
                                   {{3, 8}, {1, 3}, {2, 5}, {1, 3}, {3, 5}, {2, 5}, {4, 8}},
                                   {{7, 16}, {4, 7}, {3, 9}, {4, 7}, {6, 9}, {3, 9}, {10, 16}}};
  const Confusion matrices[3] = {groups[0], groups[1], total(groups)};
  for (int m = 0; m < 3; ++m) {
    for (std::size_t k = 0; k < std::size(kAllRates); ++k) {
      const Rate r = rate(matrices[m], kAllRates[k]);
      SCOPED_TRACE(std::string(rate_name(kAllRates[k])) + " of matrix " + std::to_string(m));
      EXPECT_EQ(r.numerator, expected[m][k][0]);
      EXPECT_EQ(r.denominator, expected[m][k][1]);
      EXPECT_EQ(r.value(), static_cast<double>(expected[m][k][0]) / static_cast<double>(expected[m][k][1]));
    }
  }
}

TEST(GroupConfusions, ThreeGroupsMatchHandCounts) {
  const auto d = testing::three_groups();
  const std::vector<Confusion> groups = group_confusions(d.y, d.y_hat, d.s);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], (Confusion{.tn = 1, .fp = 1, .fn = 0, .tp = 2}));
  EXPECT_EQ(groups[1], (Confusion{.tn = 3, .fp = 1, .fn = 1, .tp = 1}));
  EXPECT_EQ(groups[2], (Confusion{.tn = 0, .fp = 2, .fn = 1, .tp = 2}));
  EXPECT_EQ(rate(groups[2], RateKind::NegativePredictiveValue).value(), 0.0);
  EXPECT_EQ(rate(groups[2], RateKind::FalseOmissionRate).value(), 1.0);
}

TEST(GroupConfusions, AcceptsColumnTensors) {
  const auto d = testing::three_groups();
  const Index n = d.y.numel();
  EXPECT_EQ(group_confusions(d.y.reshape({n, 1}), d.y_hat.reshape({n, 1}), d.s.reshape({n, 1})),
            group_confusions(d.y, d.y_hat, d.s));
}

TEST(GroupConfusions, ExplicitGroupCountAddsEmptyGroups) {
  const std::vector<Confusion> groups =
      group_confusions(column({1, 0, 1}), column({1, 1, 0}), column({0, 2, 2}), 4);
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0], (Confusion{.tn = 0, .fp = 0, .fn = 0, .tp = 1}));
  EXPECT_EQ(groups[1], Confusion{});
  EXPECT_EQ(groups[2], (Confusion{.tn = 0, .fp = 1, .fn = 1, .tp = 0}));
  EXPECT_EQ(groups[3], Confusion{});
  for (RateKind kind : kAllRates) EXPECT_FALSE(rate(groups[1], kind).defined());
}

TEST(GroupConfusions, PermutingSamplesLeavesCountsUnchanged) {
  Rng rng(7);
  const Index n = 200;
  const Tensor y = rng.bernoulli({n}, 0.4);
  const Tensor y_hat = rng.bernoulli({n}, 0.6);
  Tensor s({n});
  for (double& id : s) id = static_cast<double>(rng.below(4));
  const std::vector<Index> perm = rng.permutation(n);
  Tensor py({n}), pyh({n}), ps({n});
  for (Index i = 0; i < n; ++i) {
    const Index j = perm[static_cast<std::size_t>(i)];
    py.data()[i] = y.data()[j];
    pyh.data()[i] = y_hat.data()[j];
    ps.data()[i] = s.data()[j];
  }
  EXPECT_EQ(group_confusions(py, pyh, ps), group_confusions(y, y_hat, s));
}

TEST(Rate, UndefinedRateReportsItselfAndRefusesAValue) {
  const Confusion no_positives{.tn = 2, .fp = 1, .fn = 0, .tp = 0};
  const Rate tpr = rate(no_positives, RateKind::TruePositiveRate);
  EXPECT_FALSE(tpr.defined());
  EXPECT_EQ(tpr.numerator, 0);
  EXPECT_EQ(tpr.denominator, 0);
  EXPECT_FALSE(tpr.to_optional().has_value());
  EXPECT_EQ(error_message([&] { (void)tpr.value(); }),
            "Rate::value(): the rate 0/0 is undefined (empty cell)");
  EXPECT_EQ(rate(no_positives, RateKind::FalsePositiveRate).to_optional(), 1.0 / 3.0);
}

TEST(Rate, NamesAreSnakeCase) {
  const char* names[] = {"selection_rate",
                         "true_positive_rate",
                         "false_positive_rate",
                         "positive_predictive_value",
                         "negative_predictive_value",
                         "false_omission_rate",
                         "accuracy"};
  for (std::size_t k = 0; k < std::size(kAllRates); ++k) {
    EXPECT_STREQ(rate_name(kAllRates[k]), names[k]);
  }
}

TEST(GroupConfusions, ShapeAndLengthErrors) {
  const Tensor three = column({0, 1, 0});
  EXPECT_EQ(error_message([&] { group_confusions(Tensor(), three, three); }),
            "group_confusions(): y is an undefined tensor");
  EXPECT_EQ(error_message([&] {
              group_confusions(three, Tensor(Shape{3, 2}), three);
            }),
            "group_confusions(): y_hat must have shape [n] or [n,1], got [3,2]");
  EXPECT_EQ(error_message([&] { group_confusions(three, three, Tensor::scalar(0)); }),
            "group_confusions(): s must have shape [n] or [n,1], got []");
  EXPECT_EQ(error_message([&] {
              group_confusions(column({0, 1, 0, 1}), three, three);
            }),
            "group_confusions(): y and y_hat lengths differ: 4 vs 3");
  EXPECT_EQ(error_message([&] {
              group_confusions(three, three, column({0, 1, 0, 1, 1}));
            }),
            "group_confusions(): y and s lengths differ: 3 vs 5");
  const Tensor empty(Shape{0});
  EXPECT_EQ(error_message([&] { group_confusions(empty, empty, empty); }),
            "group_confusions(): empty input (n = 0)");
}

TEST(GroupConfusions, LabelAndPredictionValueErrors) {
  const Tensor ok = column({0, 1, 0});
  EXPECT_EQ(error_message([&] {
              group_confusions(column({0, 1, 0.5}), ok, ok);
            }),
            "group_confusions(): y[2] = 0.5 is not 0 or 1");
  EXPECT_EQ(error_message([&] {
              group_confusions(column({0.9999999, 1, 0}), ok, ok);
            }),
            "group_confusions(): y[0] = 0.9999999 is not 0 or 1");
  EXPECT_EQ(error_message([&] {
              group_confusions(column({0, kNan, 0}), ok, ok);
            }),
            "group_confusions(): y[1] = nan is not 0 or 1");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, column({0, 2, 0}), ok);
            }),
            "group_confusions(): y_hat[1] = 2 is not 0 or 1");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, column({-1, 0, 0}), ok);
            }),
            "group_confusions(): y_hat[0] = -1 is not 0 or 1");
}

TEST(GroupConfusions, GroupIdErrors) {
  const Tensor ok = column({0, 1, 0});
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, -1, 1}));
            }),
            "group_confusions(): s[1] = -1 is not a non-negative integer group id");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, 1, 1.5}));
            }),
            "group_confusions(): s[2] = 1.5 is not a non-negative integer group id");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({kNan, 1, 1}));
            }),
            "group_confusions(): s[0] = nan is not a non-negative integer group id");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, kInf, 1}));
            }),
            "group_confusions(): s[1] = inf exceeds the largest accepted group id 1048575");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, 1, 2e6}));
            }),
            "group_confusions(): s[2] = 2e+06 exceeds the largest accepted group id 1048575");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, 1e9, 1}));
            }),
            "group_confusions(): s[1] = 1e+09 exceeds the largest accepted group id 1048575");
  EXPECT_EQ(error_message([&] {
              group_confusions(ok, ok, column({0, 2, 1}), 2);
            }),
            "group_confusions(): s[1] = 2 is not below num_groups = 2");
  EXPECT_EQ(error_message([&] { group_confusions(ok, ok, ok, -1); }),
            "group_confusions(): num_groups = -1 is outside [0, 1048576] (0 means max(s) + 1)");
  EXPECT_EQ(error_message([&] { group_confusions(ok, ok, ok, kMaxGroups + 1); }),
            "group_confusions(): num_groups = 1048577 is outside [0, 1048576] (0 means max(s) + 1)");
}

}  // namespace
}  // namespace parity::fairness
