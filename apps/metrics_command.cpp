// `parity metrics`: reading a predictions file, the report over the groups present (by label), the
// optional bootstrap intervals, and their tables and JSON.
#include "metrics_command.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "commands.h"
#include "data/csv.h"
#include "fairness/confusion.h"
#include "fairness_json.h"
#include "option_checks.h"
#include "output.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

constexpr const char* kRequired[] = {"y_true", "y_pred", "group"};
constexpr const char* kScore = "y_score";
constexpr const char* kResampling =
    "rows resampled with replacement within each group (stratified by group), so every resample keeps "
    "every group with its size";

bool is_known_column(const std::string& name) {
  if (name == kScore) return true;
  for (const char* required : kRequired) {
    if (name == required) return true;
  }
  return false;
}

// The whole cell as a number, or std::nullopt when it is not one.
std::optional<double> parse_number(const std::string& cell) {
  double value = 0.0;
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Column `column` of every row, each cell checked by `accept`, which says what was expected.
template <class Accept>
Tensor read_column(const data::RawTable& table, Index column, const char* expected, Accept accept) {
  Tensor out = Tensor::empty(Shape{table.num_rows()});
  for (Index r = 0; r < table.num_rows(); ++r) {
    const std::string& cell = table.cell(r, column);
    const std::optional<double> value = parse_number(cell);
    PARITY_CHECK(value && accept(*value), "read_predictions(): ", table.where(r), ": ",
                 table.describe_column(column), ": expected ", expected, ", got '", cell, "'");
    out.data()[r] = *value;
  }
  return out;
}

bool is_label(double v) { return v == 0.0 || v == 1.0; }
bool is_score(double v) { return v >= 0.0 && v <= 1.0; }

// "[low, high]" with `precision` decimals, "undef" without an interval, and " *" when some
// resamples were left out.
std::string interval_cell(const Interval& ci, int precision) {
  if (!ci.low) return "undef";
  std::string text = "[" + fixed(*ci.low, precision) + ", " + fixed(*ci.high, precision) + "]";
  return ci.undefined > 0 ? text + " *" : text;
}

nlohmann::json interval_json(const Interval& ci) {
  return ci.low ? nlohmann::json::array({*ci.low, *ci.high}) : nlohmann::json(nullptr);
}

void add_rate_intervals(nlohmann::json& entry, const RateIntervals& intervals) {
  for (std::size_t k = 0; k < kRateCount; ++k) {
    const std::string name = fairness::rate_name(fairness::kAllRates[k]);
    entry[name + "_ci"] = interval_json(intervals[k]);
    if (intervals[k].undefined > 0) entry[name + "_ci_undefined"] = intervals[k].undefined;
  }
}

// The statistics with their point values and intervals, one row each.
std::string bootstrap_table(const MetricsResult& result, int precision) {
  const BootstrapIntervals& b = *result.bootstrap;
  std::ostringstream header;
  header << b.options.confidence * 100 << "% interval";
  Table table({"statistic", "group", "value", header.str()});
  const auto add_rates = [&](const std::string& group, const fairness::Confusion& c,
                             const RateIntervals& ci) {
    for (std::size_t k = 0; k < kRateCount; ++k) {
      const fairness::RateKind kind = fairness::kAllRates[k];
      table.add_row({fairness::rate_name(kind), group,
                     fixed(fairness::rate(c, kind).to_optional(), precision),
                     interval_cell(ci[k], precision)});
    }
  };
  for (std::size_t g = 0; g < result.group_labels.size(); ++g) {
    add_rates(result.group_labels[g], result.report.groups[g], b.groups[g]);
  }
  add_rates("overall", result.report.overall, b.overall);
  for (std::size_t i = 0; i < fairness::kGapCount; ++i) {
    table.add_row({fairness::kGaps[i].name, "-", fixed(result.report.gaps[i].value, precision),
                   interval_cell(b.gaps[i], precision)});
  }
  std::ostringstream out;
  out << "bootstrap: " << b.options.resamples << " resamples, seed " << b.options.seed
      << ", percentile intervals;\n"
      << kResampling << "\n"
      << table.to_string()
      << "* = undefined in some resamples (an empty cell), which the interval leaves out\n";
  return out.str();
}

// "group index: 0 = 'a', 1 = 'b'" when a label differs from its index, else empty.
std::string group_legend(const std::vector<std::string>& labels) {
  bool identity = true;
  for (std::size_t g = 0; g < labels.size(); ++g) identity = identity && labels[g] == std::to_string(g);
  if (identity) return {};
  std::string text = "group index:";
  for (std::size_t g = 0; g < labels.size(); ++g) {
    text += (g ? ", " : " ") + std::to_string(g) + " = '" + labels[g] + "'";
  }
  return text + "\n";
}

std::string score_table(const MetricsResult& result, int precision) {
  Table table({"group", "mean y_score", "AUC"});
  for (std::size_t g = 0; g < result.group_mean_score.size(); ++g) {
    table.add_row({result.group_labels[g], fixed(result.group_mean_score[g], precision),
                   fixed(result.group_roc[g].auc, precision)});
  }
  table.add_row({"overall", fixed(result.overall_mean_score, precision), fixed(result.overall_roc.auc, precision)});
  return table.to_string() + "AUC = P(a positive outscores a negative), ties half; undef without both classes\n";
}

void add_roc(nlohmann::json& entry, const fairness::Roc& roc) {
  entry["auc"] = roc.auc ? nlohmann::json(*roc.auc) : nlohmann::json(nullptr);
  nlohmann::json points = nlohmann::json::array();
  for (const fairness::RocPoint& p : roc.points) points.push_back({p.threshold, p.fpr, p.tpr});
  entry["roc"] = std::move(points);
}

}  // namespace

