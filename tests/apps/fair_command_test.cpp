// parity fair: argument checks before any training, and a small study on Unfair2D (runs per
// method and eta, NVP's choice, the fronts, determinism, the files written).
#include "fair_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command_error.h"
#include "commands.h"
#include "common/temp_dir.h"
#include "fairness/confusion.h"
#include "fairness/report.h"
#include "fairness/selection.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

std::string fair_error(std::vector<std::string> args) {
  return testing::command_error(&add_fair_command, "fair", std::move(args));
}

std::filesystem::path scratch_dir(const std::string& name) {
  return ::parity::testing::fresh_temp_dir("fair_test_" + name);
}

TEST(FairCommand, RefusesBadArgumentsBeforeTraining) {
  const std::vector<std::string> base{"--data", "unfair2d", "--epochs", "1"};
  const auto with = [&base](std::vector<std::string> extra) {
    extra.insert(extra.begin(), base.begin(), base.end());
    return fair_error(extra);
  };
  EXPECT_EQ(with({"--method", "fairalm,magic"}),
            "parity fair: unknown --method 'magic', expected one of fairalm, fairalm-released, none, l2, reweight, "
            "lagrangian, proxy-lagrangian");
  EXPECT_EQ(with({"--method", "none,none"}), "parity fair: --method 'none' is given twice");
  EXPECT_EQ(with({"--constraint", "parity"}),
            "parity fair: unknown --constraint 'parity', expected one of deo, fpr, eodds, dp, acc");
  EXPECT_EQ(with({"--eta", "0"}), "parity fair: --eta must be positive and finite, got 0");
  EXPECT_EQ(with({"--sweep", "0.1,-1"}), "parity fair: --sweep values must be positive and finite, got -1");
  EXPECT_EQ(with({"--seeds", "0"}), "parity fair: --seeds must be >= 1, got 0");
  EXPECT_EQ(fair_error({"--data", "unfair2d", "--epochs", "0"}), "parity fair: --epochs must be >= 1, got 0");
  EXPECT_EQ(with({"--lr", "-0.1"}), "parity fair: --lr must be positive and finite, got -0.1");
  EXPECT_EQ(with({"--slack", "-0.01"}), "parity fair: --slack must be >= 0 and finite, got -0.01");
  EXPECT_EQ(with({"--sensitive", "sex"}), "parity fair: unknown --sensitive 'sex' for unfair2d, which has fixed groups");
  EXPECT_EQ(with({"--optimizer", "lbfgs"}), "parity fair: unknown --optimizer 'lbfgs', expected adam or sgd");
  EXPECT_EQ(with({"--lr-decay", "exp"}), "parity fair: unknown --lr-decay 'exp', expected none, cosine or step");
  EXPECT_EQ(with({"--lr-final", "0"}), "parity fair: --lr-final must be in (0, 1], got 0");
  EXPECT_EQ(with({"--average-last", "2"}), "parity fair: --average-last must be in [0, --epochs = 1], got 2");
  EXPECT_EQ(fair_error({"--data", "mnist"}),
            "parity fair: unknown --data 'mnist', expected one of unfair2d, adult, adult-race, adult-full, lsat, "
            "compas, german, celeba");
  // A library check reached through the methods, before training: the released FairALM has no slack.
  EXPECT_NE(with({"--method", "fairalm-released", "--slack", "0.01"}).find("slack"), std::string::npos);

  const std::filesystem::path dir = scratch_dir("unwritable");
  const std::filesystem::path file = dir / "a_file";
  std::ofstream(file) << "x";
  EXPECT_EQ(with({"--out", (file / "r.json").string()}),
            "parity fair: --out " + (file / "r.json").string() + ": cannot create the folder " + file.string() +
                ": Not a directory");
  // The probe of a writable --out leaves nothing behind when a later argument is refused.
  EXPECT_EQ(with({"--out", (dir / "new.json").string(), "--plot", (file / "p.png").string()}),
            "parity fair: --plot " + (file / "p.png").string() + ": cannot create the folder " + file.string() +
                ": Not a directory");
  EXPECT_FALSE(std::filesystem::exists(dir / "new.json"));
  std::filesystem::remove_all(dir);
}

TEST(FairCommand, CollapsedMeansOneClassPredictedForEveryone) {
  const auto report = [](std::vector<double> predicted) {
    const std::vector<double> y{1, 0, 1, 0}, s{0, 0, 1, 1};
    const auto column = [](const std::vector<double>& v) { return Tensor(Shape{static_cast<Index>(v.size()), 1}, v); };
    return fairness::fairness_report(fairness::group_confusions(column(y), column(predicted), column(s), 2));
  };
  EXPECT_TRUE(collapsed(report({1, 1, 1, 1})));
  EXPECT_TRUE(collapsed(report({0, 0, 0, 0})));
  EXPECT_FALSE(collapsed(report({1, 1, 1, 0})));
  EXPECT_FALSE(collapsed(report({0, 0, 0, 1})));
}

