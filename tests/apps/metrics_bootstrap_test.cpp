// Tests of the bootstrap intervals of `parity metrics`: intervals around the point estimates of a
// case with clear gaps, zero-width intervals for rates that no resample can change, statistics
// undefined in every resample, the same output for the same seed, the quantile rule on a
// two-valued case, the JSON and table forms, and the errors for bad options.
#include "metrics_bootstrap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "common/error_message.h"
#include "common/temp_dir.h"
#include "metrics_command.h"
#include "output.h"
#include "tensor/creation.h"

namespace parity::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::parity::testing::error_message;

// Row-wise group, label and prediction columns.
struct Rows {
  std::vector<Index> group;
  std::vector<double> y;
  std::vector<double> y_hat;

  void add(Index g, double label, double prediction, int copies) {
    for (int i = 0; i < copies; ++i) {
      group.push_back(g);
      y.push_back(label);
      y_hat.push_back(prediction);
    }
  }
  BootstrapIntervals intervals(const BootstrapOptions& options, Index groups = 2) const {
    return bootstrap_intervals(group, y, y_hat, groups, options);
  }
};

// Group 0 selects 80 of 100 rows, group 1 selects 30 of 100, each with both labels in every cell.
Rows clear_gap() {
  Rows r;
  r.add(0, 1, 1, 50);
  r.add(0, 0, 1, 30);
  r.add(0, 1, 0, 10);
  r.add(0, 0, 0, 10);
  r.add(1, 1, 1, 20);
  r.add(1, 0, 1, 10);
  r.add(1, 1, 0, 30);
  r.add(1, 0, 0, 40);
  return r;
}

constexpr std::size_t kSelection = 0;  // index of SelectionRate in kAllRates
constexpr std::size_t kFpr = 2;        // FalsePositiveRate
constexpr std::size_t kAccuracy = 6;
static_assert(fairness::kAllRates[kSelection] == fairness::RateKind::SelectionRate);
static_assert(fairness::kAllRates[kFpr] == fairness::RateKind::FalsePositiveRate);
static_assert(fairness::kAllRates[kAccuracy] == fairness::RateKind::Accuracy);

TEST(MetricsBootstrap, IntervalsContainThePointEstimates) {
  const Rows rows = clear_gap();
  const BootstrapIntervals b = rows.intervals({.resamples = 400, .seed = 7, .confidence = 0.95});
  const Shape n{static_cast<Index>(rows.group.size())};
  std::vector<fairness::Confusion> groups =
      fairness::group_confusions(from_vector(rows.y, n), from_vector(rows.y_hat, n),
                                 from_vector(std::vector<double>(rows.group.begin(), rows.group.end()), n));
  for (std::size_t g = 0; g < 2; ++g) {
    for (std::size_t k = 0; k < kRateCount; ++k) {
      const double value = fairness::rate(groups[g], fairness::kAllRates[k]).value();
      const Interval& ci = b.groups[g][k];
      ASSERT_TRUE(ci.low.has_value());
      EXPECT_LE(*ci.low, value) << g << " " << k;
      EXPECT_GE(*ci.high, value) << g << " " << k;
      EXPECT_LT(*ci.low, *ci.high) << g << " " << k;
      EXPECT_EQ(ci.undefined, 0);
    }
  }
  for (std::size_t i = 0; i < fairness::kGapCount; ++i) {
    const double value = *fairness::kGaps[i].compute(groups).value;
    EXPECT_LE(*b.gaps[i].low, value) << fairness::kGaps[i].name;
    EXPECT_GE(*b.gaps[i].high, value) << fairness::kGaps[i].name;
  }
  // Selection rate 0.8 on 100 rows: standard error 0.04, so the 95% interval is about +-0.08.
  EXPECT_NEAR(*b.groups[0][kSelection].low, 0.72, 0.03);
  EXPECT_NEAR(*b.groups[0][kSelection].high, 0.88, 0.03);
}

