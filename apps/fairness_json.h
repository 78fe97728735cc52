// JSON of a fairness report (fairness/report.h), shared by `parity metrics` and the training
// results of `parity robust` and `parity demo`. Gaps are keyed by their names in
// fairness::kGaps; undefined values are null.
#pragma once

#include <nlohmann/json.hpp>

#include "fairness/report.h"

namespace parity::cli {

/// {"count", "tn", "fp", "fn", "tp", <rate_name>: rate or null, for every rate of kAllRates}.
nlohmann::json to_json(const fairness::Confusion& c);

/// {"value", "max_group", "min_group", "skipped_groups"}; value and groups are null when the gap
/// is undefined.
nlohmann::json to_json(const fairness::Disparity& d);

/// {"groups": [{"group": g, <the group's confusion>}...], "overall": <pooled confusion>,
///  "gaps": {<kGaps name>: <disparity>...}}.
nlohmann::json to_json(const fairness::FairnessReport& report);

}  // namespace parity::cli
