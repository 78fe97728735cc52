// `parity metrics`: the fairness report of a classifier's saved predictions.
// The input is a CSV file with a header naming the columns y_true, y_pred and group (any order)
// and optionally y_score; y_true and y_pred hold 0 or 1, group a non-negative integer id, y_score
// a finite number (e.g. a probability or a logit). Any other column is refused.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fairness/report.h"
#include "tensor/tensor.h"

namespace parity::cli {

/// The columns of a predictions file, each [n].
struct Predictions {
  Tensor y_true;
  Tensor y_pred;
  Tensor group;
  Tensor y_score;  ///< undefined when the file has no y_score column
};

/// Reads and checks a predictions file. Throws parity::Error naming the file (and for a bad
/// cell its line and column) on a missing or unknown column or a cell that is not as above.
Predictions read_predictions(const std::filesystem::path& csv);

struct MetricsResult {
  fairness::FairnessReport report;
  Index n = 0;
  /// Mean y_score per group (index = group id) and overall; empty when there are no scores, and
  /// std::nullopt for a group without rows.
  std::vector<std::optional<double>> group_mean_score;
  std::optional<double> overall_mean_score;
};

/// The report of `predictions`; `source` names them in messages. Throws parity::Error unless rows
/// of at least two groups are present.
MetricsResult compute_metrics(const Predictions& predictions, const std::string& source);

/// {"input", "n", "groups": [{"group", "count", "tn", "fp", "fn", "tp", <rate_name>..., ["mean_score"]}],
///  "overall": {the same without "group"}, "gaps": {<gap name>: {"value", "max_group", "min_group",
///  "skipped_groups"}}}; undefined values (and max/min groups of undefined gaps) are null.
nlohmann::json metrics_json(const MetricsResult& result, const std::filesystem::path& input);

struct MetricsOptions {
  std::filesystem::path predictions;
  std::filesystem::path out;  ///< JSON file; empty: none
  int precision = 4;          ///< decimals of the printed rates, 1..17
};

/// The command: reads options.predictions, prints the report tables to `out` and writes the
/// JSON file when options.out is set. Returns the JSON.
nlohmann::json run_metrics(const MetricsOptions& options, std::ostream& out);

}  // namespace parity::cli
