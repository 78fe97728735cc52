// FairALM (Lokhande, Akash, Ravi, Singh, ECCV 2020), two ways.
//
// fairalm: the paper's Algorithm 2, per constraint j with surrogate means m_a, m_b and
// c_j = sign (m_a - m_b) (fairness/batch_terms.h), one multiplier lambda_j (initially 0):
//   primal  J = f + sum_j [ lambda_j c_j + eta (m_a + m_b) ]
//   dual    lambda_j <- lambda_j + eta c_j(w_new)          c_j measured after the primal step
// with eta constant (unless MethodOptions::eta_growth says otherwise). With sign = +1 the primal
// term is the paper's (lambda + eta) mu_a - (lambda - eta) mu_b; with sign = -1 (the loss
// surrogate of a TPR or accuracy, which measures the complement) it is the paper's form for
// lambda_paper = -lambda_j, whose dual step is the same one: lambda_paper += eta (m_a - m_b).
// The term eta (m_a + m_b) is the paper's upper bound of the proximal term (it "exchanges the max
// and min"): a fixed point solves the KKT system of min f + eta sum_j (m_a + m_b) s.t. c = 0, not
// that of min f s.t. c = 0; the shift grows with eta (tests/fairness/fairalm_kkt_test.cpp).
//
// Slack. The paper treats equalities. For |c_j| <= eps we take the proximal dual step of the
// constraint written as c_j = v, |v| <= eps: maximising lambda c - eps |lambda| - (lambda -
// lambda_t)^2 / (2 eta) gives the soft threshold
//   lambda_j <- S_{eta eps}(lambda_j + eta c_j),   S_k(x) = sign(x) max(0, |x| - k),
// which is the paper's step for eps = 0 and whose fixed points satisfy the KKT conditions of
// |c_j| <= eps (lambda > 0: c = eps; lambda < 0: c = -eps; lambda = 0: |c| <= eps).
//
// fairalm-released: the update of the authors' code (lokhande-vishnu/FairALM, main.py, branch
// FAIR_ALM; research/fairness.md sec. 1.2), per constraint with two multipliers lam0, lam1 and
// d = m_a - m_b (the code's Lbar[1,0] - Lbar[1,1] for the loss surrogate of the TPR):
//   at the start of every epoch: eta <- 1.01 eta
//   NUM_INNER primal steps on J = f + (eta/4 + (lam0 - lam1)/2) m_a + (eta/4 + (lam1 - lam0)/2) m_b
//   d from the last inner forward pass (before the last inner step), then, in this order,
//     lam0 <- (lam0 - lam1)/2 + eta d/2
//     lam1 <- (lam1 - lam0)/2 - eta d/2       (with the lam0 just computed)
// The sequential pair is linear, [lam0, lam1] <- M [lam0, lam1] + eta d [1/2, -3/4] with
// M = [[1/2, -1/2], [-1/4, 3/4]] (eigenvalues 1 and 1/4): the first step moves Lambda = lam0 - lam1
// by 5/4 eta d and, after the transient, by 4/3 eta d per step instead of the paper's eta d.
// The code has no slack; this method requires slack 0.
#pragma once

#include "fairness/method.h"

namespace parity::fairness {

class FairAlm : public Method {
 public:
  explicit FairAlm(const MethodOptions& options = {});

  const char* name() const override { return "fairalm"; }
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;
  void update(const BatchTerms& terms, const Measure& measure) override;
  std::vector<double> multipliers() const override { return lambda_; }
  std::vector<std::string> multiplier_names() const override;

 private:
  std::vector<double> lambda_;
  std::vector<double> slack_;
  std::vector<std::string> names_;
};

class FairAlmReleased : public Method {
 public:
  explicit FairAlmReleased(const MethodOptions& options = {});

  const char* name() const override { return "fairalm-released"; }
  /// @throws parity::Error when a constraint has a slack (the released code has none).
  void start(const ConstraintSet& constraints, const data::Dataset& train) override;
  Var objective(const BatchTerms& terms) override;
  void update(const BatchTerms& terms, const Measure& measure) override;
  /// lam0 and lam1 of each constraint, in that order.
  std::vector<double> multipliers() const override;
  std::vector<std::string> multiplier_names() const override;

 private:
  std::vector<double> lam0_;
  std::vector<double> lam1_;
  std::vector<std::string> names_;
};

}  // namespace parity::fairness
