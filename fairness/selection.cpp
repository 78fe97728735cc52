// NVP selection and the accuracy-gap Pareto front of a set of runs.
#include "fairness/selection.h"

#include <algorithm>
#include <cmath>

#include "tensor/check.h"

namespace parity::fairness {

RunSummary validation_summary(const ConstrainedEpochRecord& record, Gap gap) {
  PARITY_CHECK(record.validation_report.has_value() && record.validation_accuracy.has_value(),
               "validation_summary(): epoch ", record.epoch, " has no validation report (fit without validation set)");
  return {*record.validation_accuracy, record.validation_report->gap(gap).value};
}

std::size_t select_nvp(std::span<const RunSummary> runs, double factor) {
  PARITY_CHECK(!runs.empty(), "select_nvp(): no runs");
  PARITY_CHECK(factor > 0.0 && factor <= 1.0, "select_nvp(): factor must be in (0, 1], got ", factor);
  double best = -INFINITY;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    PARITY_CHECK(std::isfinite(runs[i].accuracy), "select_nvp(): run ", i, " has accuracy ", runs[i].accuracy);
    best = std::max(best, runs[i].accuracy);
  }
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunSummary& r = runs[i];
    if (r.accuracy < factor * best || !r.gap) continue;
    if (!chosen || *r.gap < *runs[*chosen].gap ||
        (*r.gap == *runs[*chosen].gap && r.accuracy > runs[*chosen].accuracy)) {
      chosen = i;
    }
  }
  PARITY_CHECK(chosen.has_value(), "select_nvp(): no run with accuracy >= ", factor, " * ", best,
               " has a defined gap");
  return *chosen;
}

std::vector<std::size_t> pareto_front(std::span<const RunSummary> runs) {
  auto dominates = [](const RunSummary& j, const RunSummary& i) {
    return j.accuracy >= i.accuracy && *j.gap <= *i.gap && (j.accuracy > i.accuracy || *j.gap < *i.gap);
  };
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].gap) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < runs.size() && !dominated; ++j) dominated = runs[j].gap && dominates(runs[j], runs[i]);
    if (!dominated) front.push_back(i);
  }
  std::stable_sort(front.begin(), front.end(),
                   [&](std::size_t a, std::size_t b) { return runs[a].accuracy > runs[b].accuracy; });
  return front;
}

}  // namespace parity::fairness
