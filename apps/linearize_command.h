// parity linearize: ReLU linearisation of an MLP and its disparate impact on groups (prune/snl.h,
// prune/finetune.h, prune/group_diagnostics.h). For every seed a dense MLP with gated ReLUs is
// trained (or loaded with --model); SNL anneals its gates down a ladder of ReLU budgets (and, with --cull, the layer-cull
// baseline removes the ReLUs of the last k hidden layers); every linearised model is fine-tuned
// with distillation, with and (with --mitigate) without the loss-equalisation penalty at each mu.
// Each model is reported on the test part against the dense one: accuracy and drop per group and
// for the pooled majority and minority groups (groups smaller than the mean group of the training
// part), the degradation gap (largest minus smallest group drop), and the per-group gradient
// norm, softmax margin and top Hessian eigenvalue.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "datasets.h"

namespace parity::cli {

struct LinearizeCommandOptions {
  std::string data = "synth";      ///< synth, synth-classes or a dataset of datasets.h
  std::string groups = "attribute";  ///< attribute (the sensitive attribute) or classes
  std::filesystem::path data_dir = default_data_dir();
  std::string sensitive{};
  Index synth_train = 20000;
  Index synth_test = 10000;
  std::vector<double> budgets{1.0, 0.5, 0.25, 0.1, 0.05, 0.02, 0.0};  ///< fractions of ReLUs kept
  bool cull = false;
  bool mitigate = false;
  std::vector<double> mu{0.01};
  std::vector<Index> hidden{64, 64, 64};
  std::filesystem::path model{};  ///< load the dense model (its ReLUs GatedReLU layers) instead of training it
  int dense_epochs = 30;
  double dense_lr = 1e-3;
  Index batch_size = 128;
  double snl_lambda = 1e-3;
  double snl_growth = 1.1;
  int snl_max_epochs = 1000;
  double snl_lr = 1e-3;
  int epochs = 20;  ///< fine-tuning
  double lr = 1e-3;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  double clip = 5.0;
  double temperature = 4.0;
  bool hessian = true;
  Index hessian_samples = 2000;
  int seeds = 5;
  std::uint64_t first_seed = 0;
  std::filesystem::path out{};
  std::filesystem::path plot{};
};

/// Checks every option that needs no data, and that --out and --plot can be written.
/// @throws parity::Error naming the option.
void check_linearize_command_options(const LinearizeCommandOptions& options);

/// Runs the study, printing a line per model and a table per ReLU budget on `out`; returns the JSON
/// that --out receives and writes --out and --plot when set.
nlohmann::json run_linearize(const LinearizeCommandOptions& options, std::ostream& out);

}  // namespace parity::cli