Predictions read_predictions(const std::filesystem::path& csv) {
  data::CsvOptions options;
  options.trim = true;
  const data::RawTable table = data::read_csv(csv, options);

  std::string unknown;
  for (const std::string& name : table.columns) {
    if (!is_known_column(name)) unknown += (unknown.empty() ? "'" : ", '") + name + "'";
  }
  PARITY_CHECK(unknown.empty(), "read_predictions(): ", table.source, ": unknown column(s) ", unknown,
               "; expected the columns y_true, y_pred, group and optionally y_score");

  Predictions out;
  const auto column = [&table](const char* name) { return table.column_index(name, "read_predictions()"); };
  out.y_true = read_column(table, column("y_true"), "0 or 1", is_label);
  out.y_pred = read_column(table, column("y_pred"), "0 or 1", is_label);
  const Index group = column("group");
  for (Index r = 0; r < table.num_rows(); ++r) {
    const std::string& cell = table.cell(r, group);
    PARITY_CHECK(!cell.empty(), "read_predictions(): ", table.where(r), ": ", table.describe_column(group),
                 ": expected a group label, got an empty cell");
    out.group.push_back(cell);
  }
  if (std::find(table.columns.begin(), table.columns.end(), kScore) != table.columns.end()) {
    out.y_score = read_column(table, column(kScore), "a score in [0, 1]", is_score);
  }
  return out;
}

