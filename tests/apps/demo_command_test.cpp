#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "command_error.h"
#include "commands.h"
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

}  // namespace
}  // namespace parity::cli
