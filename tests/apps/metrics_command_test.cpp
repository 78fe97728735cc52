// Tests of `parity metrics`: JSON numbers of hand-computed confusion matrices (two and three
// groups), undefined rates and gaps as null, mean scores, the printed report and the JSON file,
// the command line, and the errors for bad files.
#include "metrics_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "common/error_message.h"
#include "common/temp_dir.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using ::parity::testing::error_message;

// Rows "y_true,y_pred,group" holding `count` copies of (y, yhat) in group g for each cell.
struct Cells {
  int group;
  int tn, fp, fn, tp;
};

std::string csv_of(const std::vector<Cells>& groups) {
  std::string text = "y_true,y_pred,group\n";
  for (const Cells& c : groups) {
    const std::string g = std::to_string(c.group);
    for (int i = 0; i < c.tn; ++i) text += "0,0," + g + "\n";
    for (int i = 0; i < c.fp; ++i) text += "0,1," + g + "\n";
    for (int i = 0; i < c.fn; ++i) text += "1,0," + g + "\n";
    for (int i = 0; i < c.tp; ++i) text += "1,1," + g + "\n";
  }
  return text;
}

MetricsOptions options_with_precision(const fs::path& csv, int precision) {
  MetricsOptions options;
  options.predictions = csv;
  options.precision = precision;
  return options;
}

class MetricsCommand : public parity::testing::TempDirTest {
 protected:
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = temp_dir() / name;
    std::ofstream(file) << text;
    return file;
  }
  fs::path path(const std::string& name) const { return temp_dir() / name; }

  json metrics_of(const std::string& text) const {
    const fs::path file = write("predictions.csv", text);
    return metrics_json(compute_metrics(read_predictions(file), file.string()), file);
  }
};

TEST_F(MetricsCommand, TwoGroupsHandComputed) {
  // Group 0: TN 3, FP 1, FN 2, TP 4 (n 10); group 1: TN 4, FP 0, FN 1, TP 1 (n 6).
  const json j = metrics_of(csv_of({{0, 3, 1, 2, 4}, {1, 4, 0, 1, 1}}));
  EXPECT_EQ(j["n"], 16);
  ASSERT_EQ(j["groups"].size(), 2u);

  const json& g0 = j["groups"][0];
  EXPECT_EQ(g0["group"], "0");
  EXPECT_EQ(g0["count"], 10);
  EXPECT_EQ(g0["tn"], 3);
  EXPECT_EQ(g0["fp"], 1);
  EXPECT_EQ(g0["fn"], 2);
  EXPECT_EQ(g0["tp"], 4);
  EXPECT_EQ(g0["selection_rate"], 5.0 / 10.0);
  EXPECT_EQ(g0["true_positive_rate"], 4.0 / 6.0);
  EXPECT_EQ(g0["false_positive_rate"], 1.0 / 4.0);
  EXPECT_EQ(g0["positive_predictive_value"], 4.0 / 5.0);
  EXPECT_EQ(g0["negative_predictive_value"], 3.0 / 5.0);
  EXPECT_EQ(g0["false_omission_rate"], 2.0 / 5.0);
  EXPECT_EQ(g0["accuracy"], 7.0 / 10.0);
  EXPECT_FALSE(g0.contains("mean_score"));

  const json& g1 = j["groups"][1];
  EXPECT_EQ(g1["selection_rate"], 1.0 / 6.0);
  EXPECT_EQ(g1["true_positive_rate"], 1.0 / 2.0);
  EXPECT_EQ(g1["false_positive_rate"], 0.0);
  EXPECT_EQ(g1["positive_predictive_value"], 1.0);
  EXPECT_EQ(g1["accuracy"], 5.0 / 6.0);

  const json& overall = j["overall"];
  EXPECT_FALSE(overall.contains("group"));
  EXPECT_EQ(overall["count"], 16);
  EXPECT_EQ(overall["tp"], 5);
  EXPECT_EQ(overall["selection_rate"], 6.0 / 16.0);
  EXPECT_EQ(overall["true_positive_rate"], 5.0 / 8.0);

  const json& gaps = j["gaps"];
  ASSERT_EQ(gaps.size(), 8u);
  EXPECT_EQ(gaps["demographic_parity_difference"]["value"], 5.0 / 10.0 - 1.0 / 6.0);
  EXPECT_EQ(gaps["demographic_parity_difference"]["max_group"], "0");
  EXPECT_EQ(gaps["demographic_parity_difference"]["min_group"], "1");
  EXPECT_EQ(gaps["demographic_parity_difference"]["skipped_groups"], json::array());
  EXPECT_EQ(gaps["demographic_parity_ratio"]["value"], (1.0 / 6.0) / (5.0 / 10.0));
  EXPECT_EQ(gaps["equal_opportunity_difference"]["value"], 4.0 / 6.0 - 1.0 / 2.0);
  EXPECT_EQ(gaps["false_positive_rate_difference"]["value"], 1.0 / 4.0);
  EXPECT_EQ(gaps["equalized_odds_difference"]["value"], 1.0 / 4.0);
  EXPECT_EQ(gaps["predictive_parity_difference"]["value"], 1.0 - 4.0 / 5.0);
  EXPECT_EQ(gaps["predictive_parity_difference"]["max_group"], "1");
  EXPECT_EQ(gaps["false_omission_rate_difference"]["value"], 2.0 / 5.0 - 1.0 / 5.0);
  EXPECT_EQ(gaps["accuracy_parity_difference"]["value"], 5.0 / 6.0 - 7.0 / 10.0);
  EXPECT_EQ(gaps["accuracy_parity_difference"]["max_group"], "1");
}

