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
#pragma once

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

namespace parity::fairness {

struct ConstrainedTrainerOptions {
  int epochs = 10;
  /// Batch size, shuffling; a batch_size of at least n gives full-batch training.
  data::BatchOptions batches{};
  /// Draw batches with data::StratifiedBatches (every (y, s) cell in every batch when it has
  /// at least as many rows as there are batches) instead of data::MiniBatches.
  bool stratified = false;
  /// Rows per forward pass when predicting for the reports.
  Index eval_batch_size = 4096;
};

struct ConstrainedEpochRecord {
  int epoch = 0;
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
  /// @throws parity::Error for epochs < 0 or eval_batch_size < 1.
  ConstrainedTrainer(nn::Module& model, optim::Optimizer& optimizer, ConstraintSet constraints, SurrogateKind surrogate,
                     Method& method, ConstrainedTrainerOptions options = {});

  /// Starts the method on `train` and trains for options.epochs epochs, recording each (see
  /// above). Batches are drawn from `rng`.
  /// @throws parity::Error when a dataset is invalid, labels are not binary, the datasets'
  /// number of groups differs from the constraints', or a constraint's cells are empty on the
  /// whole training set (the constraint's name and the cell are shown).
  std::vector<ConstrainedEpochRecord> fit(const data::Dataset& train, Rng& rng);
  std::vector<ConstrainedEpochRecord> fit(const data::Dataset& train, const data::Dataset& validation, Rng& rng);

  /// One epoch (begin_epoch, batches, primal and dual steps) without the reports. fit() calls
  /// it after checking the data and starting the method.
  ConstrainedEpochRecord train_epoch(const data::Dataset& train, Rng& rng, int epoch);

  /// Checks `train` as fit() does and starts the method on it (fit() calls it).
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
};

}  // namespace parity::fairness
