// The error a `parity` subcommand reports for a command line, as the tool would print it.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tensor/check.h"

namespace parity::cli::testing {

/// Registers a subcommand with `add`, parses `name args...` and returns the parity::Error's
/// message, or "no error" when the command ran through.
inline std::string command_error(void (*add)(CLI::App&), const std::string& name, std::vector<std::string> args) {
  CLI::App app;
  add(app);
  args.insert(args.begin(), name);
  std::reverse(args.begin(), args.end());  // CLI::App::parse takes the arguments last to first
  try {
    app.parse(args);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace parity::cli::testing