TEST_F(MetricsCommand, ThreeGroupsWithUndefinedRates) {
  // Group 1 has no negatives (FPR undefined), group 2 no positives (TPR undefined).
  const json j = metrics_of(csv_of({{0, 1, 1, 1, 1}, {1, 0, 0, 1, 3}, {2, 2, 1, 0, 0}}));
  ASSERT_EQ(j["groups"].size(), 3u);
  EXPECT_TRUE(j["groups"][1]["false_positive_rate"].is_null());
  EXPECT_TRUE(j["groups"][2]["true_positive_rate"].is_null());
  EXPECT_EQ(j["groups"][2]["positive_predictive_value"], 0.0);

  const json& gaps = j["gaps"];
  EXPECT_EQ(gaps["demographic_parity_difference"]["value"], 3.0 / 4.0 - 1.0 / 3.0);
  EXPECT_EQ(gaps["demographic_parity_difference"]["max_group"], "1");
  EXPECT_EQ(gaps["demographic_parity_difference"]["min_group"], "2");
  EXPECT_EQ(gaps["equal_opportunity_difference"]["value"], 3.0 / 4.0 - 1.0 / 2.0);
  EXPECT_EQ(gaps["equal_opportunity_difference"]["skipped_groups"], json::array({"2"}));
  EXPECT_EQ(gaps["false_positive_rate_difference"]["value"], 1.0 / 2.0 - 1.0 / 3.0);
  EXPECT_EQ(gaps["false_positive_rate_difference"]["skipped_groups"], json::array({"1"}));
  EXPECT_EQ(gaps["equalized_odds_difference"]["value"], 3.0 / 4.0 - 1.0 / 2.0);
  EXPECT_EQ(gaps["equalized_odds_difference"]["max_group"], "1");
  EXPECT_EQ(gaps["equalized_odds_difference"]["min_group"], "0");
  EXPECT_EQ(gaps["equalized_odds_difference"]["skipped_groups"], json::array({"1", "2"}));
}

TEST_F(MetricsCommand, UndefinedGapIsNull) {
  // Only group 0 has positives, so the TPR gap has one group and is undefined.
  const json j = metrics_of(csv_of({{0, 1, 0, 1, 1}, {1, 2, 1, 0, 0}}));
  const json& gap = j["gaps"]["equal_opportunity_difference"];
  EXPECT_TRUE(gap["value"].is_null());
  EXPECT_TRUE(gap["max_group"].is_null());
  EXPECT_TRUE(gap["min_group"].is_null());
  EXPECT_EQ(gap["skipped_groups"], json::array({"1"}));
}

