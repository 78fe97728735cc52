// Counts, rates and gaps of a fairness report as JSON, the gaps walked in fairness::kGaps.
#include "fairness_json.h"

#include "output.h"

namespace parity::cli {

nlohmann::json to_json(const fairness::Confusion& c) {
  nlohmann::json out = {{"count", c.count()}, {"tn", c.tn}, {"fp", c.fp}, {"fn", c.fn}, {"tp", c.tp}};
  for (fairness::RateKind kind : fairness::kAllRates) {
    out[fairness::rate_name(kind)] = to_json(fairness::rate(c, kind).to_optional());
  }
  return out;
}

nlohmann::json to_json(const fairness::Disparity& d) {
  const auto group = [&d](int g) { return d.defined() ? nlohmann::json(g) : nlohmann::json(nullptr); };
  return {{"value", to_json(d.value)},
          {"max_group", group(d.max_group)},
          {"min_group", group(d.min_group)},
          {"skipped_groups", d.skipped_groups}};
}

nlohmann::json to_json(const fairness::FairnessReport& report) {
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    nlohmann::json entry = {{"group", g}};
    entry.update(to_json(report.groups[g]));
    groups.push_back(std::move(entry));
  }
  nlohmann::json gaps = nlohmann::json::object();
  for (std::size_t i = 0; i < fairness::kGapCount; ++i) gaps[fairness::kGaps[i].name] = to_json(report.gaps[i]);
  return {{"groups", std::move(groups)}, {"overall", to_json(report.overall)}, {"gaps", std::move(gaps)}};
}

}  // namespace parity::cli
