// Summaries of a quantity over seeds, as the tool's tables print them: the median with the range
// [min, max] (and the mean and sample standard deviation for the JSON).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace parity::cli {

struct Summary {
  double mean = 0.0, median = 0.0, min = 0.0, max = 0.0;
  double sd = 0.0;  ///< sample standard deviation (0 for one value)
};

/// std::nullopt for no values.
std::optional<Summary> summarise(std::vector<double> values);

/// "median [min, max]" with `precision` decimals, or "undef" for no values.
std::string median_range(const std::optional<Summary>& s, int precision);
/// The median alone, or "undef".
std::string median_of(const std::optional<Summary>& s, int precision);

/// {"mean", "median", "min", "max", "sd"}, or null.
nlohmann::json summary_json(const std::optional<Summary>& s);

}  // namespace parity::cli
