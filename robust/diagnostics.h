// Diagnostics for studying inner solvers on a batch:
//   achieved       L(x_i + delta_i)
//   best known     the largest loss found in the ball: PGD with many steps from zero and from
//                  random starts, and the candidate solution itself
//   relative gap   (best - achieved) / max(|best|, tiny)
//   model error    |L(x + p) - L(x) - q(p)|, q(p) = g.p + 1/2 p.H p: how well the second-order
//                  model the trust-region step maximises describes the loss at that step
// and counts of the trust-region cases and of Newton or gradient iterations.
#pragma once

#include "robust/inner_solver.h"
#include "tensor/random.h"

namespace parity::robust {

struct BestKnownOptions {
  int restarts = 4;      ///< random starts besides the start at zero
  int iterations = 500;  ///< PGD steps per start
  double step = 0.05;    ///< PGD step as a fraction of the radius
};

/// The best loss found in each sample's ball by the searches above, also counting `candidate`
/// (for instance a trust-region step).
Tensor best_known_objective(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                            const Tensor& candidate, Rng& rng, const BestKnownOptions& options = {});

struct InnerDiagnostics {
  Tensor achieved;      ///< [B]
  Tensor relative_gap;  ///< [B], 0 where the solver found the best known value
  Tensor model_error;   ///< [B], trust-region results only (undefined otherwise)
  double max_relative_gap = 0.0;
  double max_model_error = 0.0;
  double mean_iterations = 0.0;
  int max_iterations = 0;
  Index interior = 0;
  Index boundary = 0;
  Index hard_case = 0;
};

/// Diagnostics of `result` against per-sample best-known objectives.
InnerDiagnostics diagnose(const SampleLoss& loss, const Tensor& X, const InnerResult& result, const Tensor& best_known);

}  // namespace parity::robust
