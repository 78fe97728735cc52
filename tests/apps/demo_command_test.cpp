#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command_error.h"
#include "commands.h"
#include "common/temp_dir.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

std::string demo_error(std::vector<std::string> args) {
  return testing::command_error(&add_demo_command, "demo", std::move(args));
}

TEST(DemoCommand, RefusesRadiiThatAreNotPositive) {
  EXPECT_EQ(demo_error({"--radii", "0.1", "-2"}), "parity demo: radii must be positive and finite, got -2");
  EXPECT_EQ(demo_error({"--radii", "0"}), "parity demo: radii must be positive and finite, got 0");
}

class DemoSummary : public parity::testing::TempDirTest {};

TEST_F(DemoSummary, MediansOverTheSeedsAndCollapsedRunsCounted) {
  // 3 seeds, 1 epoch at r = 0.2 (where Unfair2D's logistic regressions often collapse).
  ASSERT_EQ(demo_error({"--seeds", "3", "--epochs", "1", "--radii", "0.2", "--out", temp_dir().string()}), "no error");
  std::ifstream file(temp_dir() / "demo.json");
  const nlohmann::json j = nlohmann::json::parse(file);
  for (const nlohmann::json& entry : j["summary"]) {
    std::vector<double> accuracy;
    int collapsed = 0;
    for (const nlohmann::json& run : j["runs"]) {
      if (run["options"]["solver"] != entry["solver"]) continue;
      const nlohmann::json& overall = run["result"]["test"]["overall"];
      const int positives = overall["tp"].get<int>() + overall["fp"].get<int>();
      collapsed += positives == 0 || positives == overall["count"].get<int>() ? 1 : 0;
      accuracy.push_back(run["result"]["test"]["accuracy"].get<double>());
    }
    ASSERT_EQ(accuracy.size(), 3u);
    std::sort(accuracy.begin(), accuracy.end());
    EXPECT_EQ(entry["runs"], 3);
    EXPECT_EQ(entry["collapsed"], collapsed) << entry["solver"];
    EXPECT_EQ(entry["accuracy"], accuracy[1]) << entry["solver"];
  }
}

}  // namespace
}  // namespace parity::cli
