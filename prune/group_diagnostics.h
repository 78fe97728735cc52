// Per-group diagnostics of a classifier, the quantities the linearisation paper (Das, Romanelli
// and Fioretto, ICML 2024) links to the excess loss a group suffers when ReLUs are removed. For
// each group g of the data, over its samples S_g:
//   accuracy         mean_{i in S_g} [argmax f(x_i) = y_i]
//   loss             L_g = mean_{i in S_g} CE(f(x_i), y_i)
//   gradient norm    || grad_theta L_g ||_2 over every parameter
//   margin           mean_{i in S_g} p_(1)(x_i) - p_(2)(x_i), the two largest softmax probabilities
//                    (the paper's proxy for the distance to the decision boundary)
//   Hessian          the eigenvalue of largest magnitude of the Hessian of L_g in theta, by power
//                    iteration on Hessian-vector products (power_iteration.h)
// The paper's code averages the gradient norm over test batches and takes the largest Hessian
// eigenvalue over batches; here both are of the whole group's loss, free of a batch size (the
// Hessian of up to max_samples samples, the first of the group in data order, to bound its cost).
#pragma once

#include <vector>

#include "data/dataset.h"
#include "nn/module.h"
#include "prune/power_iteration.h"
#include "tensor/random.h"

namespace parity::prune {

struct GroupDiagnosticsOptions {
  bool hessian = true;
  PowerIterationOptions power{};
  /// Samples per group for the Hessian (0: all).
  Index max_samples = 0;
};

struct GroupDiagnostics {
  double accuracy = 0.0;             ///< overall
  std::vector<Index> size;           ///< samples per group
  std::vector<double> accuracy_of;   ///< per group
  std::vector<double> loss;
  std::vector<double> gradient_norm;
  std::vector<double> margin;
  std::vector<double> hessian;       ///< empty when not computed
  std::vector<int> hessian_iterations;
};

/// The diagnostics of `model` (outputs [n, C], C >= 2) on `data`, power iterations seeded from
/// `rng`. @throws parity::Error for data that does not validate, a group without samples (naming
/// it), outputs that are not [n, C] with C >= 2, or bad power-iteration options.
GroupDiagnostics group_diagnostics(nn::Module& model, const data::Dataset& data,
                                   const GroupDiagnosticsOptions& options, Rng& rng);

}  // namespace parity::prune
