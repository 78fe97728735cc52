#include <exception>

#include "commands.h"

namespace parity::cli {

void add_commands(CLI::App& app) {
  add_demo_command(app);
  add_robust_command(app);
  add_fair_command(app);
  add_prune_command(app);
  add_linearize_command(app);
  add_metrics_command(app);
  add_hessian_command(app);
  add_bench_command(app);
}

int run_tool(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"parity: fair and robust neural-network training"};
  app.require_subcommand(1);
  add_commands(app);
  std::string known;
  bool found = false;
  for (const CLI::App* command : app.get_subcommands({})) {
    known += (known.empty() ? "" : ", ") + command->get_name();
    found = found || (!args.empty() && command->check_name(args.front()));
  }
  if (!args.empty() && !args.front().empty() && args.front().front() != '-' && !found) {
    err << "parity: error: unknown command '" << args.front() << "', expected one of " << known << "\n";
    return 1;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI::App::parse takes them last to first
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  } catch (const std::exception& e) {
    err << "parity: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace parity::cli
