// The unconstrained, L2-penalty and reweighing baselines.
#include "fairness/penalties.h"

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::fairness {

Unconstrained::Unconstrained(const MethodOptions& options) : Method(options, false, 1.0, 1) {}

L2Penalty::L2Penalty(const MethodOptions& options) : Method(options, true, 1.0, 1) {}

void L2Penalty::start(const ConstraintSet& constraints, const data::Dataset&) {
  slack_.clear();
  for (const RateConstraint& c : constraints.constraints) slack_.push_back(c.slack);
}

Var L2Penalty::objective(const BatchTerms& terms) {
  PARITY_CHECK(terms.constraints.size() == slack_.size(), "l2: ", terms.constraints.size(),
               " constraint terms for ", slack_.size(), " constraints (call start() first)");
  Var j = mean_loss(terms);
  for (std::size_t k = 0; k < slack_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    // max(0, |c| - eps)^2 = relu(c - eps)^2 + relu(-c - eps)^2 (at most one is non-zero).
    const Var excess = slack_[k] == 0.0 ? square(term->value)
                                        : square(relu(term->value - slack_[k])) + square(relu(-term->value - slack_[k]));
    j = j + excess * (0.5 * eta_);
  }
  return j;
}

Reweighing::Reweighing(const MethodOptions& options) : Method(options, false, 1.0, 1) {}

void Reweighing::start(const ConstraintSet&, const data::Dataset& train) {
  train.validate("reweight");
  PARITY_CHECK(train.num_classes() == 2, "reweight: needs binary labels, the training set has ", train.num_classes(),
               " classes");
  const auto cells = train.class_group_counts();
  const std::vector<Index> n_y = train.class_counts();
  const std::vector<Index> n_s = train.group_counts();
  const double n = static_cast<double>(train.size());
  weights_.assign(cells.size(), std::vector<double>(n_s.size(), 0.0));
  for (std::size_t y = 0; y < cells.size(); ++y) {
    for (std::size_t s = 0; s < n_s.size(); ++s) {
      if (cells[y][s] == 0) continue;
      weights_[y][s] = static_cast<double>(n_s[s]) * static_cast<double>(n_y[y]) /
                       (n * static_cast<double>(cells[y][s]));
    }
  }
}

Var Reweighing::objective(const BatchTerms& terms) {
  PARITY_CHECK(!weights_.empty(), "reweight: no cell weights (call start() first)");
  const Index b = terms.y.numel();
  Tensor w(Shape{b});
  for (Index i = 0; i < b; ++i) {
    const auto y = static_cast<std::size_t>(terms.y.data()[i]);
    const auto s = static_cast<std::size_t>(terms.s.data()[i]);
    PARITY_CHECK(y < weights_.size() && s < weights_[y].size(), "reweight: sample ", i, " has label ",
                 terms.y.data()[i], " and group ", terms.s.data()[i], " outside the training set's cells");
    w.data()[i] = weights_[y][s];
  }
  return mean(mul_constant(terms.losses, w));
}

}  // namespace parity::fairness
