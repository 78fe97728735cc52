// The subcommands of the `parity` tool. Each add_*_command registers one subcommand, its options
// and its action on `app`; the action throws parity::Error on bad input.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace parity::cli {

void add_demo_command(CLI::App& app);
void add_robust_command(CLI::App& app);
void add_metrics_command(CLI::App& app);
void add_hessian_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_fair_command(CLI::App& app);
void add_prune_command(CLI::App& app);
void add_linearize_command(CLI::App& app);

/// Registers every subcommand above on `app`.
void add_commands(CLI::App& app);

/// The tool: parses `args` (without the program name) and runs the chosen subcommand. Returns the
/// exit status; errors go to `err` as "parity: error: ...", and an unknown subcommand is named
/// together with the known ones.
int run_tool(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace parity::cli
