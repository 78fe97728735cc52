// Differences and ratios of per-group rates over the groups that define them; the named
// criteria are thin wrappers that fix the rate and the name shown in error messages.
#include "fairness/metrics.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "tensor/check.h"

namespace parity::fairness {
namespace {

// Largest and smallest defined rate (lowest group id on ties) and the groups left out.
struct Spread {
  double max = 0.0;
  double min = 0.0;
  int max_group = -1;
  int min_group = -1;
  int defined_count = 0;
  std::vector<int> skipped_groups;
};

Spread spread(std::span<const Confusion> groups, RateKind kind, const char* caller) {
  PARITY_CHECK(groups.size() >= 2, caller, ": a gap needs at least two groups, found ", groups.size());
  Spread result;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const int g = static_cast<int>(i);
    const Rate r = rate(groups[i], kind);
    if (!r.defined()) {
      result.skipped_groups.push_back(g);
      continue;
    }
    const double v = r.value();
    if (result.defined_count == 0 || v > result.max) {
      result.max = v;
      result.max_group = g;
    }
    if (result.defined_count == 0 || v < result.min) {
      result.min = v;
      result.min_group = g;
    }
    ++result.defined_count;
  }
  return result;
}

Disparity difference(std::span<const Confusion> groups, RateKind kind, const char* caller) {
  Spread s = spread(groups, kind, caller);
  Disparity d;
  d.skipped_groups = std::move(s.skipped_groups);
  if (s.defined_count < 2) return d;
  d.value = s.max - s.min;
  d.max_group = s.max_group;
  d.min_group = s.min_group;
  return d;
}

Disparity ratio(std::span<const Confusion> groups, RateKind kind, const char* caller) {
  Spread s = spread(groups, kind, caller);
  Disparity d;
  d.skipped_groups = std::move(s.skipped_groups);
  if (s.defined_count < 2 || s.max == 0.0) return d;
  d.value = s.min / s.max;
  d.max_group = s.max_group;
  d.min_group = s.min_group;
  return d;
}

}  // namespace

Disparity rate_difference(std::span<const Confusion> groups, RateKind kind) {
  return difference(groups, kind, "rate_difference()");
}

Disparity rate_ratio(std::span<const Confusion> groups, RateKind kind) {
  return ratio(groups, kind, "rate_ratio()");
}

Disparity independence_gap(std::span<const Confusion> groups) {
  return difference(groups, RateKind::SelectionRate, "independence_gap()");
}

SeparationGaps separation_gaps(std::span<const Confusion> groups) {
  const char* caller = "separation_gaps()";
  return {difference(groups, RateKind::FalsePositiveRate, caller),
          difference(groups, RateKind::TruePositiveRate, caller)};
}

SufficiencyGaps sufficiency_gaps(std::span<const Confusion> groups) {
  const char* caller = "sufficiency_gaps()";
  return {difference(groups, RateKind::FalseOmissionRate, caller),
          difference(groups, RateKind::PositivePredictiveValue, caller)};
}

Disparity demographic_parity_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::SelectionRate, "demographic_parity_difference()");
}

Disparity demographic_parity_ratio(std::span<const Confusion> groups) {
  return ratio(groups, RateKind::SelectionRate, "demographic_parity_ratio()");
}

Disparity equal_opportunity_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::TruePositiveRate, "equal_opportunity_difference()");
}

Disparity equalized_odds_difference(std::span<const Confusion> groups) {
  const char* caller = "equalized_odds_difference()";
  const Disparity tpr = difference(groups, RateKind::TruePositiveRate, caller);
  const Disparity fpr = difference(groups, RateKind::FalsePositiveRate, caller);
  Disparity d;
  std::set_union(tpr.skipped_groups.begin(), tpr.skipped_groups.end(), fpr.skipped_groups.begin(),
                 fpr.skipped_groups.end(), std::back_inserter(d.skipped_groups));
  if (!tpr.defined() || !fpr.defined()) return d;
  const Disparity& larger = *fpr.value > *tpr.value ? fpr : tpr;
  d.value = larger.value;
  d.max_group = larger.max_group;
  d.min_group = larger.min_group;
  return d;
}

Disparity false_positive_rate_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::FalsePositiveRate, "false_positive_rate_difference()");
}

Disparity predictive_parity_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::PositivePredictiveValue, "predictive_parity_difference()");
}

Disparity false_omission_rate_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::FalseOmissionRate, "false_omission_rate_difference()");
}

Disparity accuracy_parity_difference(std::span<const Confusion> groups) {
  return difference(groups, RateKind::Accuracy, "accuracy_parity_difference()");
}

}  // namespace parity::fairness
