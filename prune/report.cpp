#include "prune/report.h"

#include <algorithm>

#include "tensor/check.h"

namespace parity::prune {

namespace {

double accuracy_of(const fairness::Confusion& c) {
  return static_cast<double>(c.tn + c.tp) / static_cast<double>(c.count());
}

double spread(const std::vector<double>& v) {
  const auto [low, high] = std::minmax_element(v.begin(), v.end());
  return *high - *low;
}

}  // namespace

PrunedReport pruned_report(const Tensor& y, const Tensor& s, Index groups, const Tensor& dense,
                           const Tensor& pruned) {
  PARITY_CHECK(groups >= 2, "pruned_report(): needs at least 2 groups, got ", groups);
  const int g_count = static_cast<int>(groups);
  const std::vector<fairness::Confusion> d = fairness::group_confusions(y, dense, s, g_count);
  PrunedReport r;
  r.groups = fairness::group_confusions(y, pruned, s, g_count);
  for (int g = 0; g < g_count; ++g) {
    const auto& c = r.groups[static_cast<std::size_t>(g)];
    PARITY_CHECK(c.count() > 0, "pruned_report(): group ", g, " has no samples");
    r.group_accuracy.push_back(accuracy_of(c));
    r.dense_group_accuracy.push_back(accuracy_of(d[static_cast<std::size_t>(g)]));
    r.group_drop.push_back(r.dense_group_accuracy.back() - r.group_accuracy.back());
  }
  const fairness::Confusion all = fairness::total(r.groups);
  r.accuracy = accuracy_of(all);
  r.dense_accuracy = accuracy_of(fairness::total(d));
  r.performance_gap = spread(r.group_accuracy);
  r.degradation_gap = spread(r.group_drop);
  r.collapsed = all.predicted_positives() == 0 || all.predicted_negatives() == 0;
  return r;
}

}  // namespace parity::prune
