// A constrained-training method: per mini-batch it turns the batch's terms (fairness/batch_terms.h)
// into the primal objective that one optimiser step minimises, and after the primal step(s) it
// updates its dual state (multipliers); per epoch it may change its step size. The trainer
// (fairness/constrained_trainer.h) runs, for each batch,
//   repeat inner_steps() times: terms = batch_terms(model(X_B)); J = objective(terms);
//                               zero gradients; J.backward(); optimiser step
//   update(terms, measure)       terms: those of the last primal step (before it was taken);
//                                measure(): the terms re-evaluated at the new parameters
// with begin_epoch(e) at the start of epoch e = 1, 2, ... A constraint without terms on a batch
// (std::nullopt) adds nothing to the objective and its multipliers keep their values.
//
// Methods by name (make_method): fairalm, fairalm-released (fairness/fairalm.h), none, l2,
// reweight (fairness/penalties.h), lagrangian, proxy-lagrangian (fairness/lagrangian.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "autograd/var.h"
#include "data/dataset.h"
#include "fairness/batch_terms.h"
#include "fairness/constraints.h"

namespace parity::fairness {

struct MethodOptions {
  /// The step of the method, > 0: FairALM's eta (dual step and proximal weight), the L2 penalty
  /// weight, the Lagrangian's dual step size, the proxy-Lagrangian's multiplicative step on its
  /// log matrix. Unused by none and reweight.
  double eta = 1.0;
  /// Factor applied to eta at the start of every epoch, the first included (the released
  /// FairALM code's ETA_BETA). Unset: 1.01 for fairalm-released, 1 (constant) otherwise.
  std::optional<double> eta_growth = std::nullopt;
  /// Primal steps on a batch per dual step (the released code's NUM_INNER). Unset: 5 for
  /// fairalm-released (its CelebA setting), 1 otherwise.
  std::optional<int> inner_steps = std::nullopt;
  /// proxy-lagrangian: every entry of the stochastic matrix stays >= radius / (m + 1) (TFCO's
  /// minimum_multiplier_radius, default 1e-3); in (0, 1).
  double minimum_multiplier_radius = 1e-3;
};

/// Re-evaluates the batch's terms at the current parameters (one forward pass, no graph kept).
using Measure = std::function<BatchTerms()>;

class Method {
 public:
  virtual ~Method() = default;
  Method(const Method&) = delete;
  Method& operator=(const Method&) = delete;

  /// The name make_method() knows it by.
  virtual const char* name() const = 0;
  /// Resets the state for `constraints` before training on `train`.
  /// @throws parity::Error when the method cannot treat these constraints (see each method).
  virtual void start(const ConstraintSet& constraints, const data::Dataset& train) = 0;
  /// At the start of epoch `epoch` (1-based): eta *= eta_growth.
  virtual void begin_epoch(int epoch);
  /// The primal objective of a batch (a scalar Var of the model's parameters).
  virtual Var objective(const BatchTerms& terms) = 0;
  /// The dual step after the primal steps on a batch (nothing for penalty methods).
  virtual void update(const BatchTerms& terms, const Measure& measure);

  /// The dual state, flattened, and a name per entry (empty for penalty methods).
  virtual std::vector<double> multipliers() const { return {}; }
  virtual std::vector<std::string> multiplier_names() const { return {}; }

  int inner_steps() const { return inner_steps_; }
  double eta() const { return eta_; }

 protected:
  /// Checks eta > 0 and finite when `uses_eta`, eta_growth > 0 and inner_steps >= 1.
  Method(const MethodOptions& options, bool uses_eta, double default_growth, int default_inner_steps);

  double eta_;

 private:
  double growth_;
  int inner_steps_;
};

/// The method called `name`, one of method_names().
/// @throws parity::Error naming the argument and listing the known names, or for bad options.
std::unique_ptr<Method> make_method(std::string_view name, const MethodOptions& options = {});
/// "fairalm", "fairalm-released", "none", "l2", "reweight", "lagrangian", "proxy-lagrangian".
std::vector<std::string> method_names();

/// The mean training loss of the batch, f = mean_i BCE(z_i, y_i).
Var mean_loss(const BatchTerms& terms);

}  // namespace parity::fairness
