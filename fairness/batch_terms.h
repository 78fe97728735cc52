// The quantities every constrained-training method reads from one mini-batch: the per-sample
// training losses, and for each constraint of a ConstraintSet its surrogate means and value
//   m_g = mean{ psi_i : i in rows(g) },   c = sign (m_a - m_b)        (fairness/surrogates.h)
// as graph nodes of the model's parameters, and the same gap r_a - r_b from hard predictions
// (yhat = [z > 0]) as a number. A constraint whose row set (a (y, s) cell, or the cells of all
// groups) is empty on the batch has no terms there: its entry is std::nullopt, never NaN.
#pragma once

#include <optional>
#include <vector>

#include "autograd/var.h"
#include "fairness/constraints.h"
#include "fairness/surrogates.h"

namespace parity::fairness {

struct ConstraintTerm {
  Var mean_a;         ///< m_a, scalar
  Var mean_b;         ///< m_b, scalar
  double sign = 1.0;  ///< c = sign (m_a - m_b); -1 when the surrogate measures the complement
  Var value;          ///< c, scalar
  double hard = 0.0;  ///< r_a - r_b with hard predictions, on this batch
};

struct BatchTerms {
  Var losses;  ///< [B] binary cross-entropy BCE(z_i, y_i)
  Tensor y;    ///< [B] labels
  Tensor s;    ///< [B] groups
  /// Aligned with the ConstraintSet; std::nullopt when the constraint has an empty row set here.
  std::vector<std::optional<ConstraintTerm>> constraints;

  /// Constraints without terms on this batch.
  Index skipped() const;
};

/// The terms of a batch with logits [B] or [B, 1], labels y [B] (0/1) and groups s [B].
/// @throws parity::Error on other shapes or lengths.
BatchTerms batch_terms(const Var& logits, const Tensor& y, const Tensor& s, const ConstraintSet& constraints,
                       SurrogateKind surrogate);

}  // namespace parity::fairness
