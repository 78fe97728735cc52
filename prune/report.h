// The fairness of a pruned model against its dense original (BiFP, arXiv 2312.10181, Sec. 3.1),
// from hard predictions on one data part. With A_g the accuracy of group g:
//   performance fairness gap (Def. 1)   max_g A_g(pruned) - min_g A_g(pruned);
//   drop of group g (Def. 2)            R_g = A_g(dense) - A_g(pruned);
//   degradation fairness gap (Def. 3)   max_g R_g - min_g R_g.
// For two groups these are |A_0 - A_1| and |R_0 - R_1|. Note R_0 - R_1 equals the dense gap minus
// the pruned gap, so closing the gap and equal drops conflict when the dense model is unfair.
// The per-group confusion matrices are kept for every gap of fairness/metrics.h. A pruned model
// that predicts one class for every sample is collapsed: its gaps say nothing about fairness.
#pragma once

#include <vector>

#include "fairness/metrics.h"

namespace parity::prune {

struct PrunedReport {
  double accuracy = 0.0;                     ///< overall, pruned model
  double dense_accuracy = 0.0;               ///< overall, dense model
  std::vector<double> group_accuracy;        ///< A_g(pruned)
  std::vector<double> dense_group_accuracy;  ///< A_g(dense)
  std::vector<double> group_drop;            ///< R_g
  double performance_gap = 0.0;
  double degradation_gap = 0.0;
  bool collapsed = false;
  std::vector<fairness::Confusion> groups;  ///< the pruned model's, index = group id
};

/// The report of predictions `pruned` against `dense` (both [n], classes 0/1) for labels y and
/// groups s ([n]) with `groups` groups. @throws parity::Error on mismatched lengths, labels or
/// predictions other than 0/1, a bad group id, fewer than two groups, or a group without samples
/// (naming it).
PrunedReport pruned_report(const Tensor& y, const Tensor& s, Index groups, const Tensor& dense,
                           const Tensor& pruned);

}  // namespace parity::prune