TEST(MetricsBootstrap, ConstantRatesGiveZeroWidthIntervals) {
  // Group 0: every row y = 1, yhat = 1; group 1: every row y = 0, yhat = 0. Any resample keeps
  // this, so selection rates are 1 and 0, accuracies 1, and group 0's FPR is never defined.
  Rows rows;
  rows.add(0, 1, 1, 5);
  rows.add(1, 0, 0, 3);
  const BootstrapIntervals b = rows.intervals({.resamples = 50, .seed = 1, .confidence = 0.9});
  EXPECT_EQ(b.groups[0][kSelection].low, 1.0);
  EXPECT_EQ(b.groups[0][kSelection].high, 1.0);
  EXPECT_EQ(b.groups[1][kSelection].low, 0.0);
  EXPECT_EQ(b.groups[1][kSelection].high, 0.0);
  EXPECT_EQ(b.groups[1][kAccuracy].low, 1.0);
  EXPECT_EQ(b.groups[1][kAccuracy].high, 1.0);
  EXPECT_FALSE(b.groups[0][kFpr].low.has_value());
  EXPECT_EQ(b.groups[0][kFpr].undefined, 50);
  EXPECT_EQ(b.overall[kSelection].low, 5.0 / 8.0);
  EXPECT_EQ(b.overall[kSelection].high, 5.0 / 8.0);
  const Interval& dp = b.gaps[static_cast<std::size_t>(fairness::Gap::DemographicParityDifference)];
  EXPECT_EQ(dp.low, 1.0);
  EXPECT_EQ(dp.high, 1.0);
  const Interval& acc = b.gaps[static_cast<std::size_t>(fairness::Gap::AccuracyParityDifference)];
  EXPECT_EQ(acc.low, 0.0);
  EXPECT_EQ(acc.high, 0.0);
  // TPR is defined for group 0 only, so its gap is undefined in every resample.
  const Interval& tpr = b.gaps[static_cast<std::size_t>(fairness::Gap::EqualOpportunityDifference)];
  EXPECT_FALSE(tpr.low.has_value());
  EXPECT_EQ(tpr.undefined, 50);
}

TEST(MetricsBootstrap, TwoRowGroupFollowsTheQuantileRule) {
  // Group 0 has one selected and one unselected row: a resample selects 0, 1 or 2 of 2 rows, so
  // its selection rate is 0, 0.5 or 1. With a confidence close to 1 the interval spans the
  // smallest and largest resampled values, which over 2000 resamples are 0 and 1.
  Rows rows;
  rows.add(0, 1, 1, 1);
  rows.add(0, 1, 0, 1);
  rows.add(1, 0, 0, 4);
  const BootstrapIntervals b = rows.intervals({.resamples = 2000, .seed = 3, .confidence = 0.999999});
  EXPECT_EQ(b.groups[0][kSelection].low, 0.0);
  EXPECT_EQ(b.groups[0][kSelection].high, 1.0);
  // At 50%, the quartiles of a distribution with P(0.5) = 1/2 and P(0) = P(1) = 1/4 are both
  // 0.5 up to the sampling of 2000 draws; linear interpolation stays within [0, 1] and brackets
  // the median 0.5.
  const BootstrapIntervals half = rows.intervals({.resamples = 2000, .seed = 3, .confidence = 0.5});
  EXPECT_LE(*half.groups[0][kSelection].low, 0.5);
  EXPECT_GE(*half.groups[0][kSelection].high, 0.5);
  EXPECT_GE(*half.groups[0][kSelection].low, 0.0);
  EXPECT_LE(*half.groups[0][kSelection].high, 1.0);
}

TEST(MetricsBootstrap, SameSeedSameIntervals) {
  const Rows rows = clear_gap();
  const auto flat = [&rows](std::uint64_t seed) {
    const BootstrapIntervals b = rows.intervals({.resamples = 100, .seed = seed, .confidence = 0.95});
    std::vector<double> out;
    for (const RateIntervals& g : b.groups) {
      for (const Interval& ci : g) out.insert(out.end(), {*ci.low, *ci.high});
    }
    for (const Interval& ci : b.gaps) out.insert(out.end(), {*ci.low, *ci.high});
    return out;
  };
  EXPECT_EQ(flat(11), flat(11));
  EXPECT_NE(flat(11), flat(12));
}

TEST(MetricsBootstrap, BadOptions) {
  const Rows rows = clear_gap();
  EXPECT_EQ(error_message([&] { rows.intervals({.resamples = 0}); }),
            "bootstrap_intervals(): the number of resamples must be positive, got 0");
  EXPECT_EQ(error_message([&] { rows.intervals({.resamples = -5}); }),
            "bootstrap_intervals(): the number of resamples must be positive, got -5");
  EXPECT_EQ(error_message([&] { rows.intervals({.resamples = 10, .seed = 0, .confidence = 1.0}); }),
            "bootstrap_intervals(): confidence must be in (0, 1), got 1");
  EXPECT_EQ(error_message([&] { rows.intervals({.resamples = 10}, 3); }),
            "bootstrap_intervals(): group 2 has no rows");
}

