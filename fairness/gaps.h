// The one list of the group fairness gaps that parity reports. Each entry names a gap (the name
// is its key in JSON and its row in tables), says which criterion it measures and which rate it
// compares, and points at the function of fairness/metrics.h that computes it. The report, its
// records and text table, and the tool's JSON and tables all walk kGaps, so a new gap is one
// enumerator and one entry here.
#pragma once

#include <cstddef>
#include <iterator>
#include <span>

#include "fairness/metrics.h"

namespace parity::fairness {

/// The gaps, in the order of kGaps.
enum class Gap {
  DemographicParityDifference,
  DemographicParityRatio,
  FalsePositiveRateDifference,
  EqualOpportunityDifference,
  EqualizedOddsDifference,
  FalseOmissionRateDifference,
  PredictiveParityDifference,
  AccuracyParityDifference,
};

struct GapDefinition {
  Gap gap;
  const char* name;       ///< snake_case key in JSON, row label in tables
  const char* criterion;  ///< what it measures, e.g. "separation, y=0"
  const char* header;     ///< short column header for tables with one column per gap
  const char* compares;   ///< the per-group rate (or rates) it compares
  /// One of Fast & Fair's five criteria gaps (independence, separation for y = 0 and 1,
  /// sufficiency for yhat = 0 and 1), the columns of the `parity demo` table.
  bool fast_fair;
  Disparity (*compute)(std::span<const Confusion> groups);
};

inline constexpr GapDefinition kGaps[] = {
    {Gap::DemographicParityDifference, "demographic_parity_difference", "independence", "indep.",
     "max - min of P(yhat=1 | s)", true, demographic_parity_difference},
    {Gap::DemographicParityRatio, "demographic_parity_ratio", "independence (ratio)", "DP ratio",
     "min / max of P(yhat=1 | s)", false, demographic_parity_ratio},
    {Gap::FalsePositiveRateDifference, "false_positive_rate_difference", "separation, y=0", "sep. y=0",
     "max - min of FPR = P(yhat=1 | y=0, s)", true, false_positive_rate_difference},
    {Gap::EqualOpportunityDifference, "equal_opportunity_difference", "separation, y=1", "sep. y=1",
     "max - min of TPR = P(yhat=1 | y=1, s)", true, equal_opportunity_difference},
    {Gap::EqualizedOddsDifference, "equalized_odds_difference", "separation (max)", "eq. odds",
     "max of the FPR and TPR gaps", false, equalized_odds_difference},
    {Gap::FalseOmissionRateDifference, "false_omission_rate_difference", "sufficiency, yhat=0", "suff. yhat=0",
     "max - min of FOR = P(y=1 | yhat=0, s)", true, false_omission_rate_difference},
    {Gap::PredictiveParityDifference, "predictive_parity_difference", "sufficiency, yhat=1", "suff. yhat=1",
     "max - min of PPV = P(y=1 | yhat=1, s)", true, predictive_parity_difference},
    {Gap::AccuracyParityDifference, "accuracy_parity_difference", "accuracy parity", "acc. parity",
     "max - min of P(yhat=y | s)", false, accuracy_parity_difference},
};

inline constexpr std::size_t kGapCount = std::size(kGaps);

/// The entry of `gap` in kGaps.
constexpr const GapDefinition& definition(Gap gap) { return kGaps[static_cast<std::size_t>(gap)]; }

namespace detail {
constexpr bool gaps_follow_the_enum() {
  for (std::size_t i = 0; i < kGapCount; ++i) {
    if (static_cast<std::size_t>(kGaps[i].gap) != i) return false;
  }
  return true;
}
}  // namespace detail

static_assert(detail::gaps_follow_the_enum(), "kGaps must list the gaps in the order of enum Gap");

}  // namespace parity::fairness
