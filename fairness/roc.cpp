// The ROC curve by one sort of the scores, and its area by the trapezoid rule over the tied
// blocks (equal to the Mann-Whitney count with ties as halves).
#include "fairness/roc.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tensor/check.h"

namespace parity::fairness {

Roc roc_curve(std::span<const double> labels, std::span<const double> scores) {
  PARITY_CHECK(labels.size() == scores.size(), "roc_curve(): ", labels.size(), " labels for ", scores.size(),
               " scores");
  double positives = 0.0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    PARITY_CHECK(labels[i] == 0.0 || labels[i] == 1.0, "roc_curve(): labels[", i, "] = ", labels[i],
                 " is not 0 or 1");
    PARITY_CHECK(std::isfinite(scores[i]), "roc_curve(): scores[", i, "] = ", scores[i], " is not finite");
    positives += labels[i];
  }
  const double negatives = static_cast<double>(labels.size()) - positives;
  Roc out;
  if (positives == 0.0 || negatives == 0.0) return out;
  std::vector<std::size_t> order(labels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double tp = 0.0;
  double fp = 0.0;
  double area = 0.0;  // in units of P N
  for (std::size_t k = 0; k < order.size();) {
    const double threshold = scores[order[k]];
    const double tp_before = tp;
    const double fp_before = fp;
    for (; k < order.size() && scores[order[k]] == threshold; ++k) (labels[order[k]] == 1.0 ? tp : fp) += 1.0;
    area += (fp - fp_before) * 0.5 * (tp + tp_before);
    out.points.push_back({threshold, fp / negatives, tp / positives});
  }
  out.auc = area / (positives * negatives);
  return out;
}

}  // namespace parity::fairness
