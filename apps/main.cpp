// parity: robust and fair training from the command line (see README.md).
#include <exception>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"parity: fair and robust neural-network training"};
  app.require_subcommand(1);
  parity::cli::add_demo_command(app);
  parity::cli::add_robust_command(app);
  parity::cli::add_fair_command(app);
  parity::cli::add_prune_command(app);
  parity::cli::add_metrics_command(app);
  parity::cli::add_hessian_command(app);
  parity::cli::add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "parity: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
