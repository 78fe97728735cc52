// Percentile bootstrap intervals for the rates and gaps of a fairness report (`parity metrics
// --bootstrap N`). Rows are resampled with replacement within each group (stratified by group):
// a resample draws n_g rows, uniformly with replacement, from the n_g rows of group g, for every
// group g in turn, so every resample keeps every group with its size and the gaps always compare
// the same groups. From B resamples, the interval of a statistic t at confidence c is
//   [q((1 - c) / 2), q((1 + c) / 2)],  q(p) = t_(k) + (h - k) (t_(k+1) - t_(k)),  h = (B' - 1) p,
// k = floor(h), where t_(0) <= ... <= t_(B'-1) are the resampled values (linear interpolation
// between order statistics). A statistic undefined in some resamples (an empty cell, e.g. a group
// without positives) gets the interval of the B' resamples defining it and the count left out;
// when none defines it, it has no interval. A difference max - min is never negative, so for
// groups with (nearly) equal rates its resampled values lie above the point estimate and the
// interval may exclude it. The same seed gives the same intervals.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <vector>

#include "fairness/confusion.h"
#include "fairness/gaps.h"

namespace parity::cli {

struct BootstrapOptions {
  int resamples = 1000;  ///< B > 0
  std::uint64_t seed = 0;
  double confidence = 0.95;  ///< in (0, 1)
};

struct Interval {
  std::optional<double> low;  ///< std::nullopt when no resample defines the statistic
  std::optional<double> high;
  Index undefined = 0;  ///< resamples in which the statistic was undefined (left out)
};

inline constexpr std::size_t kRateCount = std::size(fairness::kAllRates);
/// Index k holds the interval of fairness::kAllRates[k].
using RateIntervals = std::array<Interval, kRateCount>;

struct BootstrapIntervals {
  BootstrapOptions options;
  std::vector<RateIntervals> groups;  ///< index = group index of the report
  RateIntervals overall;
  std::array<Interval, fairness::kGapCount> gaps;  ///< index i: the gap kGaps[i]
};

/// Intervals for every rate of every group, of the pooled rows, and for every gap of kGaps.
/// group[i] in [0, num_groups) is row i's group, y_true[i] and y_pred[i] its 0/1 label and
/// prediction. Throws parity::Error for resamples <= 0, a confidence outside (0, 1), fewer than
/// two groups, a group without rows, or inputs of different lengths.
BootstrapIntervals bootstrap_intervals(std::span<const Index> group, std::span<const double> y_true,
                                       std::span<const double> y_pred, Index num_groups,
                                       const BootstrapOptions& options);

}  // namespace parity::cli
