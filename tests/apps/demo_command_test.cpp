#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "commands.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

std::string demo_error(std::vector<std::string> args) {
  CLI::App app;
  add_demo_command(app);
  args.insert(args.begin(), "demo");
  std::reverse(args.begin(), args.end());  // CLI::App::parse takes the arguments last to first
  try {
    app.parse(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(DemoCommand, RefusesRadiiThatAreNotPositive) {
  EXPECT_EQ(demo_error({"--radii", "0.1", "-2"}), "parity demo: radii must be positive and finite, got -2");
  EXPECT_EQ(demo_error({"--radii", "0"}), "parity demo: radii must be positive and finite, got 0");
}

}  // namespace
}  // namespace parity::cli
