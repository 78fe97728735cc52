// `parity metrics`: the fairness report of a classifier's saved predictions.
// The input is a CSV file with a header naming the columns y_true, y_pred and group (any order)
// and optionally y_score; y_true and y_pred hold 0 or 1, group any non-empty label (kept as
// written, e.g. "0", "female" or "1000000"), y_score a finite number (e.g. a probability or a
// logit). Any other column is refused. The report covers exactly the groups present, ordered by
// their labels compared as strings. With bootstrap options, every rate and gap also gets a
// percentile interval from resampling the rows within each group (metrics_bootstrap.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fairness/report.h"
#include "fairness/roc.h"
#include "metrics_bootstrap.h"
#include "tensor/tensor.h"

namespace parity::cli {

/// The columns of a predictions file, each with one entry per row.
struct Predictions {
  Tensor y_true;
  Tensor y_pred;
  std::vector<std::string> group;  ///< the group label of each row
  Tensor y_score;                  ///< undefined when the file has no y_score column
};

/// Reads and checks a predictions file. Throws parity::Error naming the file (and for a bad
/// cell its line and column) on a missing or unknown column or a cell that is not as above.
Predictions read_predictions(const std::filesystem::path& csv);

struct MetricsResult {
  /// The labels of the groups present, sorted as strings; group index i of the report (and of
  /// every per-group vector here) is group_labels[i].
  std::vector<std::string> group_labels;
  /// The group index of each row.
  std::vector<Index> row_group;
  fairness::FairnessReport report;
  Index n = 0;
  /// Mean y_score per group index and overall; empty when there are no scores.
  std::vector<double> group_mean_score;
  std::optional<double> overall_mean_score;
  /// The ROC curve and AUC of y_score per group index and overall (fairness/roc.h); empty
  /// when there are no scores.
  std::vector<fairness::Roc> group_roc;
  fairness::Roc overall_roc;
  /// Intervals when a bootstrap was asked for.
  std::optional<BootstrapIntervals> bootstrap;
};

/// The report of `predictions`, with bootstrap intervals when `bootstrap` is set; `source` names
/// the predictions in messages. Throws parity::Error unless rows of at least two groups are
/// present, and for bad bootstrap options.
MetricsResult compute_metrics(const Predictions& predictions, const std::string& source,
                              const std::optional<BootstrapOptions>& bootstrap = std::nullopt);

/// {"input", "n", "groups": [{"group": label, "count", "tn", "fp", "fn", "tp", <rate_name>...,
///  ["mean_score", "auc", "roc": [[threshold, fpr, tpr]...]]}], "overall": {the same without "group"}, "gaps": {<gap name>: {"value",
///  "max_group", "min_group", "skipped_groups"}}} with groups given by their labels; undefined
/// values (and max/min groups of undefined gaps) are null. With a bootstrap, every rate gets
/// "<rate_name>_ci": [low, high] and every gap "ci": [low, high] (null when no resample defines
/// it), "..._ci_undefined" / "ci_undefined" counts the resamples left out when there are any,
/// and "bootstrap" describes the resampling.
nlohmann::json metrics_json(const MetricsResult& result, const std::filesystem::path& input);

struct MetricsOptions {
  std::filesystem::path predictions;
  std::filesystem::path out;  ///< JSON file; empty: none
  int precision = 4;          ///< decimals of the printed rates, 1..17
  /// Bootstrap resamples; std::nullopt: no intervals. Must be positive when set.
  std::optional<int> bootstrap;
  std::uint64_t seed = 0;    ///< seeds the bootstrap
  double confidence = 0.95;  ///< of the bootstrap intervals, in (0, 1)
};

/// The command: reads options.predictions, prints the report tables to `out` and writes the
/// JSON file when options.out is set. Returns the JSON.
nlohmann::json run_metrics(const MetricsOptions& options, std::ostream& out);

}  // namespace parity::cli
