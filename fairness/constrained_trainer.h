// Training a binary classifier (an nn::Module with one output logit) under fairness
// constraints: per epoch, mini-batches (plain or stratified by (y, s)) drawn from the caller's
// Rng; per batch, the method's primal step(s) with the optimiser on the method's objective and
// then its dual step (fairness/method.h). The constraints' rates are minibatch means over their
// (y, s) cells; a batch on which a constraint's cells are empty contributes no term for it and
// no dual step (counted in EpochRecord::skipped), never a NaN.
//
// After each epoch fit() records the mean training loss, the constraints' surrogate and hard
// values, the skips, the multipliers and eta, and the fairness reports (fairness/report.h) of
// the hard predictions (nn::predict_classes) on the training set and, if given, the validation
// set, with their accuracies. All fields are plain numbers, vectors and reports, aligned with
// constraint_names() and multiplier_names().
//
// Two options act on the primal iterates (both default off):
// - a learning-rate decay over the epochs: the optimiser's rate in epoch e = 1..E is
//     cosine: lr_0 (f + (1 - f) (1 + cos(pi (e - 1) / E)) / 2)   (optim::CosineAnnealingLR, eta_min f lr_0)
//     step:   lr_0 for e <= ceil(E / 2), f lr_0 after               (optim::StepLR, gamma f)
//   with lr_0 the optimiser's rate when the trainer is made and f = lr_final_fraction;
// - iterate averaging: the model ends at the mean of its parameters after every batch of the last
//   K epochs (theta_bar = (1/T) sum_t theta_t), written into the model when the last epoch ends.
//   The convergence statements of FairALM (Lokhande et al., ECCV 2020, sec. 3, following the
//   game view of Freund & Schapire) and of the reductions of Agarwal et al. (ICML 2018) and
//   Cotter et al. (JMLR 2019) are about averages of the players' iterates (a mixture of the
//   classifiers played), not about the last one; the mean of the parameters is the deterministic
//   stand-in for that mixture, exact only where the model's output is linear in them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/batches.h"
#include "data/dataset.h"
#include "fairness/constraints.h"
#include "fairness/method.h"
#include "fairness/report.h"
#include "fairness/surrogates.h"
#include "nn/module.h"
#include "optim/optimizer.h"
#include "optim/schedule.h"

namespace parity::fairness {

enum class LrDecay { None, Cosine, Step };

/// "none", "cosine", "step". @throws parity::Error for another name, listing the known ones.
LrDecay parse_lr_decay(const std::string& name);

/// The running mean of the values of some parameters: add() the current values, assign() writes
/// the mean of all added so far into the parameters.
class ParameterAverage {
 public:
  explicit ParameterAverage(std::vector<Var> parameters);
  void add();
  /// @throws parity::Error when nothing was added.
  void assign() const;
  Index count() const { return count_; }

 private:
  std::vector<Var> parameters_;
  std::vector<Tensor> sums_;
  Index count_ = 0;
};

struct ConstrainedTrainerOptions {
  int epochs = 10;
  /// Batch size, shuffling; a batch_size of at least n gives full-batch training.
  data::BatchOptions batches{};
  /// Draw batches with data::StratifiedBatches (every (y, s) cell in every batch when it has
  /// at least as many rows as there are batches) instead of data::MiniBatches.
  bool stratified = false;
  /// Rows per forward pass when predicting for the reports.
  Index eval_batch_size = 4096;
  /// Learning-rate decay over the epochs and its final fraction f of the rate (see above).
  LrDecay lr_decay = LrDecay::None;
  double lr_final_fraction = 0.1;
  /// K: average the iterates of the last K epochs (0: keep the last iterate; at most epochs).
  int average_last = 0;
};

struct ConstrainedEpochRecord {
  int epoch = 0;
  /// The optimiser's learning rate during the epoch.
  double lr = 0.0;
  /// Mean BCE over the epoch's samples, at each batch's first forward pass.
  double loss = 0.0;
  /// Per constraint: the mean over the batches that had its terms of the surrogate value c_j
  /// and of the hard gap r_a - r_b (first forward pass of each batch); std::nullopt when no
  /// batch had its terms.
  std::vector<std::optional<double>> constraints;
  std::vector<std::optional<double>> hard_constraints;
  /// Per constraint: batches on which its cells were empty (term and dual step skipped).
  std::vector<Index> skipped;
  /// Batches on which at least one constraint was skipped.
  Index skipped_batches = 0;
  Index batches = 0;
  /// The method's multipliers and eta at the end of the epoch.
  std::vector<double> multipliers;
  double eta = 0.0;
  /// Hard predictions on the whole training set (filled by fit()).
  double train_accuracy = 0.0;
  std::optional<FairnessReport> train_report;
  /// The same on the validation set, when fit() was given one.
  std::optional<double> validation_accuracy;
  std::optional<FairnessReport> validation_report;
};

class ConstrainedTrainer {
 public:
  /// The model, optimiser (over the model's parameters) and method must outlive the trainer.
  /// @throws parity::Error for epochs < 0, eval_batch_size < 1, lr_final_fraction outside
  /// (0, 1], or average_last outside [0, epochs].
  ConstrainedTrainer(nn::Module& model, optim::Optimizer& optimizer, ConstraintSet constraints, SurrogateKind surrogate,
                     Method& method, ConstrainedTrainerOptions options = {});

  /// Starts the method on `train` and trains for options.epochs epochs, recording each (see
  /// above). Batches are drawn from `rng`.
  /// @throws parity::Error when a dataset is invalid, labels are not binary, the datasets'
  /// number of groups differs from the constraints', or a constraint's cells are empty on the
  /// whole training set (the constraint's name and the cell are shown).
  std::vector<ConstrainedEpochRecord> fit(const data::Dataset& train, Rng& rng);
  std::vector<ConstrainedEpochRecord> fit(const data::Dataset& train, const data::Dataset& validation, Rng& rng);

  /// One epoch (begin_epoch, batches, primal and dual steps, the learning-rate decay, the
  /// averaging) without the reports; after epoch options.epochs with averaging the model holds the
  /// averaged parameters. fit() calls it after checking the data and starting the method.
  ConstrainedEpochRecord train_epoch(const data::Dataset& train, Rng& rng, int epoch);

  /// Checks `train` as fit() does, starts the method on it, sets the optimiser back to lr_0 and
  /// restarts the decay and the averaging (fit() calls it).
  void start(const data::Dataset& train);

  const ConstraintSet& constraints() const { return constraints_; }
  std::vector<std::string> constraint_names() const { return constraints_.names(); }
  std::vector<std::string> multiplier_names() const { return method_.multiplier_names(); }

 private:
  std::vector<ConstrainedEpochRecord> run(const data::Dataset& train, const data::Dataset* validation, Rng& rng);
  void train_batch(const data::Batch& batch, ConstrainedEpochRecord& record, std::vector<double>& c_sum,
                   std::vector<double>& hard_sum, double& loss_sum);
  /// Accuracy and report of the hard predictions on `data`.
  std::pair<double, FairnessReport> evaluate(const data::Dataset& data);

  nn::Module& model_;
  optim::Optimizer& optimizer_;
  ConstraintSet constraints_;
  SurrogateKind surrogate_;
  Method& method_;
  ConstrainedTrainerOptions options_;
  double base_lr_;
  std::unique_ptr<optim::LRScheduler> schedule_;
  ParameterAverage average_;
};

}  // namespace parity::fairness
