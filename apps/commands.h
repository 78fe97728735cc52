// The subcommands of the `parity` tool. Each add_*_command registers one subcommand, its options
// and its action on `app`; the action throws parity::Error on bad input.
#pragma once

#include <CLI/CLI.hpp>

namespace parity::cli {

void add_demo_command(CLI::App& app);
void add_robust_command(CLI::App& app);
void add_metrics_command(CLI::App& app);
void add_hessian_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_fair_command(CLI::App& app);
void add_prune_command(CLI::App& app);

}  // namespace parity::cli
