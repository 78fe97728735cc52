// parity prune: fairness-aware pruning (prune/) of an MLP on a named dataset. For every seed the
// dense model is trained (or loaded with --model), then every method prunes a copy of it at every
// sparsity; each run is reported on the test part against the dense model (prune/report.h):
// overall and per-group accuracy, the groups' accuracy drops, the performance and degradation
// gaps, every gap of fairness/metrics.h, the exact count of pruned weights, and whether the
// pruned model collapsed to a constant predictor (such runs are counted, never called fair).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "datasets.h"

namespace parity::cli {

struct PruneCommandOptions {
  std::string data = "synth";  ///< synth (data/group_rules.h) or a dataset of datasets.h
  std::filesystem::path data_dir = default_data_dir();
  std::string sensitive{};
  std::string label{};  ///< celeba: the attribute predicted (default Attractive)
  Index synth_train = 20000;
  Index synth_test = 10000;
  std::vector<std::string> methods{"magnitude", "bip", "bifp"};
  double sparsity = 0.95;
  std::vector<double> sweep{};  ///< when not empty, every sparsity of it instead of `sparsity`
  std::string scope = "global";
  std::vector<Index> hidden{128, 128};
  Index outputs = 1;              ///< 1 (a logit) or 2 (a softmax head)
  std::filesystem::path model{};  ///< load the dense model instead of training it
  int dense_epochs = 60;
  int epochs = 15;
  int mask_epochs = 10;
  int imp_rounds = 3;
  /// imp: rewind the survivors to the dense training's values after this epoch (0: the
  /// initialisation); unset: to the trained dense model. Needs the dense training (no --model).
  std::optional<int> rewind_epoch{};
  Index batch_size = 512;
  double lr = 1e-3;
  double score_lr = 0.1;
  double fairness_weight = 1.0;
  double temperature = 1.0;
  std::string implicit_gradient = "none";  ///< none, paper or bip-code
  double implicit_scale = 1e-4;
  int seeds = 5;
  std::uint64_t first_seed = 0;
  std::filesystem::path out{};
  std::filesystem::path plot{};
  std::filesystem::path save_model{};
};

/// Checks every option that needs no data, and that --out, --plot and --save-model can be
/// written. @throws parity::Error naming the option.
void check_prune_command_options(const PruneCommandOptions& options);

/// Runs the study, printing a line per run and a table per sparsity on `out`; returns the JSON
/// that --out receives and writes --out, --plot and --save-model when set.
nlohmann::json run_prune(const PruneCommandOptions& options, std::ostream& out);

}  // namespace parity::cli
