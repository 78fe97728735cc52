// The inner maximisation of robust training, per sample i,
//
//   delta_i = argmax_{||delta|| <= r} L(f(x_i + delta), y_i)       (Fast & Fair, eq. (1)),
//
// behind one interface: a batch and its per-sample loss in, the perturbed batch and per-sample
// statistics out. Perturbations may be restricted to some input features by a 0/1 mask.
#pragma once

#include <string>
#include <vector>

#include "autograd/derivatives.h"
#include "autograd/sample_loss.h"
#include "autograd/var.h"
#include "robust/trust_region.h"

namespace parity::robust {

struct InnerResult {
  Tensor perturbed;              ///< X + delta, shape of X
  Tensor perturbation;           ///< delta, shape of X
  std::vector<int> iterations;   ///< per sample: Newton (trust region) or gradient steps
  /// Trust region only (empty otherwise): which case each subproblem fell in, its multiplier
  /// mu and the model value q(delta) = g.delta + 1/2 delta.H delta.
  std::vector<TrsCase> cases;
  Tensor multiplier;
  Tensor model_value;
  /// Trust region only: the samples (indices into the batch, ascending) whose subproblem did not
  /// converge within TrsOptions::max_iterations; their delta is the last iterate scaled onto the
  /// sphere. Empty when all converged and for the other solvers.
  std::vector<Index> unconverged;
};

class InnerSolver {
 public:
  virtual ~InnerSolver() = default;
  virtual std::string name() const = 0;
  /// Whether solve() moves the inputs at all; false for NoPerturbation, whose radius is unused.
  virtual bool perturbs() const { return true; }
  /// Perturbations of X [B, ...] with ||delta_i|| <= radius, moving only the features where
  /// `feature_mask` ([d] of 0/1, d = features per sample) is 1; an undefined mask moves all.
  /// Throws for radius <= 0 or NaN, NaN/Inf in X, or a mask of the wrong length or values.
  virtual InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) = 0;
};

/// The indices of the features a mask lets move (all of 0..d-1 for an undefined mask), after
/// checking the mask; `caller` names the function in errors.
std::vector<Index> movable_features(const Tensor& feature_mask, Index d, const char* caller);

/// Checks radius and X as every solver does; returns d, the features per sample.
Index check_inner_problem(const Tensor& X, double radius, const char* caller);

/// Per-sample losses [B] and input gradients (shape of X) at X.
struct LossAndGradient {
  Tensor loss;
  Tensor grad;
};
LossAndGradient loss_and_gradient(const SampleLoss& loss, const Tensor& X);

}  // namespace parity::robust
