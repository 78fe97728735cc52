// Tests of the fairness report: its gaps equal the metric functions, the records list every
// value (undefined ones as std::nullopt with their skipped groups), the printed tables of the
// hand-computed datasets of datasets.h, invariance of the whole report under permuting the
// samples, and the errors.
#include "fairness/report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fairness/datasets.h"
#include "tensor/random.h"

namespace parity::fairness {
namespace {

using testing::error_message;

void expect_same(const Disparity& a, const Disparity& b) {
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.max_group, b.max_group);
  EXPECT_EQ(a.min_group, b.min_group);
  EXPECT_EQ(a.skipped_groups, b.skipped_groups);
}

// The groups of metrics_test's EmptyCellsAreSkipped: group 1 has no predicted negatives (NPV
// and FOR undefined), group 2 no positives (TPR undefined).
std::vector<Confusion> groups_with_empty_cells() {
  return {{.tn = 1, .fp = 1, .fn = 1, .tp = 1},
          {.tn = 0, .fp = 2, .fn = 0, .tp = 1},
          {.tn = 1, .fp = 1, .fn = 0, .tp = 0}};
}

TEST(Report, GapsAreTheMetricFunctions) {
  const auto d = testing::three_groups();
  const std::vector<Confusion> groups = group_confusions(d.y, d.y_hat, d.s);
  const FairnessReport r = fairness_report(groups);
  EXPECT_EQ(r.groups, groups);
  EXPECT_EQ(r.overall, total(groups));
  expect_same(r.gap(Gap::DemographicParityDifference), demographic_parity_difference(groups));
  expect_same(r.gap(Gap::DemographicParityRatio), demographic_parity_ratio(groups));
  expect_same(r.gap(Gap::FalsePositiveRateDifference), separation_gaps(groups).y0_fpr);
  expect_same(r.gap(Gap::EqualOpportunityDifference), separation_gaps(groups).y1_tpr);
  expect_same(r.gap(Gap::EqualizedOddsDifference), equalized_odds_difference(groups));
  expect_same(r.gap(Gap::FalseOmissionRateDifference), sufficiency_gaps(groups).yhat0_for);
  expect_same(r.gap(Gap::PredictiveParityDifference), sufficiency_gaps(groups).yhat1_ppv);
  expect_same(r.gap(Gap::AccuracyParityDifference), accuracy_parity_difference(groups));
}

TEST(Report, RecordsListEveryValue) {
  const FairnessReport r = fairness_report(groups_with_empty_cells());
  const std::vector<MetricRecord> records = to_records(r);
  // (3 groups + overall) x (5 counts + 7 rates) + 8 gaps.
  ASSERT_EQ(records.size(), 4u * 12u + 8u);

  const MetricRecord& first = records[0];
  EXPECT_EQ(first.metric, "count");
  EXPECT_EQ(first.group, 0);
  EXPECT_EQ(first.value, 4.0);

  // Group 1: counts tn fp fn tp = 0 2 0 1, then the rates in kAllRates order.
  const std::vector<std::string> names = {"count",
                                          "tn",
                                          "fp",
                                          "fn",
                                          "tp",
                                          "selection_rate",
                                          "true_positive_rate",
                                          "false_positive_rate",
                                          "positive_predictive_value",
                                          "negative_predictive_value",
                                          "false_omission_rate",
                                          "accuracy"};
  const std::vector<std::optional<double>> group1 = {
      3, 0, 2, 0, 1, 1.0, 1.0, 1.0, 1.0 / 3.0, std::nullopt, std::nullopt, 1.0 / 3.0};
  for (std::size_t k = 0; k < names.size(); ++k) {
    const MetricRecord& record = records[12 + k];
    EXPECT_EQ(record.metric, names[k]);
    EXPECT_EQ(record.group, 1);
    EXPECT_EQ(record.value, group1[k]) << names[k];
    EXPECT_TRUE(record.skipped_groups.empty());
  }

  const MetricRecord& overall_accuracy = records[3 * 12 + 11];
  EXPECT_EQ(overall_accuracy.metric, "accuracy");
  EXPECT_FALSE(overall_accuracy.group.has_value());
  EXPECT_EQ(overall_accuracy.value, 4.0 / 9.0);

  const std::vector<std::pair<std::string, const Disparity*>> gaps = {
      {"demographic_parity_difference", &r.gap(Gap::DemographicParityDifference)},
      {"demographic_parity_ratio", &r.gap(Gap::DemographicParityRatio)},
      {"false_positive_rate_difference", &r.gap(Gap::FalsePositiveRateDifference)},
      {"equal_opportunity_difference", &r.gap(Gap::EqualOpportunityDifference)},
      {"equalized_odds_difference", &r.gap(Gap::EqualizedOddsDifference)},
      {"false_omission_rate_difference", &r.gap(Gap::FalseOmissionRateDifference)},
      {"predictive_parity_difference", &r.gap(Gap::PredictiveParityDifference)},
      {"accuracy_parity_difference", &r.gap(Gap::AccuracyParityDifference)}};
  for (std::size_t k = 0; k < gaps.size(); ++k) {
    const MetricRecord& record = records[48 + k];
    EXPECT_EQ(record.metric, gaps[k].first);
    EXPECT_FALSE(record.group.has_value());
    EXPECT_EQ(record.value, gaps[k].second->value);
    EXPECT_EQ(record.skipped_groups, gaps[k].second->skipped_groups);
  }
  EXPECT_EQ(records[48 + 3].skipped_groups, std::vector<int>{2});
  EXPECT_EQ(records[48 + 5].skipped_groups, std::vector<int>{1});
}

TEST(Report, UndefinedGapRecordHasNoValue) {
  // Group 0 has no positives: only group 1 defines the TPR.
  const FairnessReport r =
      fairness_report({{.tn = 2, .fp = 1, .fn = 0, .tp = 0}, {.tn = 1, .fp = 0, .fn = 1, .tp = 2}});
  const std::vector<MetricRecord> records = to_records(r);
  const MetricRecord& tpr_gap = records[3 * 12 + 3];
  EXPECT_EQ(tpr_gap.metric, "equal_opportunity_difference");
  EXPECT_FALSE(tpr_gap.value.has_value());
  EXPECT_EQ(tpr_gap.skipped_groups, std::vector<int>{0});
}

// Every number below is in the hand table of datasets.h (two_groups), rounded to 4 decimals.
TEST(Report, TableOfTwoGroups) {
  const auto d = testing::two_groups();
  const std::string expected =
      "group     n  TN  FP  FN  TP  select     TPR     FPR     PPV     NPV     FOR     acc\n"
      "0         8   3   1   1   3  0.5000  0.7500  0.2500  0.7500  0.7500  0.2500  0.7500\n"
      "1         8   3   2   2   1  0.3750  0.3333  0.4000  0.3333  0.6000  0.4000  0.5000\n"
      "overall  16   6   3   3   4  0.4375  0.5714  0.3333  0.5714  0.6667  0.3333  0.6250\n"
      "select = P(yhat=1), TPR = P(yhat=1|y=1), FPR = P(yhat=1|y=0), PPV = P(y=1|yhat=1),\n"
      "NPV = P(y=0|yhat=0), FOR = P(y=1|yhat=0), acc = P(yhat=y); undef = empty cell\n"
      "\n"
      "gap over groups                 criterion              value  max at  min at  skipped\n"
      "demographic_parity_difference   independence          0.1250       0       1        -\n"
      "demographic_parity_ratio        independence (ratio)  0.7500       0       1        -\n"
      "false_positive_rate_difference  separation, y=0       0.1500       1       0        -\n"
      "equal_opportunity_difference    separation, y=1       0.4167       0       1        -\n"
      "equalized_odds_difference       separation (max)      0.4167       0       1        -\n"
      "false_omission_rate_difference  sufficiency, yhat=0   0.1500       1       0        -\n"
      "predictive_parity_difference    sufficiency, yhat=1   0.4167       0       1        -\n"
      "accuracy_parity_difference      accuracy parity       0.2500       0       1        -\n"
      "difference = max - min over the groups defining the rate, ratio = min / max\n";
  EXPECT_EQ(to_string(fairness_report(group_confusions(d.y, d.y_hat, d.s))), expected);
}

// The rates are those of metrics_test's EmptyCellsAreSkipped; undefined ones print as undef.
TEST(Report, TableShowsUndefinedRatesAndSkippedGroups) {
  const std::string expected =
      "group    n  TN  FP  FN  TP  select    TPR    FPR    PPV    NPV    FOR    acc\n"
      "0        4   1   1   1   1   0.500  0.500  0.500  0.500  0.500  0.500  0.500\n"
      "1        3   0   2   0   1   1.000  1.000  1.000  0.333  undef  undef  0.333\n"
      "2        2   1   1   0   0   0.500  undef  0.500  0.000  1.000  0.000  0.500\n"
      "overall  9   2   4   1   2   0.667  0.667  0.667  0.333  0.667  0.333  0.444\n"
      "select = P(yhat=1), TPR = P(yhat=1|y=1), FPR = P(yhat=1|y=0), PPV = P(y=1|yhat=1),\n"
      "NPV = P(y=0|yhat=0), FOR = P(y=1|yhat=0), acc = P(yhat=y); undef = empty cell\n"
      "\n"
      "gap over groups                 criterion             value  max at  min at  skipped\n"
      "demographic_parity_difference   independence          0.500       1       0        -\n"
      "demographic_parity_ratio        independence (ratio)  0.500       1       0        -\n"
      "false_positive_rate_difference  separation, y=0       0.500       1       0        -\n"
      "equal_opportunity_difference    separation, y=1       0.500       1       0        2\n"
      "equalized_odds_difference       separation (max)      0.500       1       0        2\n"
      "false_omission_rate_difference  sufficiency, yhat=0   0.500       0       2        1\n"
      "predictive_parity_difference    sufficiency, yhat=1   0.500       0       2        -\n"
      "accuracy_parity_difference      accuracy parity       0.167       0       1        -\n"
      "difference = max - min over the groups defining the rate, ratio = min / max\n";
  EXPECT_EQ(to_string(fairness_report(groups_with_empty_cells()), 3), expected);
}

TEST(Report, TableMarksUndefinedGaps) {
  const std::string table = to_string(
      fairness_report({{.tn = 2, .fp = 1, .fn = 0, .tp = 0}, {.tn = 1, .fp = 0, .fn = 1, .tp = 2}}));
  for (const char* line :
       {"equal_opportunity_difference    separation, y=1        undef       -       -        0\n",
        "equalized_odds_difference       separation (max)       undef       -       -        0\n"}) {
    EXPECT_NE(table.find(line), std::string::npos) << table;
  }
}

TEST(Report, PermutingSamplesLeavesTheReportUnchanged) {
  Rng rng(3);
  const Index n = 120;
  testing::Labelled d{rng.bernoulli({n}, 0.3), rng.bernoulli({n}, 0.5), Tensor({n})};
  for (double& id : d.s) id = static_cast<double>(rng.below(3));
  const std::vector<Index> perm = rng.permutation(n);
  testing::Labelled p{Tensor({n}), Tensor({n}), Tensor({n})};
  for (Index i = 0; i < n; ++i) {
    const Index j = perm[static_cast<std::size_t>(i)];
    p.y.data()[i] = d.y.data()[j];
    p.y_hat.data()[i] = d.y_hat.data()[j];
    p.s.data()[i] = d.s.data()[j];
  }
  const FairnessReport a = fairness_report(group_confusions(d.y, d.y_hat, d.s));
  const FairnessReport b = fairness_report(group_confusions(p.y, p.y_hat, p.s));
  EXPECT_EQ(to_string(a, 17), to_string(b, 17));
  const auto ra = to_records(a);
  const auto rb = to_records(b);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t k = 0; k < ra.size(); ++k) EXPECT_EQ(ra[k].value, rb[k].value) << ra[k].metric;
}

TEST(Report, Errors) {
  EXPECT_EQ(error_message([] { fairness_report({{.tn = 1, .fp = 0, .fn = 0, .tp = 1}}); }),
            "fairness_report(): the gaps need at least two groups, found 1");
  EXPECT_EQ(error_message([] { fairness_report({}); }),
            "fairness_report(): the gaps need at least two groups, found 0");
  const FairnessReport r = fairness_report(groups_with_empty_cells());
  EXPECT_EQ(error_message([&] { to_string(r, 0); }),
            "to_string(FairnessReport): precision = 0 is outside [1, 17]");
  EXPECT_EQ(error_message([&] { to_string(r, 18); }),
            "to_string(FairnessReport): precision = 18 is outside [1, 17]");
}

}  // namespace
}  // namespace parity::fairness
