// parity bench trs-cost (trs_cost_bench.cpp): the stages of the trust-region inner solve in
// units of one batch gradient.
#pragma once

#include <CLI/CLI.hpp>

namespace parity::cli {

/// Registers `trs-cost` under the `bench` subcommand.
void add_trs_cost_bench(CLI::App& bench);

}  // namespace parity::cli
