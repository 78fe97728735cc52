// Surrogate means, surrogate constraint values and hard gaps of one batch.
#include "fairness/batch_terms.h"

#include <map>
#include <utility>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

/// t_i = 1 for positive predictions, y_i for correct ones; 1 - t_i for the complement.
Tensor targets(Event event, bool complement, const Tensor& y) {
  Tensor t(Shape{y.numel()});
  for (Index i = 0; i < y.numel(); ++i) {
    const double direct = event == Event::PositivePrediction ? 1.0 : y.data()[i];
    t.data()[i] = complement ? 1.0 - direct : direct;
  }
  return t;
}

/// Mean of 1[yhat_i = t_i] over `rows`.
double hard_rate(const Tensor& z, const Tensor& t, const std::vector<Index>& rows) {
  double hits = 0.0;
  for (Index i : rows) hits += (z.data()[i] > 0.0 ? 1.0 : 0.0) == t.data()[i] ? 1.0 : 0.0;
  return hits / static_cast<double>(rows.size());
}

}  // namespace

Index BatchTerms::skipped() const {
  Index count = 0;
  for (const auto& term : constraints) count += term.has_value() ? 0 : 1;
  return count;
}

BatchTerms batch_terms(const Var& logits, const Tensor& y, const Tensor& s, const ConstraintSet& constraints,
                       SurrogateKind surrogate) {
  const Index n = y.numel();
  const Shape& shape = logits.shape();
  PARITY_CHECK((shape.rank() == 1 || (shape.rank() == 2 && shape[1] == 1)) && shape[0] == n && s.numel() == n,
               "batch_terms(): logits of shape ", shape, " with ", n, " labels and ", s.numel(),
               " groups, expected [B] or [B, 1] and B of each");
  const Var z = reshape(logits, Shape{n});
  const Tensor labels = y.reshape(Shape{n});
  const Tensor groups = s.reshape(Shape{n});
  BatchTerms terms;
  terms.losses = bce_with_logits(z, labels);
  terms.y = labels;
  terms.s = groups;
  // psi over the batch, one per (event, complement) in use.
  std::map<std::pair<Event, bool>, Var> psi;
  for (const RateConstraint& c : constraints.constraints) {
    const std::vector<Index> rows_a = rate_rows(labels, groups, c.label, c.group_a);
    const std::vector<Index> rows_b = rate_rows(labels, groups, c.label, c.group_b);
    if (rows_a.empty() || rows_b.empty()) {
      terms.constraints.emplace_back(std::nullopt);
      continue;
    }
    const bool complement = measures_complement(surrogate, c.event, c.label);
    const std::pair<Event, bool> key{c.event, complement};
    if (!psi.contains(key)) psi.emplace(key, smooth_indicator(surrogate, z, targets(c.event, complement, labels)));
    ConstraintTerm term;
    term.mean_a = mean(gather_rows(psi.at(key), rows_a));
    term.mean_b = mean(gather_rows(psi.at(key), rows_b));
    term.sign = complement ? -1.0 : 1.0;
    term.value = scale(term.mean_a - term.mean_b, term.sign);
    const Tensor direct = targets(c.event, false, labels);
    term.hard = hard_rate(z.value(), direct, rows_a) - hard_rate(z.value(), direct, rows_b);
    terms.constraints.emplace_back(std::move(term));
  }
  return terms;
}

}  // namespace parity::fairness
