// The ROC curve and its area for scores of a binary classifier. For labels y (0/1) and scores
// t, predicting 1 when t >= c gives at each threshold c the rates FPR(c) = #{y=0, t>=c} / N and
// TPR(c) = #{y=1, t>=c} / P. The curve joins (0, 0), the points at every distinct score from
// the highest down, and (1, 1); tied scores move both rates in one step. Its area (trapezoids)
// equals the Mann-Whitney statistic
//
//   AUC = (#{(i, j): y_i = 1, y_j = 0, t_i > t_j} + 1/2 #{... t_i = t_j}) / (P N),
//
// the probability that a random positive outscores a random negative (ties count half).
// With no positive or no negative rows the curve and the area are undefined.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace parity::fairness {

struct RocPoint {
  double threshold;  ///< predict 1 when the score is >= threshold
  double fpr;
  double tpr;
};

struct Roc {
  /// From the highest threshold down; empty when undefined. The end points (0, 0) and (1, 1)
  /// are implied.
  std::vector<RocPoint> points;
  std::optional<double> auc;  ///< std::nullopt without positives or without negatives
};

/// The ROC of `scores` against `labels` (same length, labels 0 or 1, scores finite).
/// @throws parity::Error on different lengths, a label other than 0/1 or a non-finite score.
Roc roc_curve(std::span<const double> labels, std::span<const double> scores);

}  // namespace parity::fairness
