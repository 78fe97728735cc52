// The pruning methods behind one call, prune_model(): a dense (trained) model in, the same model
// pruned and trained out, with masks set on its prunable weights (nn::Module::set_mask), so that
// save_model() keeps them. Every method gets the same number of passes over the training data
// after the dense model (`epochs`):
//   magnitude          masks by |W| (global or per layer), then `epochs` of fine-tuning;
//   magnitude+fair-ft  the same, fine-tuned on CE + lambda P (BiFP's two-stage P&F baseline);
//   magnitude+fair-ft-pdf  the same with P of the degradation notion;
//   imp                iterative magnitude pruning with weight rewinding: `imp_rounds` rounds, round
//                      r at density (1 - sparsity)^(r/R), the surviving weights rewound to
//                      `rewind_weights` (values of an early epoch of the dense training, Frankle et
//                      al. 2020; the initialisation, Frankle & Carbin 2019) or, when none are given,
//                      to the dense model's values, then trained epochs/R (the lottery-ticket ladder);
//   hydra              scores S (prune/scores.h) trained with the weights frozen for `mask_epochs`,
//                      then the rest fine-tuning (HYDRA, Sehwag et al. 2020);
//   bip                per mini-batch one weight step on CE (mask fixed) and one score step on CE
//                      (straight-through), then fine-tuning (Zhang et al. 2022, first order);
//   bifp               bip with the fairness penalty P (prune/fairness_penalty.h) in both levels,
//                      weights lambda_w (lower) and lambda_m (upper), P of the performance notion;
//   bifp-pdf           bifp with the degradation notion;
//   bifp-no-mask       bifp with lambda_m = 0;  bifp-no-weight  bifp with lambda_w = 0.
// Weights use Adam (the dense model's optimiser), scores SGD with momentum and a cosine decay over
// the mask epochs, as in the BiP and HYDRA code. The score step takes the mini-batches of the
// weight step in reverse order (BiP's second pass over the training set). The implicit-gradient
// term of BiP's upper step is optional: none (default; BiP's own scale 1e-4 makes it about 1e-4 of
// the score gradient), paper (-eta2 g_S (.) g_W) or bip-code (-eta2 g_S (.) g_S, what the BiP
// code computes).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "nn/sequential.h"
#include "prune/fairness_penalty.h"
#include "prune/sparsity.h"
#include "tensor/random.h"

namespace parity::prune {

enum class Method { Magnitude, MagnitudeFairFineTune, Imp, Hydra, Bip, Bifp, BifpNoMask, BifpNoWeight };
enum class ImplicitGradient { None, Paper, BipCode };

struct MethodSpec {
  std::string name;
  Method method;
  FairnessNotion notion;  ///< of the penalty, for the methods that use one
};

/// magnitude, magnitude+fair-ft, magnitude+fair-ft-pdf, imp, hydra, bip, bifp, bifp-pdf, bifp-no-mask, bifp-no-weight.
const std::vector<MethodSpec>& method_specs();
/// @throws parity::Error naming the known methods.
const MethodSpec& find_method(const std::string& name);
/// Whether the method trains with the fairness penalty (and so needs two or more groups).
bool uses_groups(Method method);

struct PruneOptions {
  double sparsity = 0.95;
  Scope scope = Scope::Global;
  int epochs = 15;       ///< passes over the training data after the dense model
  int mask_epochs = 10;  ///< of them, the mask search of hydra/bip/bifp*
  int imp_rounds = 3;
  /// imp: the values the surviving weights and the biases are rewound to after each round, one per
  /// model.parameters() entry; empty: the model's values when pruning starts.
  std::vector<Tensor> rewind_weights{};
  Index batch_size = 512;
  double lr = 1e-3;  ///< Adam, weights
  double score_lr = 0.1;
  double score_momentum = 0.9;
  double score_weight_decay = 1e-4;
  double fairness_weight = 1.0;  ///< lambda (lambda_w = lambda_m = 1 in BiFP)
  double temperature = 1.0;      ///< of u(z) = sigmoid(z / T)
  ImplicitGradient implicit_gradient = ImplicitGradient::None;
  double implicit_scale = 1e-4;  ///< eta2
};

struct PruneResult {
  long weight_steps = 0;
  long score_steps = 0;
  double seconds = 0.0;
};

/// What an epoch callback sees: the epoch (1-based), the total, and the optimiser steps so far.
struct EpochInfo {
  int epoch = 0;
  int total = 0;
  long weight_steps = 0;
  long score_steps = 0;
};
/// Called after every epoch. `model` then computes the pruned model of that moment: during a
/// score search its weights are the straight-through weights of the current mask (the same
/// values as W (.) TopK(|S|)), so predictions are those of the current pruned model.
using EpochCallback = std::function<void(const EpochInfo& info, nn::Sequential& model)>;

/// The binary logit of a classifier's outputs: `output` [b, 1] is the logit itself; [b, 2] (a
/// softmax head) gives f_1 - f_0, whose binary cross-entropy is the softmax cross-entropy of the
/// two outputs. @throws parity::Error for another shape.
Var binary_logit(const Var& output);

/// Whether the method searches a mask by scores first (`mask_epochs` of its `epochs`).
bool searches_scores(Method method);
/// Checks the options for `method` (`mask_epochs` only for the score methods, `imp_rounds` only for
/// imp). @throws parity::Error naming the option and the expected values.
void check_prune_options(const PruneOptions& options, Method method);

/// Prunes `model` (a binary classifier with one or two outputs, already trained) by `method` on `train`,
/// drawing batches from `rng`. @throws parity::Error for bad options, a model without prunable
/// weights, rewind weights that do not match the parameters, or a method with a fairness term on
/// data with fewer than two groups (naming them).
PruneResult prune_model(nn::Sequential& model, const data::Dataset& train, const MethodSpec& method,
                        const PruneOptions& options, Rng& rng, const EpochCallback& on_epoch = {});

}  // namespace parity::prune
