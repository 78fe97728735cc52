// Fine-tuning of a linearised model with its gates frozen, as SNL's second phase: SGD with
// momentum and weight decay, a cosine decay of the rate over the epochs, the global gradient norm
// clipped (without clipping, nearly linear deep MLPs can diverge), on the per-sample loss
//   l_i = CE(f(x_i), y_i) + KD_T(f(x_i), f_dense(x_i))                            (distillation.h)
// averaged over the batch; optionally with the loss-equalisation mitigation (loss_equalisation.h)
// over the groups of the data, L + sum_g gamma_g |L_g - L| with dual ascent on gamma after each
// epoch. No checkpoint is chosen on test data: the model is the one after the last epoch.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "nn/sequential.h"
#include "tensor/random.h"

namespace parity::prune {

struct FineTuneOptions {
  int epochs = 20;
  Index batch_size = 128;
  double lr = 1e-3;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  double clip = 5.0;  ///< max global gradient norm
  double temperature = 4.0;
  bool mitigate = false;
  double mu = 0.01;  ///< dual step of the mitigation
};

struct FineTuneResult {
  long steps = 0;
  double seconds = 0.0;
  std::vector<double> multipliers;          ///< gamma_g after the last epoch (mitigation only)
  std::vector<double> epoch_loss;           ///< mean over batches of L, per epoch
  std::vector<double> epoch_max_violation;  ///< max_g of the epoch's mean |L_g - L| (mitigation only)
};

/// @throws parity::Error naming the option and its expected range.
void check_fine_tune_options(const FineTuneOptions& options);

/// Fine-tunes `model` (outputs [B, C], C >= 2) in place on `train`, distilling from `teacher`
/// (not modified), batches from `rng`. @throws parity::Error for bad options, data that does not
/// validate, or (with the mitigation) data with fewer than two groups.
FineTuneResult fine_tune(nn::Sequential& model, const nn::Sequential& teacher, const data::Dataset& train,
                         const FineTuneOptions& options, Rng& rng);

}  // namespace parity::prune
