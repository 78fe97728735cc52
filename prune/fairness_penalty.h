// The differentiable fairness terms of BiFP (arXiv 2312.10181, Sec. 4.2), corrected. With the
// binary logit f(x) and labels y in {0, 1}, the margin of sample i is z_i = (2 y_i - 1) f(x_i),
// correct when z_i > 0, and u(z) = sigmoid(z / T) is a smooth correctness indicator. The smoothed
// accuracy of group g on a batch is
//   A~_g = (1 / n_g) sum_{i: s_i = g} u(z_i).
// The paper's Eq. 8 sums u(z_i) / P(s_i) over both groups with one sign (a reweighted accuracy,
// not a gap) and adds it signed; the surrogate of its Eq. 6 is the difference, penalised sign-free:
//   performance fairness (Def. 1)   P = max_g A~_g - min_g A~_g          (= |A~_0 - A~_1|)
//   degradation fairness (Def. 3)   P = max_g d_g - min_g d_g,   d_g = A~_g - A~_g(dense),
// the dense model's A~_g taken on the same batch as constants. Groups without a sample in the
// batch are left out; with fewer than two groups present P = 0. As T -> 0, u becomes the step
// 1[z > 0] and P the exact accuracy (or accuracy-drop) gap of the batch.
#pragma once

#include "autograd/var.h"

namespace parity::prune {

enum class FairnessNotion { Performance, Degradation };

/// "performance" or "degradation".
const char* notion_name(FairnessNotion notion);

struct PenaltyBatch {
  const Tensor& y;             ///< [b] labels 0/1
  const Tensor& s;             ///< [b] group ids 0..groups-1
  Index groups;                ///< G >= 2
  const Tensor& dense_logits;  ///< [b] the dense model's logits (Degradation; else may be undefined)
};

/// The smoothed group accuracies A~_g (a constant NaN-free 0 for a group absent from the batch).
std::vector<Var> smoothed_group_accuracies(const Var& logits, const Tensor& y, const Tensor& s, Index groups,
                                           double temperature);

/// P above for logits [b] (or [b, 1]). @throws parity::Error on mismatched shapes, G < 2, a
/// label other than 0/1, a group id outside [0, G), T <= 0, or a missing dense_logits for
/// Degradation.
Var fairness_penalty(const Var& logits, const PenaltyBatch& batch, FairnessNotion notion,
                     double temperature = 1.0);

}  // namespace parity::prune
