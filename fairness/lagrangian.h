// Lagrangian baselines over inequality constraints. A constraint |c_j| <= eps_j is the pair
//   g_{2j} = c_j - eps_j <= 0,   g_{2j+1} = -c_j - eps_j <= 0      (m = 2 J inequalities).
//
// lagrangian: gradient descent-ascent on L = f + sum_k lambda_k g_k, lambda_k >= 0 (Zhao et al.
// 2017's baseline in the FairALM paper; TFCO's LagrangianOptimizer with its max(0, .) projection):
//   primal  J = f + sum_j (lambda_{2j} - lambda_{2j+1}) c_j       (the eps terms are constants)
//   dual    lambda_k <- max(0, lambda_k + eta g_k)                g_k from the surrogate c_j at
//                                                                 the primal step's point
// The updates are simultaneous: both steps use the gradient and constraints at the same
// parameters. TFCO ascends on the original (hard) constraints instead; here the dual uses the
// surrogate, so on a convex surrogate problem the method converges to its KKT point.
//
// proxy-lagrangian (Cotter, Jiang, Sridharan, ALT 2019, Algorithm 2; TFCO's
// ProxyLagrangianOptimizer with swap regret and multiplicative updates): the state is a
// left-stochastic (m+1) x (m+1) matrix M (columns sum to 1), kept as log M. Its stationary
// distribution p = M p (power iteration) weighs the objective and the constraints:
//   primal  J = p_0 f + sum_k p_k g_k                             g_k from the surrogate
//   dual    log M <- log M + eta h p^T,   h = (0, h_1, ..., h_m) the hard (0-1) constraints
//           then every column is renormalised (log M -= logsumexp of the column) and clipped
//           below at log(r / (m+1)), r = MethodOptions::minimum_multiplier_radius.
// M starts with 1 - r m / (m+1) in row 0 and r / (m+1) elsewhere (as much weight on the
// objective as the bound allows). A constraint without terms on a batch has h = 0 there.
// TFCO takes the dual step with the model's optimiser; here it is a plain step of size eta.
#pragma once

#include "fairness/method.h"
#include "tensor/tensor.h"

namespace parity::fairness {

class Lagrangian : public Method {
 public:
  explicit Lagrangian(const MethodOptions& options = {});

  const char* name() const override { return "lagrangian"; }
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;
  void update(const BatchTerms& terms, const Measure& measure) override;
  /// lambda_{2j} (for c_j <= eps) and lambda_{2j+1} (for -c_j <= eps) of each constraint.
  std::vector<double> multipliers() const override { return lambda_; }
  std::vector<std::string> multiplier_names() const override;

 private:
  std::vector<double> lambda_;
  std::vector<double> slack_;
  std::vector<std::string> names_;
};

class ProxyLagrangian : public Method {
 public:
  explicit ProxyLagrangian(const MethodOptions& options = {});

  const char* name() const override { return "proxy-lagrangian"; }
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;
  void update(const BatchTerms& terms, const Measure& measure) override;
  /// The stationary distribution p (m + 1 entries: objective, then g_0, g_1, ...).
  std::vector<double> multipliers() const override;
  std::vector<std::string> multiplier_names() const override;

  /// M, [m+1, m+1], left-stochastic.
  Tensor matrix() const;
  /// Replaces the state by log(M) (tests and restarts); M must be [m+1, m+1] with positive entries.
  void set_matrix(const Tensor& m);

 private:
  double radius_;
  Tensor log_matrix_;
  std::vector<double> slack_;
  std::vector<std::string> names_;
};

/// The stationary distribution of a left-stochastic matrix M [D, D] with positive entries: the
/// limit of p <- M p / sum(M p) from the uniform distribution (the division only matters when
/// the floor of the proxy-Lagrangian's projection made the columns sum to more than 1), stopped
/// when the L1 change is below 1e-15 or after 10,000 steps.
std::vector<double> stationary_distribution(const Tensor& m);

}  // namespace parity::fairness
