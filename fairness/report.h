// A fairness report: per-group and overall confusion counts and rates (fairness/confusion.h)
// and every gap of fairness/gaps.h, printable as a text table and flattened into plain
// (metric, group, value) records for JSON or CSV writers. Undefined values stay undefined
// (std::nullopt, "undef" in the table), never NaN.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fairness/confusion.h"
#include "fairness/gaps.h"

namespace parity::fairness {

struct FairnessReport {
  std::vector<Confusion> groups;  ///< index = group id
  Confusion overall;              ///< pooled over all groups
  std::array<Disparity, kGapCount> gaps;  ///< index i holds the gap kGaps[i]

  const Disparity& gap(Gap g) const { return gaps[static_cast<std::size_t>(g)]; }
};

/// Every gap of `groups` (index = group id) with the rules of fairness/metrics.h.
/// @throws parity::Error when there are fewer than two groups.
FairnessReport fairness_report(std::vector<Confusion> groups);

/// One value of a report, as plain data.
struct MetricRecord {
  std::string metric;               ///< "count", "tn", "fp", "fn", "tp", a rate_name() or a gap name
  std::optional<int> group;         ///< group id; std::nullopt for pooled values and for gaps
  std::optional<double> value;      ///< std::nullopt when undefined
  std::vector<int> skipped_groups;  ///< gaps only: groups left out for an undefined rate
};

/// All values of a report: for each group, then overall, the counts (count, tn, fp, fn, tp)
/// and every rate of kAllRates; then the gaps, in the order and with the names of kGaps.
std::vector<MetricRecord> to_records(const FairnessReport& report);

/// Two text tables: counts and rates per group and overall, then the gaps with the groups
/// attaining the max and min and the skipped groups. Rates with `precision` decimals (1..17).
std::string to_string(const FairnessReport& report, int precision = 4);

}  // namespace parity::fairness