TEST_F(MetricsCommand, ScoresAnyColumnOrderAndOnlyTheGroupsPresent) {
  // Groups 0 and 2; id 1 has no rows and is not reported.
  const json j = metrics_of(
      "group,y_score,y_pred,y_true\n"
      "0, 0.25, 0, 0\n"
      "0, 0.75, 1, 1\n"
      "2, 0.5, 1, 0\n"
      "2, 1, 1, 1\n"
      "2, 0, 0, 1\n");
  ASSERT_EQ(j["groups"].size(), 2u);
  EXPECT_EQ(j["groups"][0]["group"], "0");
  EXPECT_EQ(j["groups"][0]["mean_score"], (0.25 + 0.75) / 2.0);
  EXPECT_EQ(j["groups"][0]["tn"], 1);
  EXPECT_EQ(j["groups"][0]["tp"], 1);
  EXPECT_EQ(j["groups"][1]["group"], "2");
  EXPECT_EQ(j["groups"][1]["mean_score"], (0.5 + 1.0 + 0.0) / 3.0);
  EXPECT_EQ(j["groups"][1]["fp"], 1);
  EXPECT_EQ(j["groups"][1]["fn"], 1);
  EXPECT_EQ(j["overall"]["mean_score"], (0.25 + 0.75 + 0.5 + 1.0 + 0.0) / 5.0);
  // AUC: group 0 ranks its positive (0.75) above its negative (0.25): 1; group 2 has one
  // negative (0.5) below the positive 1 and above the positive 0: 1/2; overall the 3 positives
  // (0.75, 1, 0) against the 2 negatives (0.25, 0.5) win 2 + 2 + 0 of 6 pairs.
  EXPECT_EQ(j["groups"][0]["auc"], 1.0);
  EXPECT_EQ(j["groups"][1]["auc"], 0.5);
  EXPECT_EQ(j["overall"]["auc"], 4.0 / 6.0);
  EXPECT_EQ(j["groups"][1]["roc"], json::parse("[[1, 0, 0.5], [0.5, 1, 0.5], [0, 1, 1]]"));
  EXPECT_EQ(j["gaps"]["demographic_parity_difference"]["value"], 2.0 / 3.0 - 1.0 / 2.0);
  EXPECT_EQ(j["gaps"]["demographic_parity_difference"]["max_group"], "2");
  EXPECT_EQ(j["gaps"]["demographic_parity_difference"]["skipped_groups"], json::array());
}

TEST_F(MetricsCommand, SparseIntegerIdsAreJustTheirGroups) {
  const json j = metrics_of("y_true,y_pred,group\n1,1,0\n0,1,1000000\n1,0,1000000\n");
  ASSERT_EQ(j["groups"].size(), 2u);
  EXPECT_EQ(j["groups"][0]["group"], "0");
  EXPECT_EQ(j["groups"][1]["group"], "1000000");
  EXPECT_EQ(j["groups"][1]["count"], 2);
  EXPECT_EQ(j["gaps"]["accuracy_parity_difference"]["value"], 1.0);
  EXPECT_EQ(j["gaps"]["accuracy_parity_difference"]["min_group"], "1000000");
}

TEST_F(MetricsCommand, StringLabelsAreKeptAndSortedAsStrings) {
  // "10" < "9" < "Male" < "female" as strings (byte order).
  const json j = metrics_of("y_true,y_pred,group\n1,1,female\n0,0,Male\n1,0,9\n0,1,10\n1,1, female \n");
  ASSERT_EQ(j["groups"].size(), 4u);
  const std::vector<std::string> labels{"10", "9", "Male", "female"};
  for (std::size_t g = 0; g < labels.size(); ++g) EXPECT_EQ(j["groups"][g]["group"], labels[g]) << g;
  EXPECT_EQ(j["groups"][3]["count"], 2);  // fields are trimmed
  EXPECT_EQ(j["gaps"]["demographic_parity_difference"]["max_group"], "10");
  EXPECT_EQ(j["gaps"]["demographic_parity_difference"]["min_group"], "9");

  std::ostringstream text;
  MetricsOptions options;
  options.predictions = path("predictions.csv");
  run_metrics(options, text);
  EXPECT_EQ(text.str().rfind("group index: 0 = '10', 1 = '9', 2 = 'Male', 3 = 'female'\n", 0), 0u)
      << text.str();
}

TEST_F(MetricsCommand, RunPrintsTheReportAndWritesTheJson) {
  const fs::path csv = write("p.csv", csv_of({{0, 3, 1, 2, 4}, {1, 4, 0, 1, 1}}));
  std::ostringstream text;
  MetricsOptions options;
  options.predictions = csv;
  options.out = path("out/metrics.json");
  options.precision = 3;
  const json j = run_metrics(options, text);
  EXPECT_NE(text.str().find("demographic_parity_difference"), std::string::npos);
  EXPECT_NE(text.str().find("0.333"), std::string::npos);
  EXPECT_EQ(j["input"], csv.string());

  std::ifstream in(path("out/metrics.json"));
  ASSERT_TRUE(in.good());
  EXPECT_EQ(json::parse(in), j);
}

