// parity fair: constrained fairness training (fairness/) of a binary classifier on a named
// dataset, for one or more methods, one step size or a sweep of them, over several seeds.
//
// For every seed (data split, initialisation and batch order) and method, each eta is one
// training run on the training part; the run's validation and test reports are taken after the
// last epoch. With a sweep, NVP (fairness/selection.h) picks per seed and method the run from
// the validation accuracy and the validation gap of the constraint; its test accuracy and gap
// are the reported result. The Pareto front of each method is taken over the etas, with accuracy
// and gap averaged over the seeds, on the validation and on the test part. A run whose test
// predictions are all one class is flagged as collapsed (a constant predictor: its gaps are 0
// without any fairness).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "datasets.h"
#include "fairness/constraints.h"
#include "fairness/gaps.h"
#include "fairness/report.h"

namespace parity::cli {

struct FairOptions {
  std::string data = "adult-full";
  std::filesystem::path data_dir = default_data_dir();
  std::string sensitive{};  ///< empty: the dataset's default
  double validation_fraction = 0.2;
  std::vector<std::string> methods{"fairalm"};
  std::string constraint = "deo";       ///< deo, fpr, eodds, dp or acc
  std::string comparison = "pairwise";  ///< pairwise or group-vs-all
  std::string surrogate = "loss";
  double eta = 1.0;
  std::vector<double> sweep{};  ///< when not empty, every eta of it instead of `eta`
  std::vector<double> eta_growth{};   ///< at most one value (unset: the method's default)
  std::vector<int> inner_steps{};     ///< at most one value (unset: the method's default)
  double slack = 0.0;
  std::vector<Index> hidden{};  ///< empty: logistic regression
  std::string activation = "relu";
  std::string optimizer = "adam";  ///< adam or sgd
  double lr = 1e-2;
  std::string lr_decay = "none";  ///< none, cosine or step (fairness::LrDecay)
  double lr_final = 0.1;          ///< the decay's final fraction of lr
  int average_last = 0;           ///< average the iterates of the last K epochs (0: last iterate)
  int epochs = 10;
  Index batch_size = 256;
  bool stratified = false;
  int seeds = 5;
  std::uint64_t first_seed = 0;
  double nvp_factor = 0.9;
  std::filesystem::path out{};
  std::filesystem::path plot{};
  Unfair2DSizes unfair2d{};
};

/// "deo", "fpr", "eodds", "dp", "acc".
const std::vector<std::string>& fair_constraint_names();
/// The constraint kind and the reported gap of a --constraint name.
fairness::ConstraintKind constraint_kind(const std::string& name);
fairness::Gap constraint_gap(const std::string& name);

/// True when every prediction behind `report` is the same class (no predicted positives or no
/// predicted negatives).
bool collapsed(const fairness::FairnessReport& report);

/// Checks the options that need no data: names, eta, sweep, slack, counts, the writability of
/// --out and --plot. @throws parity::Error naming the argument.
void check_fair_options(const FairOptions& options);

/// Runs the study (see above), printing progress and tables on `out`; returns the JSON that
/// --out receives and writes --out and --plot when set.
nlohmann::json run_fair(const FairOptions& options, std::ostream& out);

}  // namespace parity::cli