FairOptions small_study() {
  FairOptions o;
  o.data = "unfair2d";
  o.unfair2d = {.train = 200, .test = 400, .validation = 300};
  o.methods = {"none", "fairalm"};
  o.constraint = "deo";
  o.sweep = {0.05, 0.5, 2.0};
  o.epochs = 3;
  o.batch_size = 20;
  o.lr = 0.05;
  o.seeds = 2;
  o.first_seed = 7;
  return o;
}

// The JSON without wall times, for comparing runs.
nlohmann::json without_times(nlohmann::json j) {
  for (auto& m : j["methods"]) {
    m["summary"].erase("train_seconds");
    for (auto& r : m["runs"]) {
      r.erase("train_seconds");
      for (auto& e : r["history"]) e.erase("seconds");
    }
  }
  return j;
}

TEST(FairCommand, RunsEveryMethodEtaAndSeedAndChoosesByNvp) {
  const FairOptions options = small_study();
  std::ostringstream printed;
  const nlohmann::json result = run_fair(options, printed);
  ASSERT_EQ(result["methods"].size(), 2u);
  EXPECT_EQ(result["gap"], "equal_opportunity_difference");
  EXPECT_EQ(result["splits"].size(), 2u);
  EXPECT_EQ(result["splits"][0]["validation_samples"], 300);

  const nlohmann::json& none = result["methods"][0];
  EXPECT_EQ(none["method"], "none");
  ASSERT_EQ(none["runs"].size(), 2u);  // no eta: one run per seed
  EXPECT_TRUE(none["runs"][0]["eta"].is_null());

  const nlohmann::json& fairalm = result["methods"][1];
  ASSERT_EQ(fairalm["runs"].size(), 6u);  // 2 seeds x 3 etas
  ASSERT_EQ(fairalm["chosen"].size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    std::vector<fairness::RunSummary> runs;
    for (std::size_t e = 0; e < 3; ++e) {
      const nlohmann::json& run = fairalm["runs"][3 * k + e];
      EXPECT_EQ(run["seed"], 7 + k);
      EXPECT_EQ(run["eta"], options.sweep[e]);
      ASSERT_EQ(run["history"].size(), 3u);
      EXPECT_EQ(run["history"][2]["epoch"], 3);
      EXPECT_EQ(run["history"][2]["multipliers"].size(), 1u);
      EXPECT_EQ(run["history"][2]["lr"], options.lr);
      EXPECT_TRUE(run["collapsed"].is_boolean());
      EXPECT_EQ(run["train"]["overall"]["count"], result["splits"][k]["train_samples"]);
      const nlohmann::json& gap = run["validation"]["gaps"]["equal_opportunity_difference"]["value"];
      runs.push_back({run["validation"]["accuracy"].get<double>(),
                      gap.is_null() ? std::nullopt : std::optional(gap.get<double>())});
    }
    EXPECT_EQ(fairalm["chosen"][k]["run"], 3 * k + fairness::select_nvp(runs, options.nvp_factor));
    EXPECT_EQ(fairalm["chosen"][k]["seed"], 7 + k);
  }
  const nlohmann::json& front = fairalm["front"]["validation"];
  EXPECT_EQ(front["points"].size(), 3u);
  EXPECT_GE(front["front"].size(), 1u);
  const double mean = fairalm["summary"]["test_accuracy"]["mean"];
  EXPECT_GE(mean, fairalm["summary"]["test_accuracy"]["min"].get<double>());
  EXPECT_LE(mean, fairalm["summary"]["test_accuracy"]["max"].get<double>());
  EXPECT_NE(printed.str().find("fairalm (eta chosen by NVP per seed):"), std::string::npos);

  std::ostringstream again;
  EXPECT_EQ(without_times(run_fair(options, again)), without_times(result));
}

TEST(FairCommand, DecaysTheRateAndAveragesWhenAsked) {
  FairOptions options = small_study();
  options.seeds = 1;
  options.methods = {"lagrangian"};
  options.lr_decay = "step";
  options.lr_final = 0.5;
  options.average_last = 2;
  std::ostringstream printed;
  const nlohmann::json result = run_fair(options, printed);
  const nlohmann::json& history = result["methods"][0]["runs"][0]["history"];
  EXPECT_EQ(history[0]["lr"], options.lr);
  EXPECT_EQ(history[1]["lr"], options.lr);
  EXPECT_EQ(history[2]["lr"], 0.5 * options.lr);
  EXPECT_EQ(result["options"]["average_last"], 2);
  EXPECT_NE(printed.str().find("(step decay to 0.5 lr), iterates of the last 2 epochs averaged"), std::string::npos);
}

TEST(FairCommand, WritesTheJsonAndTheFrontPicture) {
  const std::filesystem::path dir = scratch_dir("files");
  FairOptions options = small_study();
  options.seeds = 1;
  options.methods = {"fairalm", "l2"};
  options.out = dir / "r.json";
  options.plot = dir / "front.png";
  std::ostringstream printed;
  const nlohmann::json result = run_fair(options, printed);
  std::ifstream in(options.out);
  EXPECT_EQ(without_times(nlohmann::json::parse(in)), without_times(result));
  EXPECT_TRUE(std::filesystem::exists(dir / "front.gp"));
  EXPECT_TRUE(std::filesystem::exists(dir / "front.dat"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace parity::cli