MetricsResult compute_metrics(const Predictions& predictions, const std::string& source,
                              const std::optional<BootstrapOptions>& bootstrap) {
  MetricsResult result;
  result.n = predictions.y_true.numel();
  PARITY_CHECK(result.n > 0, "compute_metrics(): ", source, ": no rows");
  PARITY_CHECK(static_cast<Index>(predictions.group.size()) == result.n, "compute_metrics(): ", source, ": ",
               predictions.group.size(), " group labels for ", result.n, " rows");
  std::map<std::string, Index> index_of;
  for (const std::string& label : predictions.group) index_of.emplace(label, 0);
  PARITY_CHECK(index_of.size() >= 2, "compute_metrics(): ", source,
               ": fairness gaps need rows of at least two groups, found only group '",
               index_of.begin()->first, "'");
  for (auto& [label, index] : index_of) {
    index = static_cast<Index>(result.group_labels.size());
    result.group_labels.push_back(label);
  }
  const auto G = static_cast<Index>(result.group_labels.size());
  PARITY_CHECK(G <= fairness::kMaxGroups, "compute_metrics(): ", source, ": ", G, " groups, more than the ",
               fairness::kMaxGroups, " accepted");
  Tensor s = Tensor::empty(Shape{result.n});
  for (Index i = 0; i < result.n; ++i) {
    result.row_group.push_back(index_of.at(predictions.group[static_cast<std::size_t>(i)]));
    s.data()[i] = static_cast<double>(result.row_group.back());
  }
  std::vector<fairness::Confusion> groups =
      fairness::group_confusions(predictions.y_true, predictions.y_pred, s, static_cast<int>(G));

  if (predictions.y_score.defined()) {
    PARITY_CHECK(predictions.y_score.numel() == result.n, "compute_metrics(): ", source, ": ",
                 predictions.y_score.numel(), " scores for ", result.n, " rows");
    std::vector<double> sums(groups.size(), 0.0);
    double total = 0.0;
    for (Index i = 0; i < result.n; ++i) {
      const double score = predictions.y_score.data()[i];
      PARITY_CHECK(score >= 0.0 && score <= 1.0, "compute_metrics(): ", source, ": y_score[", i, "] = ", score,
                   ", expected a score in [0, 1]");
      sums[static_cast<std::size_t>(result.row_group[static_cast<std::size_t>(i)])] += score;
      total += score;
    }
    std::vector<std::vector<double>> labels(groups.size());
    std::vector<std::vector<double>> scores(groups.size());
    for (Index i = 0; i < result.n; ++i) {
      const auto g = static_cast<std::size_t>(result.row_group[static_cast<std::size_t>(i)]);
      labels[g].push_back(predictions.y_true.data()[i]);
      scores[g].push_back(predictions.y_score.data()[i]);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      result.group_mean_score.push_back(sums[g] / static_cast<double>(groups[g].count()));
      result.group_roc.push_back(fairness::roc_curve(labels[g], scores[g]));
    }
    result.overall_mean_score = total / static_cast<double>(result.n);
    const auto n = static_cast<std::size_t>(result.n);
    result.overall_roc =
        fairness::roc_curve({predictions.y_true.data(), n}, {predictions.y_score.data(), n});
  }
  if (bootstrap) {
    const auto n = static_cast<std::size_t>(result.n);
    result.bootstrap = bootstrap_intervals(result.row_group, {predictions.y_true.data(), n},
                                           {predictions.y_pred.data(), n}, G, *bootstrap);
  }
  result.report = fairness::fairness_report(std::move(groups));
  return result;
}

