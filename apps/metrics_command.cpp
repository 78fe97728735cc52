#include "metrics_command.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "commands.h"
#include "data/csv.h"
#include "fairness/confusion.h"
#include "fairness_json.h"
#include "output.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

constexpr const char* kRequired[] = {"y_true", "y_pred", "group"};
constexpr const char* kScore = "y_score";

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
bool is_group_id(double v) { return v >= 0.0 && v < fairness::kMaxGroups && v == std::floor(v); }
bool is_score(double v) { return std::isfinite(v); }

std::string score_table(const MetricsResult& result, int precision) {
  Table table({"group", "mean y_score"});
  for (std::size_t g = 0; g < result.group_mean_score.size(); ++g) {
    table.add_row({std::to_string(g), fixed(result.group_mean_score[g], precision)});
  }
  table.add_row({"overall", fixed(result.overall_mean_score, precision)});
  return table.to_string();
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
  out.group = read_column(table, column("group"), "a non-negative integer group id", is_group_id);
  if (std::find(table.columns.begin(), table.columns.end(), kScore) != table.columns.end()) {
    out.y_score = read_column(table, column(kScore), "a finite number", is_score);
  }
  return out;
}

MetricsResult compute_metrics(const Predictions& predictions, const std::string& source) {
  std::vector<fairness::Confusion> groups =
      fairness::group_confusions(predictions.y_true, predictions.y_pred, predictions.group);
  std::vector<int> present;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].count() > 0) present.push_back(static_cast<int>(g));
  }
  PARITY_CHECK(present.size() >= 2, "compute_metrics(): ", source,
               ": fairness gaps need rows of at least two groups, found only group ", present.front());

  MetricsResult result;
  result.n = predictions.y_true.numel();
  if (predictions.y_score.defined()) {
    PARITY_CHECK(predictions.y_score.numel() == result.n, "compute_metrics(): ", source, ": ",
                 predictions.y_score.numel(), " scores for ", result.n, " rows");
    std::vector<double> sums(groups.size(), 0.0);
    double total = 0.0;
    for (Index i = 0; i < result.n; ++i) {
      const double score = predictions.y_score.data()[i];
      sums[static_cast<std::size_t>(predictions.group.data()[i])] += score;
      total += score;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const Index count = groups[g].count();
      result.group_mean_score.push_back(
          count > 0 ? std::optional<double>(sums[g] / static_cast<double>(count)) : std::nullopt);
    }
    result.overall_mean_score = total / static_cast<double>(result.n);
  }
  result.report = fairness::fairness_report(std::move(groups));
  return result;
}

nlohmann::json metrics_json(const MetricsResult& result, const std::filesystem::path& input) {
  nlohmann::json json = to_json(result.report);
  if (!result.group_mean_score.empty()) {
    for (std::size_t g = 0; g < result.group_mean_score.size(); ++g) {
      json["groups"][g]["mean_score"] = to_json(result.group_mean_score[g]);
    }
    json["overall"]["mean_score"] = to_json(result.overall_mean_score);
  }
  json["input"] = input.string();
  json["n"] = result.n;
  return json;
}

nlohmann::json run_metrics(const MetricsOptions& options, std::ostream& out) {
  PARITY_CHECK(options.precision >= 1 && options.precision <= 17,
               "run_metrics(): precision must be in [1, 17], got ", options.precision);
  const MetricsResult result =
      compute_metrics(read_predictions(options.predictions), options.predictions.string());
  out << fairness::to_string(result.report, options.precision);
  if (!result.group_mean_score.empty()) out << "\n" << score_table(result, options.precision);
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
      "metrics", "Fairness report of saved predictions (CSV with columns y_true, y_pred, group[, y_score])");
  command->add_option("--predictions", options->predictions, "CSV file of predictions")->required();
  command->add_option("--out", options->out, "also write the report as JSON to this file");
  command->add_option("--precision", options->precision, "decimals of the printed rates")
      ->check(CLI::Range(1, 17))
      ->capture_default_str();
  command->callback([options] { run_metrics(*options, std::cout); });
}

}  // namespace parity::cli
