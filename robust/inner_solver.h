// The inner maximisation of robust training, per sample i,
//
//   delta_i = argmax_{||delta|| <= r} L(f(x_i + delta), y_i)       (Fast & Fair, eq. (1)),
//
// behind one interface: a batch and its per-sample loss in, the perturbed batch and per-sample
// statistics out. Perturbations may be restricted to some input features by a 0/1 mask.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "autograd/derivatives.h"
#include "autograd/var.h"
#include "robust/trust_region.h"

namespace parity::robust {

/// Per-sample losses l_i(x_i) of a batch: loss(X) is [B] for inputs X [B, ...], and l_i may
/// depend only on row i of X and on row i of the labels. Solvers evaluate subsets of the rows
/// (the samples still moving, blocks that bound memory); subset() and rows() give the same loss
/// on such a subset, labels gathered to match.
class SampleLoss {
 public:
  using Function = std::function<Var(const Var& X, const Tensor& labels)>;

  /// f(X, labels) with per-sample labels [B] or [B, ...].
  SampleLoss(Function f, Tensor labels);
  /// f(X) without per-sample data: any subset of rows is evaluated by f itself. A function
  /// that captures per-sample data (labels, weights) must be given with them as labels instead.
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, SampleLoss> && std::is_invocable_r_v<Var, const F&, const Var&>)
  SampleLoss(F f)  // NOLINT(google-explicit-constructor): losses are passed as lambdas
      : function_([f = std::move(f)](const Var& X, const Tensor&) { return f(X); }) {}

  /// Losses [B] of X [B, ...]; throws if X and the labels have different numbers of rows.
  Var operator()(const Var& X) const;
  /// The loss of the samples `indices` of the batch (in that order).
  SampleLoss subset(std::span<const Index> indices) const;
  /// The loss of the samples [begin, end) of the batch.
  SampleLoss rows(Index begin, Index end) const;

 private:
  Function function_;
  Tensor labels_;
};

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

/// input_hessians() of a sample loss; with options.max_samples > 0 the batch is taken in
/// blocks of that many rows, each block with its own labels.
InputHessians sample_input_hessians(const SampleLoss& loss, const Tensor& X, const InputHessianOptions& options = {});

}  // namespace parity::robust
