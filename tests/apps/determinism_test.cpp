// Every `parity` command that trains, run twice with the same seed (and the default thread
// count), writes the same JSON byte for byte once the timing fields (seconds and the speed-ups
// made of them) are removed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "common/temp_dir.h"

namespace parity::cli {
namespace {

using nlohmann::json;

bool is_timing(const std::string& key) {
  return key.find("seconds") != std::string::npos || key == "speedup";
}

// `value` without its timing fields, at any depth.
json without_timings(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      if (!is_timing(key)) out[key] = without_timings(item);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const json& item : value) out.push_back(without_timings(item));
    return out;
  }
  return value;
}

class Determinism : public parity::testing::TempDirTest {
 protected:
  // Runs `args` with `out_option` set to a fresh file (or folder) and returns the JSON it wrote,
  // timing fields removed, as text.
  std::string run_once(std::vector<std::string> args, const std::string& out_option, const std::string& json_name,
                       int run) {
    const std::filesystem::path out = temp_dir() / ("run" + std::to_string(run));
    args.insert(args.end(), {out_option, out.string()});
    std::ostringstream stdout_text;
    std::ostringstream stderr_text;
    EXPECT_EQ(run_tool(args, stdout_text, stderr_text), 0) << stderr_text.str();
    std::ifstream in(json_name.empty() ? out : out / json_name);
    std::stringstream text;
    text << in.rdbuf();
    return without_timings(json::parse(text.str())).dump(1);
  }
  void expect_repeatable(const std::vector<std::string>& args, const std::string& out_option,
                         const std::string& json_name = "") {
    const std::string first = run_once(args, out_option, json_name, 1);
    const std::string second = run_once(args, out_option, json_name, 2);
    EXPECT_GT(first.size(), 100u);
    EXPECT_EQ(first, second);
  }
};

TEST_F(Determinism, Demo) {
  expect_repeatable({"demo", "--seeds", "1", "--epochs", "2", "--radii", "0.1", "--hidden", "4"}, "--out", "demo.json");
}

TEST_F(Determinism, RobustWithEachSolver) {
  for (const char* solver : {"trs", "pgd", "fgsm", "random", "none"}) {
    SCOPED_TRACE(solver);
    expect_repeatable({"robust", "--solver", solver, "--epochs", "2", "--hidden", "4", "--seed", "3"}, "--out");
  }
}

TEST_F(Determinism, RobustWithEachPgdStyleInTheReferenceSetUp) {
  for (const char* style : {"fixed", "practical", "reference"}) {
    SCOPED_TRACE(style);
    expect_repeatable({"robust", "--setup", "reference", "--solver", "pgd", "--pgd-style", style, "--epochs", "2",
                       "--hidden", "4", "--seed", "3"},
                      "--out");
  }
}

TEST_F(Determinism, Fair) {
  expect_repeatable({"fair", "--data", "unfair2d", "--method", "fairalm,l2", "--constraint", "deo", "--seeds", "2",
                     "--epochs", "2", "--batch-size", "32", "--sweep", "0.01,0.1"},
                    "--out");
}

TEST_F(Determinism, Prune) {
  expect_repeatable({"prune", "--data", "synth", "--method", "magnitude,bifp", "--sweep", "0.5,0.9", "--seeds", "2",
                     "--hidden", "16", "16", "--dense-epochs", "2", "--epochs", "3", "--mask-epochs", "1"},
                    "--out");
}

TEST_F(Determinism, Linearize) {
  expect_repeatable({"linearize", "--data", "synth", "--budgets", "1,0.5,0", "--cull", "--mitigate", "--seeds", "2",
                     "--synth-train", "600", "--synth-test", "400", "--hidden", "8,8", "--dense-epochs", "2",
                     "--epochs", "2", "--snl-lambda", "0.01", "--snl-max-epochs", "30", "--hessian-samples", "100"},
                    "--out");
}

TEST_F(Determinism, BenchTrainsTheSameModel) {
  expect_repeatable({"bench", "hessian-per-radius", "--data-dir", (temp_dir() / "no-data").string(), "--radii", "0.1",
                     "0.5", "--samples", "40", "--repeats", "1"},
                    "--out");
}

}  // namespace
}  // namespace parity::cli
