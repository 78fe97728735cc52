// Tests of the gap list: every entry is found from its enumerator, names and headers are
// distinct, the Fast & Fair criteria are the five conditional-rate gaps in the demo's column
// order, and each entry's function is the metric of fairness/metrics.h that its name says.
#include "fairness/gaps.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "fairness/datasets.h"

namespace parity::fairness {
namespace {

TEST(Gaps, EntriesFollowTheEnumAndHaveDistinctNames) {
  std::set<std::string> names, headers;
  for (const GapDefinition& g : kGaps) {
    EXPECT_EQ(&definition(g.gap), &g) << g.name;
    names.insert(g.name);
    headers.insert(g.header);
  }
  EXPECT_EQ(names.size(), kGapCount);
  EXPECT_EQ(headers.size(), kGapCount);
}

TEST(Gaps, FastAndFairCriteriaInDemoOrder) {
  std::vector<std::string> criteria;
  for (const GapDefinition& g : kGaps) {
    if (g.fast_fair) criteria.push_back(g.criterion);
  }
  EXPECT_EQ(criteria, (std::vector<std::string>{"independence", "separation, y=0", "separation, y=1",
                                                "sufficiency, yhat=0", "sufficiency, yhat=1"}));
}

TEST(Gaps, EachEntryComputesItsNamedGap) {
  const auto d = testing::three_groups();
  const std::vector<Confusion> groups = group_confusions(d.y, d.y_hat, d.s);
  const auto value = [&groups](Gap g) { return definition(g).compute(groups).value; };
  EXPECT_EQ(value(Gap::DemographicParityDifference), rate_difference(groups, RateKind::SelectionRate).value);
  EXPECT_EQ(value(Gap::DemographicParityRatio), rate_ratio(groups, RateKind::SelectionRate).value);
  EXPECT_EQ(value(Gap::FalsePositiveRateDifference), rate_difference(groups, RateKind::FalsePositiveRate).value);
  EXPECT_EQ(value(Gap::EqualOpportunityDifference), rate_difference(groups, RateKind::TruePositiveRate).value);
  EXPECT_EQ(value(Gap::EqualizedOddsDifference), equalized_odds_difference(groups).value);
  EXPECT_EQ(value(Gap::FalseOmissionRateDifference), rate_difference(groups, RateKind::FalseOmissionRate).value);
  EXPECT_EQ(value(Gap::PredictiveParityDifference),
            rate_difference(groups, RateKind::PositivePredictiveValue).value);
  EXPECT_EQ(value(Gap::AccuracyParityDifference), rate_difference(groups, RateKind::Accuracy).value);
}

}  // namespace
}  // namespace parity::fairness
