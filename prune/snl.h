// Selective Network Linearization (Cho, Joshi, Reagen, Garg and Hegde, ICML 2022), as its code
// runs, on a model whose ReLUs are GatedReLU layers (prune/relu_gates.h). From the trained dense
// model (also the frozen teacher), every weight and every gate a (trainable, starting at 1, not
// clamped) is trained with Adam on
//   CE(student) + KD_T(student, teacher) + lambda sum_u |a_u|                     (KD: distillation.h)
// After each epoch the ReLUs are counted as #{a > threshold}; when the count did not fall below the
// lowest so far and the epoch is >= patience, lambda <- growth * lambda. Instead of one budget,
// the penalty anneals down a ladder of budgets B_1 > B_2 > ...: when the count first reaches
// B_j or fewer, a copy of the model is binarised to exactly B_j ReLUs (the B_j largest gates kept,
// binarise_to_budget) and frozen; annealing goes on from the relaxed model toward B_{j+1}.
// Budgets not reached within max_epochs are binarised from the last relaxed gates and flagged.
// Fine-tuning each snapshot is separate (prune/finetune.h).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "data/dataset.h"
#include "nn/sequential.h"
#include "tensor/random.h"

namespace parity::prune {

struct SnlOptions {
  double penalty = 1e-3;  ///< lambda at the start (the SNL code's 1e-5 is for ResNets of 500k ReLUs)
  double growth = 1.1;
  int patience = 5;
  double threshold = 1e-2;
  int max_epochs = 1000;
  Index batch_size = 128;
  double lr = 1e-3;  ///< Adam, weights and gates
  double temperature = 4.0;
};

/// One epoch of the gate search.
struct SnlEpoch {
  int epoch = 0;          ///< 1-based
  double penalty = 0.0;   ///< lambda during the epoch
  Index relu_count = 0;   ///< #{a > threshold} after it
  double loss = 0.0;      ///< mean over batches of CE + KD (without the penalty)
  double seconds = 0.0;
};

struct SnlSnapshot {
  Index budget = 0;
  int epoch = 0;           ///< the epoch after which it was taken (0: the dense model itself)
  Index relaxed_count = 0; ///< #{a > threshold} when it was taken
  bool reached = true;     ///< false when max_epochs ended before the count reached the budget
  std::unique_ptr<nn::Sequential> model;  ///< gates frozen to 0/1, exactly `budget` of them 1
};

struct SnlResult {
  std::vector<SnlSnapshot> snapshots;  ///< one per budget, in the budgets' order
  std::vector<SnlEpoch> epochs;
};

using SnlCallback = std::function<void(const SnlEpoch&)>;

/// Checks the options. @throws parity::Error naming the option and its expected range.
void check_snl_options(const SnlOptions& options);

/// Runs SNL down `budgets` (strictly decreasing ReLU counts in [0, relu_locations(dense)]) from
/// `dense` (a classifier with C >= 2 outputs whose ReLUs are GatedReLU layers; not modified) on
/// `train`, with batches drawn from `rng`. @throws parity::Error for bad options or budgets, a
/// model without GatedReLU, or data that does not validate.
SnlResult selective_linearization(const nn::Sequential& dense, const data::Dataset& train,
                                  std::span<const Index> budgets, const SnlOptions& options, Rng& rng,
                                  const SnlCallback& on_epoch = {});

}  // namespace parity::prune
