// Robust (adversarial) training, Fast & Fair eq. (1):
//
//   min_theta  mean_i L(f_theta(x_i + delta_i), y_i),   delta_i from an InnerSolver on the ball of radius r,
//
// as the reference implementation does it: per mini-batch, the inner solver perturbs the batch
// at the current parameters, then one optimiser step is taken on the loss of the perturbed
// batch alone. Binary tasks use a model with one output (a logit; binary cross-entropy, class 1
// when the logit is positive); tasks with C >= 2 outputs use cross-entropy and the argmax.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/batches.h"
#include "data/dataset.h"
#include "nn/classifier.h"
#include "nn/module.h"
#include "optim/optimizer.h"
#include "robust/inner_solver.h"

namespace parity::robust {

struct TrainerOptions {
  double radius = 0.1;
  int epochs = 10;
  data::BatchOptions batches{};
  /// [d] of 0/1: which input features the inner solver may move (undefined: all).
  Tensor feature_mask;
};

struct EpochRecord {
  int epoch = 0;
  double inner_seconds = 0.0;  ///< time in the inner solver
  double outer_seconds = 0.0;  ///< forward, backward and optimiser step on the perturbed batches
  double loss = 0.0;           ///< mean loss on the perturbed batches
  double accuracy = 0.0;       ///< accuracy on the perturbed batches
  double mean_inner_iterations = 0.0;
  Index hard_cases = 0;        ///< trust-region subproblems in the hard case
  /// Trust-region subproblems whose secular iteration hit TrsOptions::max_iterations
  /// (InnerResult::unconverged summed over the epoch's batches).
  Index unconverged_subproblems = 0;
  std::map<std::string, double> evaluation;  ///< what the caller's evaluation returned
};

class AdversarialTrainer {
 public:
  using Evaluate = std::function<std::map<std::string, double>(nn::Module& model, int epoch)>;

  /// The model, optimiser (over the model's parameters) and solver must outlive the trainer.
  AdversarialTrainer(nn::Module& model, optim::Optimizer& optimizer, InnerSolver& solver, TrainerOptions options);

  /// Trains for options.epochs epochs; after each, `evaluate` (if given) fills the record's
  /// evaluation. Batches are drawn from `rng`.
  std::vector<EpochRecord> fit(const data::Dataset& train, Rng& rng, const Evaluate& evaluate = nullptr);
  EpochRecord train_epoch(const data::Dataset& train, Rng& rng, int epoch);

 private:
  nn::Module& model_;
  optim::Optimizer& optimizer_;
  InnerSolver& solver_;
  TrainerOptions options_;
};

}  // namespace parity::robust
