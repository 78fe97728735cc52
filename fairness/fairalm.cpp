// FairALM as in the paper (Algorithm 2) and as in the authors' released code.
#include "fairness/fairalm.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

/// S_k(x) = sign(x) max(0, |x| - k).
double soft_threshold(double x, double k) { return x > k ? x - k : (x < -k ? x + k : 0.0); }

}  // namespace

FairAlm::FairAlm(const MethodOptions& options) : Method(options, true, 1.0, 1) {}

void FairAlm::start(const ConstraintSet& constraints, const data::Dataset&) {
  lambda_.assign(constraints.size(), 0.0);
  slack_.clear();
  for (const RateConstraint& c : constraints.constraints) slack_.push_back(c.slack);
  names_ = constraints.names();
}

Var FairAlm::objective(const BatchTerms& terms) {
  PARITY_CHECK(terms.constraints.size() == lambda_.size(), "fairalm: ", terms.constraints.size(),
               " constraint terms for ", lambda_.size(), " multipliers (call start() first)");
  Var j = mean_loss(terms);
  for (std::size_t k = 0; k < lambda_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    j = j + term->value * lambda_[k] + (term->mean_a + term->mean_b) * eta_;
  }
  return j;
}

void FairAlm::update(const BatchTerms& terms, const Measure& measure) {
  if (terms.skipped() == static_cast<Index>(terms.constraints.size())) return;
  const BatchTerms after = measure();
  for (std::size_t k = 0; k < lambda_.size(); ++k) {
    const auto& term = after.constraints[k];
    if (!term) continue;
    lambda_[k] = soft_threshold(lambda_[k] + eta_ * term->value.value().item(), eta_ * slack_[k]);
  }
}

std::vector<std::string> FairAlm::multiplier_names() const {
  std::vector<std::string> out;
  for (const std::string& n : names_) out.push_back("lambda[" + n + "]");
  return out;
}

FairAlmReleased::FairAlmReleased(const MethodOptions& options) : Method(options, true, 1.01, 5) {}

void FairAlmReleased::start(const ConstraintSet& constraints, const data::Dataset&) {
  for (const RateConstraint& c : constraints.constraints) {
    PARITY_CHECK(c.slack == 0.0, "fairalm-released: the released code treats equalities, but constraint ", c.name,
                 " has slack ", c.slack, " (use fairalm, whose dual step handles a slack)");
  }
  lam0_.assign(constraints.size(), 0.0);
  lam1_.assign(constraints.size(), 0.0);
  names_ = constraints.names();
}

Var FairAlmReleased::objective(const BatchTerms& terms) {
  PARITY_CHECK(terms.constraints.size() == lam0_.size(), "fairalm-released: ", terms.constraints.size(),
               " constraint terms for ", lam0_.size(), " constraints (call start() first)");
  Var j = mean_loss(terms);
  for (std::size_t k = 0; k < lam0_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    const double weight_a = eta_ / 4.0 + (lam0_[k] - lam1_[k]) / 2.0;
    const double weight_b = eta_ / 4.0 + (lam1_[k] - lam0_[k]) / 2.0;
    j = j + term->mean_a * weight_a + term->mean_b * weight_b;
  }
  return j;
}

void FairAlmReleased::update(const BatchTerms& terms, const Measure&) {
  for (std::size_t k = 0; k < lam0_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    const double d = term->mean_a.value().item() - term->mean_b.value().item();
    lam0_[k] = 0.5 * (lam0_[k] - lam1_[k]) + 0.5 * eta_ * d;
    lam1_[k] = 0.5 * (lam1_[k] - lam0_[k]) - 0.5 * eta_ * d;
  }
}

std::vector<double> FairAlmReleased::multipliers() const {
  std::vector<double> out;
  for (std::size_t k = 0; k < lam0_.size(); ++k) {
    out.push_back(lam0_[k]);
    out.push_back(lam1_[k]);
  }
  return out;
}

std::vector<std::string> FairAlmReleased::multiplier_names() const {
  std::vector<std::string> out;
  for (const std::string& n : names_) {
    out.push_back("lam0[" + n + "]");
    out.push_back("lam1[" + n + "]");
  }
  return out;
}

}  // namespace parity::fairness
