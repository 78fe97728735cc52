// The mitigation of "Linearization of ReLU networks and its disparate impact on groups" (Das,
// Romanelli and Fioretto, ICML 2024) as the paper describes it: fine-tuning minimises
//   L + sum_g gamma_g |L_g - L|,   L = mean_i l_i,  L_g = mean_{i in g} l_i   (on the mini-batch),
// with per-sample losses l_i (cross-entropy plus distillation), and raises the multipliers by dual
// ascent after every epoch,
//   gamma_g <- gamma_g + mu sum_batches |L_g - L|,   gamma_g = 0 at the start.
// The step sums over the epoch's batches, as the authors' code does, so its size grows with the
// number of batches. The authors' release builds the penalty as a new, detached tensor, so it adds
// a constant and leaves the gradient that of plain fine-tuning; here the penalty is differentiable.
// Groups absent from a batch have no L_g and take no part in that batch.
#pragma once

#include <span>
#include <vector>

#include "autograd/var.h"

namespace parity::prune {

/// sum_g gamma_g |L_g - L| of per-sample losses [B] with group ids [B] in [0, G), G =
/// multipliers.size(); writes |L_g - L| (0 for an absent group) to `violations` (resized to G).
/// |x| is written relu(x) + relu(-x). @throws parity::Error on mismatched shapes, an empty batch,
/// a group id outside [0, G), or a negative or non-finite multiplier.
Var loss_equalisation_penalty(const Var& sample_losses, const Tensor& groups, std::span<const double> multipliers,
                              std::vector<double>& violations);

/// The multipliers gamma_g and their dual ascent.
class LossEqualisationDual {
 public:
  /// @throws parity::Error unless groups >= 1 and mu is finite and >= 0.
  LossEqualisationDual(Index groups, double mu);
  const std::vector<double>& multipliers() const { return gamma_; }
  /// Adds one batch's violations to the epoch's sums.
  void add_batch(std::span<const double> violations);
  /// gamma_g += mu * (the epoch's sum for g); starts a new epoch.
  void end_epoch();

 private:
  double mu_;
  std::vector<double> gamma_;
  std::vector<double> epoch_sum_;
};

}  // namespace parity::prune
