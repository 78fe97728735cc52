// Projected gradient ascent as the Fast & Fair reference code runs it when it trains with
// "pgd": on the batch-mean loss F(Delta) = 1/B sum_i L(x_i + delta_i),
//
//   Delta_{k+1} = P(Delta_k + alpha_k grad F(Delta_k)),      grad F has rows g_i / B,
//
// an absolute step (not normalised, not scaled by the radius) along the gradient of the batch
// mean, so each sample moves by alpha g_i / B; one step size alpha shared by the whole batch,
// starting at `step` and divided by `shrink` while F(Delta_k + alpha grad F) <= F(Delta_k)
// (tested before the projection), and never increased again; P projects each row onto its ball
// ||delta_i|| <= r. It stops when the batch's step ||Delta_{k+1} - Delta_k||_F is below
// `tolerance` (that last step is not taken) or after `max_iterations` gradients.
//
// The reference backtracks without a floor, which never ends when grad F = 0; here backtracking
// also ends once alpha ||grad F||_F < tolerance, where the projected step (non-expansive, Delta_k
// feasible) would be below the tolerance anyway, so the stopping point is the reference's.
#pragma once

#include "robust/inner_solver.h"

namespace parity::robust {

struct ReferencePgdOptions {
  double step = 0.1;         ///< initial absolute step alpha_0
  double shrink = 1.5;       ///< backtracking divisor, > 1
  double tolerance = 1e-4;   ///< on the batch's step ||Delta_{k+1} - Delta_k||_F, > 0
  int max_iterations = 5000; ///< gradients, >= 1
};

class ReferencePGD : public InnerSolver {
 public:
  explicit ReferencePGD(ReferencePgdOptions options = {});
  std::string name() const override { return "pgd-reference"; }
  /// InnerResult::iterations holds the batch's gradient count in every entry (the samples
  /// move together); loss evaluations of the backtracking are counted in evaluations().
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;
  /// Batch loss evaluations (without gradient) spent in backtracking since construction.
  Index evaluations() const { return evaluations_; }

 private:
  ReferencePgdOptions options_;
  Index evaluations_ = 0;
};

}  // namespace parity::robust
