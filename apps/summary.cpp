#include "summary.h"

#include <algorithm>
#include <cmath>

#include "output.h"

namespace parity::cli {

std::optional<Summary> summarise(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  Summary s;
  for (double v : values) s.mean += v / static_cast<double>(n);
  s.median = n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
  s.min = values.front();
  s.max = values.back();
  for (double v : values) s.sd += (v - s.mean) * (v - s.mean);
  s.sd = n > 1 ? std::sqrt(s.sd / static_cast<double>(n - 1)) : 0.0;
  return s;
}

std::string median_range(const std::optional<Summary>& s, int precision) {
  if (!s) return "undef";
  return fixed(s->median, precision) + " [" + fixed(s->min, precision) + ", " + fixed(s->max, precision) + "]";
}

std::string median_of(const std::optional<Summary>& s, int precision) {
  return s ? fixed(s->median, precision) : "undef";
}

nlohmann::json summary_json(const std::optional<Summary>& s) {
  if (!s) return nullptr;
  return {{"mean", s->mean}, {"median", s->median}, {"min", s->min}, {"max", s->max}, {"sd", s->sd}};
}

}  // namespace parity::cli