MetricsOptions bootstrap_options(const fs::path& csv, int resamples, std::uint64_t seed = 0,
                                 double confidence = 0.95) {
  MetricsOptions options;
  options.predictions = csv;
  options.precision = 3;
  options.bootstrap = resamples;
  options.seed = seed;
  options.confidence = confidence;
  return options;
}

class MetricsBootstrapCommand : public parity::testing::TempDirTest {
 protected:
  fs::path write_clear_gap() const {
    const Rows rows = clear_gap();
    const fs::path file = temp_dir() / "p.csv";
    std::ofstream out(file);
    out << "y_true,y_pred,group\n";
    const char* labels[] = {"female", "male"};
    for (std::size_t i = 0; i < rows.group.size(); ++i) {
      out << rows.y[i] << "," << rows.y_hat[i] << "," << labels[rows.group[i]] << "\n";
    }
    return file;
  }
};

TEST_F(MetricsBootstrapCommand, JsonAndTable) {
  const fs::path csv = write_clear_gap();
  std::ostringstream text;
  const json j = run_metrics(bootstrap_options(csv, 200, 4), text);
  EXPECT_EQ(j["bootstrap"]["resamples"], 200);
  EXPECT_EQ(j["bootstrap"]["seed"], 4);
  EXPECT_EQ(j["bootstrap"]["confidence"], 0.95);
  EXPECT_NE(j["bootstrap"]["resampling"].get<std::string>().find("stratified by group"), std::string::npos);
  const json& female = j["groups"][0];
  EXPECT_EQ(female["group"], "female");
  ASSERT_TRUE(female["selection_rate_ci"].is_array());
  EXPECT_LE(female["selection_rate_ci"][0].get<double>(), 0.8);
  EXPECT_GE(female["selection_rate_ci"][1].get<double>(), 0.8);
  EXPECT_FALSE(female.contains("selection_rate_ci_undefined"));
  EXPECT_TRUE(j["overall"]["accuracy_ci"].is_array());
  const json& dp = j["gaps"]["demographic_parity_difference"];
  EXPECT_EQ(dp["max_group"], "female");
  EXPECT_LE(dp["ci"][0].get<double>(), 0.5);
  EXPECT_GE(dp["ci"][1].get<double>(), 0.5);

  const std::string printed = text.str();
  EXPECT_NE(printed.find("bootstrap: 200 resamples, seed 4, percentile intervals;\nrows resampled with "
                         "replacement within each group"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("95% interval"), std::string::npos) << printed;
  const std::string dp_cell =
      "[" + fixed(dp["ci"][0].get<double>(), 3) + ", " + fixed(dp["ci"][1].get<double>(), 3) + "]";
  EXPECT_NE(printed.find(dp_cell), std::string::npos) << dp_cell << "\n" << printed;

  std::ostringstream again;
  EXPECT_EQ(run_metrics(bootstrap_options(csv, 200, 4), again), j);
  EXPECT_EQ(again.str(), printed);
}

TEST_F(MetricsBootstrapCommand, CommandLineAndErrors) {
  const fs::path csv = write_clear_gap();
  const fs::path out = temp_dir() / "m.json";
  CLI::App app;
  add_metrics_command(app);
  ::testing::internal::CaptureStdout();
  app.parse("metrics --predictions " + csv.string() + " --bootstrap 50 --seed 9 --confidence 0.9 --out " +
                out.string(),
            false);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("90% interval"), std::string::npos) << printed;
  std::ifstream in(out);
  ASSERT_TRUE(in.good());
  const json j = json::parse(in);
  EXPECT_EQ(j["bootstrap"]["resamples"], 50);
  EXPECT_TRUE(j["gaps"]["equalized_odds_difference"]["ci"].is_array());

  std::ostringstream text;
  EXPECT_EQ(error_message([&] { run_metrics(bootstrap_options(csv, 0), text); }),
            "run_metrics(): --bootstrap must be a positive number of resamples, got 0");
  EXPECT_EQ(error_message([&] { run_metrics(bootstrap_options(csv, -3), text); }),
            "run_metrics(): --bootstrap must be a positive number of resamples, got -3");
  EXPECT_EQ(error_message([&] { run_metrics(bootstrap_options(csv, 10, 0, 95), text); }),
            "run_metrics(): --confidence must be in (0, 1), got 95");
}

}  // namespace
}  // namespace parity::cli
