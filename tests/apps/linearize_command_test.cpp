// parity linearize: argument checks before any work (budgets, mu, groups, a model without ReLUs,
// files), and a small study on each built-in set: the JSON it writes (every budget and method per
// seed, exact ReLU counts, drops against the dense model, the pooled groups) and its tables.
#include "linearize_command.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command_error.h"
#include "commands.h"
#include "common/error_message.h"
#include "common/temp_dir.h"
#include "nn/serialize.h"

namespace parity::cli {
namespace {

std::string linearize_error(std::vector<std::string> args) {
  return testing::command_error(&add_linearize_command, "linearize", std::move(args));
}

LinearizeCommandOptions small() {
  LinearizeCommandOptions o;
  o.synth_train = 600;
  o.synth_test = 400;
  o.hidden = {8, 8};
  o.dense_epochs = 3;
  o.epochs = 2;
  o.snl_lambda = 1e-2;
  o.snl_max_epochs = 40;
  o.budgets = {1.0, 0.5, 0.0};
  o.hessian_samples = 100;
  o.seeds = 2;
  return o;
}

TEST(LinearizeCommand, RefusesBadArgumentsBeforeAnyWork) {
  EXPECT_EQ(linearize_error({"--budgets", "1,1.5"}),
            "parity linearize: --budgets are fractions of the ReLUs kept, each in [0, 1], got 1.5");
  EXPECT_EQ(linearize_error({"--budgets", "-0.1"}),
            "parity linearize: --budgets are fractions of the ReLUs kept, each in [0, 1], got -0.1");
  EXPECT_EQ(linearize_error({"--mitigate", "--mu", "-0.01"}), "parity linearize: --mu must be finite and >= 0, got -0.01");
  EXPECT_EQ(linearize_error({"--model", "/nonexistent/model"}), "parity linearize: --model /nonexistent/model holds no model.json");
  EXPECT_EQ(linearize_error({"--groups", "sex"}),
            "parity linearize: unknown --groups 'sex', expected attribute or classes");
  EXPECT_EQ(linearize_error({"--data", "cifar"}),
            "parity linearize: unknown --data 'cifar', expected synth, synth-classes or a dataset of `parity fair`");
  EXPECT_EQ(linearize_error({"--temperature", "0"}),
            "selective_linearization(): temperature must be finite and > 0, got 0");
  EXPECT_EQ(linearize_error({"--seeds", "0"}), "parity linearize: --seeds must be >= 1, got 0");
  EXPECT_EQ(linearize_error({"--out", "/proc/parity/r.json"}),
            "parity linearize: --out /proc/parity/r.json: cannot create the folder /proc/parity: No such file or "
            "directory");
}

TEST(LinearizeCommand, ModelsWithoutReLUsAreRefused) {
  LinearizeCommandOptions o = small();
  o.hidden = {};
  std::ostringstream text;
  EXPECT_EQ(::parity::testing::error_message([&] { run_linearize(o, text); }),
            "parity linearize: --hidden names no hidden layer, so the model would have no ReLU to linearise");
  const auto dir = ::parity::testing::fresh_temp_dir("linearize_test_model");
  Rng rng(1);
  nn::save_model(*nn::mlp({11, 4, 2}, "relu", rng), (dir / "model").string());
  o = small();
  o.model = dir / "model";
  EXPECT_EQ(::parity::testing::error_message([&] { run_linearize(o, text); }),
            "relu_locations(): the model has no GatedReLU layer, so no ReLU to linearise");
}

TEST(LinearizeCommand, SmallStudyOnTheGroupRulesSet) {
  const auto dir = ::parity::testing::fresh_temp_dir("linearize_test_synth");
  LinearizeCommandOptions o = small();
  o.cull = true;
  o.mitigate = true;
  o.mu = {0.001, 0.01};
  o.out = dir / "r.json";
  std::ostringstream text;
  const nlohmann::json result = run_linearize(o, text);
  EXPECT_TRUE(std::ifstream(o.out).good());
  EXPECT_EQ(result["relu_locations"], 16);
  EXPECT_EQ(result["relu_levels"], (nlohmann::json{16, 8, 0}));  // budgets 1, 0.5, 0; cull gives 8 and 0
  EXPECT_EQ(result["minority_groups"], (nlohmann::json{"minority"}));
  // Per seed: dense, snl at 8 and 0, cull at 8 and 0, each plain and at two mu.
  ASSERT_EQ(result["runs"].size(), 2u * (1 + 4 * 3));
  for (const auto& run : result["runs"]) {
    const std::string method = run["method"];
    if (method == "dense") {
      EXPECT_EQ(run["relus"], 16);
      EXPECT_EQ(run["pooled_drop"], (nlohmann::json{0.0, 0.0}));
      continue;
    }
    EXPECT_TRUE(run["relus"] == 8 || run["relus"] == 0) << run["relus"];
    EXPECT_EQ(run["fine_tune"]["steps"], 2 * 5);  // 600 samples in batches of 128
    const bool mitigated = method.find("mitigation") != std::string::npos;
    EXPECT_EQ(run["fine_tune"]["multipliers"].size(), mitigated ? 2u : 0u);
    EXPECT_EQ(run["pooled"]["hessian"].size(), 2u);
    const double drop0 = run["pooled_drop"][0], drop1 = run["pooled_drop"][1];
    EXPECT_GE(run["degradation_gap"].get<double>(), std::abs(drop0 - drop1) - 1e-15);
  }
  const std::string printed = text.str();
  EXPECT_NE(printed.find("8 of 16 ReLUs kept (50.0 %"), std::string::npos);
  EXPECT_NE(printed.find("cull + mitigation mu=0.0010"), std::string::npos);
  EXPECT_NE(printed.find("wrote " + o.out.string()), std::string::npos);
}

TEST(LinearizeCommand, ClassesAsGroups) {
  LinearizeCommandOptions o = small();
  o.data = "synth-classes";
  o.seeds = 1;
  o.hessian = false;
  std::ostringstream text;
  const nlohmann::json result = run_linearize(o, text);
  EXPECT_EQ(result["groups"].size(), 6u);
  EXPECT_EQ(result["minority_groups"],
            (nlohmann::json{"class 3 (minority)", "class 4 (minority)", "class 5 (minority)"}));
  for (const auto& run : result["runs"]) {
    EXPECT_EQ(run["drop"].size(), 6u);
    EXPECT_TRUE(run["pooled"]["hessian"].empty());
  }
  o.data = "synth";
  o.groups = "classes";
  const nlohmann::json by_class = run_linearize(o, text);
  EXPECT_EQ(by_class["groups"], (nlohmann::json{"negative", "positive"}));
}

}  // namespace
}  // namespace parity::cli