nlohmann::json metrics_json(const MetricsResult& result, const std::filesystem::path& input) {
  nlohmann::json json = to_json(result.report);
  const auto label = [&result](const nlohmann::json& index) {
    return index.is_null() ? index : nlohmann::json(result.group_labels[index.get<std::size_t>()]);
  };
  for (std::size_t g = 0; g < result.group_labels.size(); ++g) {
    nlohmann::json& entry = json["groups"][g];
    entry["group"] = result.group_labels[g];
    if (!result.group_mean_score.empty()) {
      entry["mean_score"] = result.group_mean_score[g];
      add_roc(entry, result.group_roc[g]);
    }
    if (result.bootstrap) add_rate_intervals(entry, result.bootstrap->groups[g]);
  }
  if (result.overall_mean_score) {
    json["overall"]["mean_score"] = *result.overall_mean_score;
    add_roc(json["overall"], result.overall_roc);
  }
  if (result.bootstrap) add_rate_intervals(json["overall"], result.bootstrap->overall);
  for (std::size_t i = 0; i < fairness::kGapCount; ++i) {
    nlohmann::json& gap = json["gaps"][fairness::kGaps[i].name];
    gap["max_group"] = label(gap["max_group"]);
    gap["min_group"] = label(gap["min_group"]);
    nlohmann::json skipped = nlohmann::json::array();
    for (const nlohmann::json& index : gap["skipped_groups"]) skipped.push_back(label(index));
    gap["skipped_groups"] = std::move(skipped);
    if (result.bootstrap) {
      const Interval& ci = result.bootstrap->gaps[i];
      gap["ci"] = interval_json(ci);
      if (ci.undefined > 0) gap["ci_undefined"] = ci.undefined;
    }
  }
  if (result.bootstrap) {
    const BootstrapOptions& b = result.bootstrap->options;
    json["bootstrap"] = {{"resamples", b.resamples},
                         {"seed", b.seed},
                         {"confidence", b.confidence},
                         {"interval", "percentile, linear interpolation between order statistics"},
                         {"resampling", kResampling}};
  }
  json["input"] = input.string();
  json["n"] = result.n;
  return json;
}

nlohmann::json run_metrics(const MetricsOptions& options, std::ostream& out) {
  PARITY_CHECK(options.precision >= 1 && options.precision <= 17,
               "run_metrics(): precision must be in [1, 17], got ", options.precision);
  std::optional<BootstrapOptions> bootstrap;
  if (options.bootstrap) {
    PARITY_CHECK(*options.bootstrap > 0,
                 "run_metrics(): --bootstrap must be a positive number of resamples, got ",
                 *options.bootstrap);
    PARITY_CHECK(options.confidence > 0.0 && options.confidence < 1.0,
                 "run_metrics(): --confidence must be in (0, 1), got ", options.confidence);
    bootstrap = BootstrapOptions{
        .resamples = *options.bootstrap, .seed = options.seed, .confidence = options.confidence};
  }
  check_writable_file(options.out, "run_metrics(): --out");
  const MetricsResult result =
      compute_metrics(read_predictions(options.predictions), options.predictions.string(), bootstrap);
  out << group_legend(result.group_labels) << fairness::to_string(result.report, options.precision);
  if (!result.group_mean_score.empty()) out << "\n" << score_table(result, options.precision);
  if (result.bootstrap) out << "\n" << bootstrap_table(result, options.precision);
  nlohmann::json json = metrics_json(result, options.predictions);
  if (!options.out.empty()) {
    write_json(json, options.out);
    out << "\nwrote " << options.out.string() << "\n";
  }
  return json;
}

void add_metrics_command(CLI::App& app) {
  auto options = std::make_shared<MetricsOptions>();
  CLI::App* command = app.add_subcommand(
      "metrics",
      "Fairness report of saved predictions (CSV with columns y_true, y_pred, group[, y_score]); "
      "groups are any labels, reported in string order");
  command->add_option("--predictions", options->predictions, "CSV file of predictions")->required();
  command->add_option("--out", options->out, "also write the report as JSON to this file");
  command->add_option("--precision", options->precision, "decimals of the printed rates")
      ->check(integer_in(1, 17))
      ->capture_default_str();
  command->add_option(
      "--bootstrap", options->bootstrap,
      "percentile bootstrap intervals from N resamples of the rows, drawn with replacement within "
      "each group (stratified by group, so every resample keeps every group and its size)");
  command->add_option("--seed", options->seed, "seed of the bootstrap resampling")
      ->capture_default_str()
      ->check(seed_value());
  command->add_option("--confidence", options->confidence, "confidence of the bootstrap intervals, in (0, 1)")
      ->capture_default_str();
  command->callback([options] { run_metrics(*options, std::cout); });
}

}  // namespace parity::cli