TEST_F(MetricsCommand, CommandLine) {
  const fs::path csv = write("p.csv", csv_of({{0, 1, 1, 1, 1}, {1, 2, 0, 0, 2}}));
  CLI::App app;
  add_metrics_command(app);
  ::testing::internal::CaptureStdout();
  app.parse("metrics --predictions " + csv.string() + " --out " + path("m.json").string() + " --precision 2",
            false);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("overall"), std::string::npos);
  std::ifstream in(path("m.json"));
  ASSERT_TRUE(in.good());
  EXPECT_EQ(json::parse(in)["gaps"]["demographic_parity_difference"]["value"], 0.0);
}

TEST_F(MetricsCommand, MissingColumn) {
  const fs::path csv = write("p.csv", "y_true,group\n0,0\n1,1\n");
  const std::string message = error_message([&] { read_predictions(csv); });
  EXPECT_NE(message.find("read_predictions()"), std::string::npos) << message;
  EXPECT_NE(message.find("p.csv"), std::string::npos) << message;
  EXPECT_NE(message.find("no column 'y_pred'"), std::string::npos) << message;
}

TEST_F(MetricsCommand, UnknownColumn) {
  const fs::path csv = write("p.csv", "y_true,y_pred,weight,group,id\n0,0,1,0,7\n");
  const std::string message = error_message([&] { read_predictions(csv); });
  EXPECT_NE(message.find("unknown column(s) 'weight', 'id'"), std::string::npos) << message;
}

TEST_F(MetricsCommand, BadLabelNamesLineAndColumn) {
  const fs::path csv = write("p.csv", "y_true,y_pred,group\n0,0,0\n1,1,1\n2,1,0\n");
  const std::string message = error_message([&] { read_predictions(csv); });
  EXPECT_NE(message.find("p.csv:4"), std::string::npos) << message;
  EXPECT_NE(message.find("column 'y_true' (#0)"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 0 or 1, got '2'"), std::string::npos) << message;
}

TEST_F(MetricsCommand, BadCells) {
  const auto message_for = [&](const std::string& row) {
    return error_message(
        [&] { read_predictions(write("p.csv", "y_true,y_pred,group,y_score\n0,0,0,0.5\n" + row)); });
  };
  EXPECT_NE(message_for("1,0.5,1,0\n").find("column 'y_pred' (#1): expected 0 or 1, got '0.5'"),
            std::string::npos);
  EXPECT_NE(
      message_for("1,1,,0\n").find("p.csv:3: column 'group' (#2): expected a group label, got an empty cell"),
      std::string::npos);
  EXPECT_NE(message_for("1,1,1,nan\n").find("p.csv:3: column 'y_score' (#3): expected a score in [0, 1], got 'nan'"),
            std::string::npos);
  // A score is a probability: 1.5 or -0.5 would be averaged into a mean score outside [0, 1].
  EXPECT_NE(message_for("1,1,1,1.5\n").find("p.csv:3: column 'y_score' (#3): expected a score in [0, 1], got '1.5'"),
            std::string::npos);
  EXPECT_NE(message_for("1,1,1,-0.5\n").find("expected a score in [0, 1], got '-0.5'"), std::string::npos);
  Predictions direct{.y_true = Tensor(Shape{2}, {0, 1}), .y_pred = Tensor(Shape{2}, {0, 1}), .group = {"a", "b"},
                     .y_score = Tensor(Shape{2}, {0.5, 2.0})};
  EXPECT_EQ(error_message([&] { compute_metrics(direct, "direct"); }),
            "compute_metrics(): direct: y_score[1] = 2, expected a score in [0, 1]");
  EXPECT_NE(message_for("1,1,1,\n").find("got ''"), std::string::npos);
}

TEST_F(MetricsCommand, SingleGroup) {
  const fs::path csv = write("p.csv", "y_true,y_pred,group\n0,0,1\n1,1,1\n");
  const std::string message = error_message([&] { compute_metrics(read_predictions(csv), csv.string()); });
  EXPECT_NE(message.find("compute_metrics()"), std::string::npos) << message;
  EXPECT_NE(message.find("at least two groups, found only group '1'"), std::string::npos) << message;

  CLI::App app;
  add_metrics_command(app);
  EXPECT_THROW(app.parse("metrics --predictions " + csv.string(), false), Error);
}

TEST_F(MetricsCommand, Precision) {
  const fs::path csv = write("p.csv", csv_of({{0, 1, 1, 1, 1}, {1, 2, 0, 0, 2}}));
  std::ostringstream text;
  const std::string message = error_message([&] { run_metrics(options_with_precision(csv, 0), text); });
  EXPECT_NE(message.find("precision must be in [1, 17], got 0"), std::string::npos) << message;
}

}  // namespace
}  // namespace parity::cli
