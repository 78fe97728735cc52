// The stratified percentile bootstrap of metrics_bootstrap.h.
#include "metrics_bootstrap.h"

#include <algorithm>
#include <cmath>

#include "tensor/check.h"
#include "tensor/random.h"

namespace parity::cli {
namespace {

constexpr const char* kCaller = "bootstrap_intervals(): ";

// The cell of one row: 0 TN, 1 FP, 2 FN, 3 TP.
unsigned char cell_of(double y, double y_hat) {
  return static_cast<unsigned char>(2 * (y != 0.0) + (y_hat != 0.0));
}

void add_cell(fairness::Confusion& c, unsigned char cell) {
  Index* cells[] = {&c.tn, &c.fp, &c.fn, &c.tp};
  ++*cells[cell];
}

// Resampled values of one statistic, and how often it was undefined.
struct Samples {
  std::vector<double> values;
  Index undefined = 0;

  void add(const std::optional<double>& value) {
    if (value) {
      values.push_back(*value);
    } else {
      ++undefined;
    }
  }
};

// Linear interpolation between the order statistics of sorted `x` at probability p.
double quantile(const std::vector<double>& x, double p) {
  const double h = static_cast<double>(x.size() - 1) * p;
  const auto k = static_cast<std::size_t>(std::floor(h));
  if (k + 1 >= x.size()) return x.back();
  return x[k] + (h - static_cast<double>(k)) * (x[k + 1] - x[k]);
}

Interval interval_of(Samples& samples, double confidence) {
  Interval out;
  out.undefined = samples.undefined;
  if (samples.values.empty()) return out;
  std::sort(samples.values.begin(), samples.values.end());
  out.low = quantile(samples.values, (1.0 - confidence) / 2.0);
  out.high = quantile(samples.values, (1.0 + confidence) / 2.0);
  return out;
}

void add_rates(std::span<Samples> samples, const fairness::Confusion& c) {
  for (std::size_t k = 0; k < kRateCount; ++k)
    samples[k].add(fairness::rate(c, fairness::kAllRates[k]).to_optional());
}

RateIntervals rate_intervals(std::span<Samples> samples, double confidence) {
  RateIntervals out;
  for (std::size_t k = 0; k < kRateCount; ++k) out[k] = interval_of(samples[k], confidence);
  return out;
}

}  // namespace

BootstrapIntervals bootstrap_intervals(std::span<const Index> group, std::span<const double> y_true,
                                       std::span<const double> y_pred, Index num_groups,
                                       const BootstrapOptions& options) {
  PARITY_CHECK(options.resamples > 0, kCaller, "the number of resamples must be positive, got ",
               options.resamples);
  PARITY_CHECK(options.confidence > 0.0 && options.confidence < 1.0, kCaller,
               "confidence must be in (0, 1), got ", options.confidence);
  PARITY_CHECK(num_groups >= 2, kCaller, "need at least two groups, got ", num_groups);
  PARITY_CHECK(y_true.size() == group.size() && y_pred.size() == group.size(), kCaller, group.size(),
               " groups, ", y_true.size(), " labels and ", y_pred.size(), " predictions");

  // cells[g]: the cells of group g's rows, in row order.
  std::vector<std::vector<unsigned char>> cells(static_cast<std::size_t>(num_groups));
  for (std::size_t i = 0; i < group.size(); ++i) {
    PARITY_CHECK(group[i] >= 0 && group[i] < num_groups, kCaller, "group[", i, "] = ", group[i],
                 " is outside [0, ", num_groups, ")");
    cells[static_cast<std::size_t>(group[i])].push_back(cell_of(y_true[i], y_pred[i]));
  }
  for (std::size_t g = 0; g < cells.size(); ++g)
    PARITY_CHECK(!cells[g].empty(), kCaller, "group ", g, " has no rows");

  const std::size_t G = cells.size();
  std::vector<Samples> group_samples(G * kRateCount);
  std::vector<Samples> overall_samples(kRateCount);
  std::vector<Samples> gap_samples(fairness::kGapCount);
  Rng rng(options.seed);
  std::vector<fairness::Confusion> resample(G);
  for (int b = 0; b < options.resamples; ++b) {
    for (std::size_t g = 0; g < G; ++g) {
      resample[g] = {};
      const auto n = static_cast<Index>(cells[g].size());
      for (Index draw = 0; draw < n; ++draw)
        add_cell(resample[g], cells[g][static_cast<std::size_t>(rng.below(n))]);
      add_rates(std::span(group_samples).subspan(g * kRateCount, kRateCount), resample[g]);
    }
    add_rates(overall_samples, fairness::total(resample));
    for (std::size_t i = 0; i < fairness::kGapCount; ++i)
      gap_samples[i].add(fairness::kGaps[i].compute(resample).value);
  }

  BootstrapIntervals out;
  out.options = options;
  for (std::size_t g = 0; g < G; ++g) {
    out.groups.push_back(
        rate_intervals(std::span(group_samples).subspan(g * kRateCount, kRateCount), options.confidence));
  }
  out.overall = rate_intervals(overall_samples, options.confidence);
  for (std::size_t i = 0; i < fairness::kGapCount; ++i)
    out.gaps[i] = interval_of(gap_samples[i], options.confidence);
  return out;
}

}  // namespace parity::cli
