// Tests of the group gaps: hand-computed values on the datasets of datasets.h (two and three
// groups, with a tie), empty cells (skipped groups, undefined gaps and ratios), the
// single-group errors, invariance under relabelling groups, a brute-force check (naive
// conditional frequencies, max over pairs of groups) on random data, and fairlearn's numbers
// on UCI Adult (research note, section 3.2).
#include "fairness/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fairness/confusion.h"
#include "fairness/datasets.h"
#include "tensor/random.h"

namespace parity::fairness {
namespace {

using testing::error_message;

// A gap is max - min of two exactly computed count ratios: one subtraction, so the expected
// value written as the same subtraction matches to within EXPECT_DOUBLE_EQ's 4 ulps.
void expect_gap(const Disparity& d, double value, int max_group, int min_group,
                const std::vector<int>& skipped = {}) {
  ASSERT_TRUE(d.defined());
  EXPECT_DOUBLE_EQ(*d.value, value);
  EXPECT_EQ(d.max_group, max_group);
  EXPECT_EQ(d.min_group, min_group);
  EXPECT_EQ(d.skipped_groups, skipped);
}

void expect_undefined(const Disparity& d, const std::vector<int>& skipped) {
  EXPECT_FALSE(d.defined());
  EXPECT_EQ(d.max_group, -1);
  EXPECT_EQ(d.min_group, -1);
  EXPECT_EQ(d.skipped_groups, skipped);
}

std::vector<Confusion> confusions_of(const testing::Labelled& d) {
  return group_confusions(d.y, d.y_hat, d.s);
}

TEST(Metrics, TwoGroupsMatchHandValues) {
  const auto groups = confusions_of(testing::two_groups());
  expect_gap(demographic_parity_difference(groups), 0.5 - 0.375, 0, 1);
  expect_gap(demographic_parity_ratio(groups), 0.375 / 0.5, 0, 1);
  expect_gap(equal_opportunity_difference(groups), 0.75 - 1.0 / 3.0, 0, 1);
  expect_gap(equalized_odds_difference(groups), 0.75 - 1.0 / 3.0, 0, 1);
  expect_gap(predictive_parity_difference(groups), 0.75 - 1.0 / 3.0, 0, 1);
  expect_gap(accuracy_parity_difference(groups), 0.75 - 0.5, 0, 1);
  expect_gap(rate_difference(groups, RateKind::NegativePredictiveValue), 0.75 - 0.6, 0, 1);
}

TEST(Metrics, CriteriaOfFastAndFairAreTheNamedGaps) {
  const auto groups = confusions_of(testing::two_groups());
  expect_gap(independence_gap(groups), 0.5 - 0.375, 0, 1);
  const SeparationGaps separation = separation_gaps(groups);
  expect_gap(separation.y0_fpr, 0.4 - 0.25, 1, 0);
  expect_gap(separation.y1_tpr, 0.75 - 1.0 / 3.0, 0, 1);
  const SufficiencyGaps sufficiency = sufficiency_gaps(groups);
  expect_gap(sufficiency.yhat0_for, 0.4 - 0.25, 1, 0);
  expect_gap(sufficiency.yhat1_ppv, 0.75 - 1.0 / 3.0, 0, 1);
  expect_gap(false_positive_rate_difference(groups), 0.4 - 0.25, 1, 0);
  expect_gap(false_omission_rate_difference(groups), 0.4 - 0.25, 1, 0);
}

TEST(Metrics, ThreeGroupsMatchHandValues) {
  const auto groups = confusions_of(testing::three_groups());
  expect_gap(demographic_parity_difference(groups), 0.8 - 2.0 / 6.0, 2, 1);
  expect_gap(demographic_parity_ratio(groups), (2.0 / 6.0) / 0.8, 2, 1);
  expect_gap(equal_opportunity_difference(groups), 1.0 - 0.5, 0, 1);
  expect_gap(separation_gaps(groups).y0_fpr, 1.0 - 0.25, 2, 1);
  // The FPR gap is the larger one, so equalized odds takes its value and groups.
  expect_gap(equalized_odds_difference(groups), 1.0 - 0.25, 2, 1);
  // PPV of groups 1 and 2 tie at 1/2: the lower id is reported.
  expect_gap(predictive_parity_difference(groups), 2.0 / 3.0 - 0.5, 0, 1);
  expect_gap(sufficiency_gaps(groups).yhat0_for, 1.0 - 0.0, 2, 0);
  expect_gap(accuracy_parity_difference(groups), 0.75 - 0.4, 0, 2);
}

// group 0: TN 1 FP 1 FN 1 TP 1 -> every rate 1/2
// group 1: TN 0 FP 2 FN 0 TP 1 -> sel 1, TPR 1, FPR 1, PPV 1/3, NPV and FOR undefined, acc 1/3
// group 2: TN 1 FP 1 FN 0 TP 0 -> sel 1/2, TPR undefined, FPR 1/2, PPV 0, NPV 1, FOR 0, acc 1/2
TEST(Metrics, EmptyCellsAreSkipped) {
  const std::vector<Confusion> groups = {{.tn = 1, .fp = 1, .fn = 1, .tp = 1},
                                         {.tn = 0, .fp = 2, .fn = 0, .tp = 1},
                                         {.tn = 1, .fp = 1, .fn = 0, .tp = 0}};
  expect_gap(equal_opportunity_difference(groups), 1.0 - 0.5, 1, 0, {2});
  expect_gap(separation_gaps(groups).y0_fpr, 1.0 - 0.5, 1, 0);
  // TPR and FPR gaps tie at 0.5: the TPR gap's groups are reported, its skipped group kept.
  expect_gap(equalized_odds_difference(groups), 0.5, 1, 0, {2});
  expect_gap(sufficiency_gaps(groups).yhat0_for, 0.5 - 0.0, 0, 2, {1});
  expect_gap(rate_difference(groups, RateKind::NegativePredictiveValue), 1.0 - 0.5, 2, 0, {1});
  expect_gap(predictive_parity_difference(groups), 0.5 - 0.0, 0, 2);
  expect_gap(demographic_parity_difference(groups), 1.0 - 0.5, 1, 0);
}

TEST(Metrics, GapNeedsTwoGroupsDefiningTheRate) {
  // Group 0 has no positives, so only group 1 defines the TPR.
  const std::vector<Confusion> groups = {{.tn = 2, .fp = 1, .fn = 0, .tp = 0},
                                         {.tn = 1, .fp = 0, .fn = 1, .tp = 2}};
  expect_undefined(equal_opportunity_difference(groups), {0});
  expect_gap(separation_gaps(groups).y0_fpr, 1.0 / 3.0 - 0.0, 0, 1);
  expect_undefined(equalized_odds_difference(groups), {0});
  expect_gap(demographic_parity_difference(groups), 2.0 / 4.0 - 1.0 / 3.0, 1, 0);

  const std::vector<Confusion> both_empty(2);
  for (RateKind kind : kAllRates) {
    expect_undefined(rate_difference(both_empty, kind), {0, 1});
    expect_undefined(rate_ratio(both_empty, kind), {0, 1});
  }
}

TEST(Metrics, RatioUndefinedWhenLargestRateIsZero) {
  const std::vector<Confusion> none_selected = {{.tn = 2, .fp = 0, .fn = 1, .tp = 0},
                                                {.tn = 3, .fp = 0, .fn = 0, .tp = 0}};
  expect_gap(demographic_parity_difference(none_selected), 0.0, 0, 0);
  expect_undefined(demographic_parity_ratio(none_selected), {});
  const std::vector<Confusion> one_selected = {{.tn = 2, .fp = 0, .fn = 1, .tp = 0},
                                               {.tn = 3, .fp = 1, .fn = 0, .tp = 0}};
  expect_gap(demographic_parity_ratio(one_selected), 0.0, 1, 0);
}

TEST(Metrics, FewerThanTwoGroupsIsAnError) {
  const std::vector<Confusion> one = {{.tn = 1, .fp = 1, .fn = 1, .tp = 1}};
  const std::vector<std::pair<const char*, std::function<void()>>> calls = {
      {"rate_difference()", [&] { rate_difference(one, RateKind::Accuracy); }},
      {"rate_ratio()", [&] { rate_ratio(one, RateKind::Accuracy); }},
      {"independence_gap()", [&] { independence_gap(one); }},
      {"separation_gaps()", [&] { separation_gaps(one); }},
      {"sufficiency_gaps()", [&] { sufficiency_gaps(one); }},
      {"demographic_parity_difference()", [&] { demographic_parity_difference(one); }},
      {"demographic_parity_ratio()", [&] { demographic_parity_ratio(one); }},
      {"equal_opportunity_difference()", [&] { equal_opportunity_difference(one); }},
      {"equalized_odds_difference()", [&] { equalized_odds_difference(one); }},
      {"false_positive_rate_difference()", [&] { false_positive_rate_difference(one); }},
      {"predictive_parity_difference()", [&] { predictive_parity_difference(one); }},
      {"false_omission_rate_difference()", [&] { false_omission_rate_difference(one); }},
      {"accuracy_parity_difference()", [&] { accuracy_parity_difference(one); }}};
  for (const auto& [name, call] : calls) {
    EXPECT_EQ(error_message(call), std::string(name) + ": a gap needs at least two groups, found 1");
  }
  EXPECT_EQ(error_message([] { demographic_parity_difference({}); }),
            "demographic_parity_difference(): a gap needs at least two groups, found 0");
}

// Random data over 4 groups where group 3 has no positives (its TPR and PPV are undefined).
testing::Labelled random_labelled(Rng& rng, Index n) {
  testing::Labelled d{rng.bernoulli({n}, 0.4), rng.bernoulli({n}, 0.5), Tensor({n})};
  for (Index i = 0; i < n; ++i) {
    d.s.data()[i] = static_cast<double>(rng.below(4));
    if (d.s.data()[i] == 3.0) d.y.data()[i] = 0.0;
  }
  return d;
}

TEST(Metrics, RelabellingGroupsPermutesGroupsAndKeepsGaps) {
  Rng rng(11);
  const testing::Labelled d = random_labelled(rng, 300);
  const int relabel[4] = {2, 0, 3, 1};  // old group g becomes relabel[g]
  Tensor s2({300});
  for (Index i = 0; i < 300; ++i) s2.data()[i] = relabel[static_cast<int>(d.s.data()[i])];
  const auto before = group_confusions(d.y, d.y_hat, d.s);
  const auto after = group_confusions(d.y, d.y_hat, s2);
  for (int g = 0; g < 4; ++g) EXPECT_EQ(after[static_cast<std::size_t>(relabel[g])], before[g]);
  for (RateKind kind : kAllRates) {
    for (bool is_ratio : {false, true}) {
      const Disparity a = is_ratio ? rate_ratio(before, kind) : rate_difference(before, kind);
      const Disparity b = is_ratio ? rate_ratio(after, kind) : rate_difference(after, kind);
      SCOPED_TRACE(rate_name(kind));
      ASSERT_TRUE(a.defined());
      EXPECT_EQ(*b.value, *a.value);
      // Same extreme rates, attained at the relabelled groups (up to ties).
      EXPECT_EQ(rate(after[b.max_group], kind).value(), rate(before[a.max_group], kind).value());
      EXPECT_EQ(rate(after[b.min_group], kind).value(), rate(before[a.min_group], kind).value());
      std::vector<int> mapped;
      for (int g : a.skipped_groups) mapped.push_back(relabel[g]);
      std::sort(mapped.begin(), mapped.end());
      EXPECT_EQ(b.skipped_groups, mapped);
    }
  }
  EXPECT_EQ(rate_difference(before, RateKind::TruePositiveRate).skipped_groups, std::vector<int>{3});
  EXPECT_EQ(rate_difference(after, RateKind::TruePositiveRate).skipped_groups, std::vector<int>{1});
}

// P(event | condition, s = g) by direct counting over the rows; nullopt when no row qualifies.
using RowTest = std::function<bool(double y, double y_hat)>;
std::optional<double> naive_rate(const testing::Labelled& d, int g, const RowTest& event,
                                 const RowTest& condition) {
  Index hits = 0;
  Index total_rows = 0;
  for (Index i = 0; i < d.y.numel(); ++i) {
    const double y = d.y.data()[i];
    const double y_hat = d.y_hat.data()[i];
    if (d.s.data()[i] != g || !condition(y, y_hat)) continue;
    ++total_rows;
    if (event(y, y_hat)) ++hits;
  }
  if (total_rows == 0) return std::nullopt;
  return static_cast<double>(hits) / static_cast<double>(total_rows);
}

TEST(Metrics, GapsMatchNaiveFrequenciesAndMaxOverPairs) {
  const auto always = [](double, double) { return true; };
  const auto y_is = [](double v) { return [v](double y, double) { return y == v; }; };
  const auto y_hat_is = [](double v) { return [v](double, double y_hat) { return y_hat == v; }; };
  const auto correct = [](double y, double y_hat) { return y == y_hat; };
  const std::pair<RateKind, std::pair<RowTest, RowTest>> definitions[] = {
      {RateKind::SelectionRate, {y_hat_is(1), always}},
      {RateKind::TruePositiveRate, {y_hat_is(1), y_is(1)}},
      {RateKind::FalsePositiveRate, {y_hat_is(1), y_is(0)}},
      {RateKind::PositivePredictiveValue, {y_is(1), y_hat_is(1)}},
      {RateKind::NegativePredictiveValue, {y_is(0), y_hat_is(0)}},
      {RateKind::FalseOmissionRate, {y_is(1), y_hat_is(0)}},
      {RateKind::Accuracy, {correct, always}}};
  Rng rng(5);
  const testing::Labelled d = random_labelled(rng, 400);
  const auto groups = group_confusions(d.y, d.y_hat, d.s);
  for (const auto& [kind, rule] : definitions) {
    SCOPED_TRACE(rate_name(kind));
    std::vector<std::optional<double>> naive;
    for (int g = 0; g < 4; ++g) naive.push_back(naive_rate(d, g, rule.first, rule.second));
    double largest_pair_gap = 0.0;
    for (int a = 0; a < 4; ++a) {
      EXPECT_EQ(rate(groups[a], kind).to_optional(), naive[a]);
      for (int b = 0; b < 4; ++b) {
        if (naive[a] && naive[b]) largest_pair_gap = std::max(largest_pair_gap, *naive[a] - *naive[b]);
      }
    }
    EXPECT_EQ(*rate_difference(groups, kind).value, largest_pair_gap);
  }
}

// Fairlearn v0.12.0 on UCI Adult, unconstrained logistic regression, test split (research
// note section 3.2): Female (group 0) TN 4258 FP 98 FN 270 TP 287, Male (group 1) TN 6278
// FP 726 FN 1208 TP 1935; fairlearn reports accuracy 0.8471, demographic_parity_difference
// 0.1839, equalized_odds_difference 0.1004 (= the TPR difference), FPR difference 0.0812.
// fairlearn's definitions: demographic_parity_difference = max - min over groups of the
// selection rate; equalized_odds_difference = max(TPR difference, FPR difference).
// The published numbers have 4 decimals, so they are matched to half a unit of the last one.
TEST(Metrics, MatchesFairlearnOnAdult) {
  std::vector<double> y, y_hat, s;
  const auto append = [&](double group, double label, double prediction, int count) {
    for (int i = 0; i < count; ++i) {
      y.push_back(label);
      y_hat.push_back(prediction);
      s.push_back(group);
    }
  };
  append(0, 0, 0, 4258), append(0, 0, 1, 98), append(0, 1, 0, 270), append(0, 1, 1, 287);
  append(1, 0, 0, 6278), append(1, 0, 1, 726), append(1, 1, 0, 1208), append(1, 1, 1, 1935);
  const auto groups = group_confusions(testing::column(y), testing::column(y_hat), testing::column(s));
  constexpr double kPublished = 0.5e-4;
  EXPECT_NEAR(rate(total(groups), RateKind::Accuracy).value(), 0.8471, kPublished);
  EXPECT_NEAR(*demographic_parity_difference(groups).value, 0.1839, kPublished);
  EXPECT_NEAR(*equalized_odds_difference(groups).value, 0.1004, kPublished);
  EXPECT_NEAR(*equal_opportunity_difference(groups).value, 0.1004, kPublished);
  EXPECT_NEAR(*separation_gaps(groups).y0_fpr.value, 0.0812, kPublished);
  // The same values as exact count ratios: selection 385/4913 vs 2661/10147, TPR 287/557 vs
  // 1935/3143, FPR 98/4356 vs 726/7004.
  expect_gap(demographic_parity_difference(groups), 2661.0 / 10147 - 385.0 / 4913, 1, 0);
  expect_gap(demographic_parity_ratio(groups), (385.0 / 4913) / (2661.0 / 10147), 1, 0);
  expect_gap(equalized_odds_difference(groups), 1935.0 / 3143 - 287.0 / 557, 1, 0);
  expect_gap(separation_gaps(groups).y0_fpr, 726.0 / 7004 - 98.0 / 4356, 1, 0);
}

}  // namespace
}  // namespace parity::fairness
