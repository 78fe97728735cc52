// Baselines without multipliers.
//
// none: J = f = mean_i BCE(z_i, y_i), the unconstrained model.
//
// l2: J = f + (eta / 2) sum_j max(0, |c_j| - eps_j)^2 (eps = 0: (eta / 2) c_j^2), the penalty
// of FairALM's released code (branch L2_PENALTY, 0.5 eta (Lbar[1,0] - Lbar[1,1])^2). That code
// never calls optimizer.zero_grad() in this branch, so its gradients add up over all steps
// taken so far; here, as in every method, the trainer zeroes the gradients before each step.
//
// reweight (Kamiran & Calders 2012; AIF360's Reweighing): each training sample of cell (y, s)
// gets the weight w_{y,s} = P(s) P(y) / P(y, s) = n_s n_y / (n n_{y,s}) of the training set, and
// J = mean_i w_{y_i,s_i} BCE(z_i, y_i) (the weights average to 1 over the training set). The
// constraints are not used: the weights make y and s independent in the weighted training set.
#pragma once

#include "fairness/method.h"

namespace parity::fairness {

class Unconstrained : public Method {
 public:
  explicit Unconstrained(const MethodOptions& options = {});

  const char* name() const override { return "none"; }
  void start(const ConstraintSet&, const data::Dataset&) override {}
  Var objective(const BatchTerms& terms) override { return mean_loss(terms); }
};

class L2Penalty : public Method {
 public:
  explicit L2Penalty(const MethodOptions& options = {});

  const char* name() const override { return "l2"; }
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;

 private:
  std::vector<double> slack_;
};

class Reweighing : public Method {
 public:
  explicit Reweighing(const MethodOptions& options = {});

  const char* name() const override { return "reweight"; }
  /// Computes the cell weights of `train` (binary labels).
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;

  /// weights()[y][s] = n_s n_y / (n n_{y,s}) (0 for an empty cell).
  const std::vector<std::vector<double>>& weights() const { return weights_; }

 private:
  std::vector<std::vector<double>> weights_;
};

}  // namespace parity::fairness
