// Counting the per-group confusion cells with input validation, and the rates as count ratios.
#include "fairness/confusion.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "tensor/check.h"

namespace parity::fairness {
namespace {

constexpr const char* kCaller = "group_confusions(): ";

// Shortest text that reads back as x, so 0.9999999 is not shown as "1".
std::string exact(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), x);
  return std::string(buffer, result.ptr);
}

// The n values of a tensor of shape [n] or [n,1].
std::span<const double> column(const Tensor& t, const char* name) {
  check_defined(t, "group_confusions()", name);
  const Shape& shape = t.shape();
  const bool is_column = shape.rank() == 1 || (shape.rank() == 2 && shape[1] == 1);
  PARITY_CHECK(is_column, kCaller, name, " must have shape [n] or [n,1], got ", shape);
  return {t.data(), static_cast<std::size_t>(t.numel())};
}

void check_binary(std::span<const double> values, const char* name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    PARITY_CHECK(values[i] == 0.0 || values[i] == 1.0, kCaller, name, "[", i, "] = ", exact(values[i]),
                 " is not 0 or 1");
  }
}

// G: num_groups when positive, else max(s) + 1, after checking every id.
int group_count(std::span<const double> s, int num_groups) {
  PARITY_CHECK(num_groups >= 0 && num_groups <= kMaxGroups, kCaller, "num_groups = ", num_groups,
               " is outside [0, ", kMaxGroups, "] (0 means max(s) + 1)");
  double largest = 0.0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double id = s[i];
    // NaN fails both comparisons; +inf is caught by the upper bounds below.
    PARITY_CHECK(id >= 0.0 && id == std::floor(id), kCaller, "s[", i, "] = ", exact(id),
                 " is not a non-negative integer group id");
    if (num_groups > 0) {
      PARITY_CHECK(id < num_groups, kCaller, "s[", i, "] = ", exact(id),
                   " is not below num_groups = ", num_groups);
    } else {
      PARITY_CHECK(id < kMaxGroups, kCaller, "s[", i, "] = ", exact(id),
                   " exceeds the largest accepted group id ", kMaxGroups - 1);
    }
    largest = std::max(largest, id);
  }
  return num_groups > 0 ? num_groups : static_cast<int>(largest) + 1;
}

}  // namespace

double Rate::value() const {
  PARITY_CHECK(defined(), "Rate::value(): the rate ", numerator, "/", denominator,
               " is undefined (empty cell)");
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::optional<double> Rate::to_optional() const {
  if (!defined()) return std::nullopt;
  return value();
}

Confusion& Confusion::operator+=(const Confusion& other) {
  tn += other.tn;
  fp += other.fp;
  fn += other.fn;
  tp += other.tp;
  return *this;
}

Rate rate(const Confusion& c, RateKind kind) {
  switch (kind) {
    case RateKind::SelectionRate:
      return {c.predicted_positives(), c.count()};
    case RateKind::TruePositiveRate:
      return {c.tp, c.positives()};
    case RateKind::FalsePositiveRate:
      return {c.fp, c.negatives()};
    case RateKind::PositivePredictiveValue:
      return {c.tp, c.predicted_positives()};
    case RateKind::NegativePredictiveValue:
      return {c.tn, c.predicted_negatives()};
    case RateKind::FalseOmissionRate:
      return {c.fn, c.predicted_negatives()};
    case RateKind::Accuracy:
      return {c.tp + c.tn, c.count()};
  }
  PARITY_CHECK(false, "rate(): unknown RateKind ", static_cast<int>(kind));
  return {};
}

const char* rate_name(RateKind kind) {
  switch (kind) {
    case RateKind::SelectionRate:
      return "selection_rate";
    case RateKind::TruePositiveRate:
      return "true_positive_rate";
    case RateKind::FalsePositiveRate:
      return "false_positive_rate";
    case RateKind::PositivePredictiveValue:
      return "positive_predictive_value";
    case RateKind::NegativePredictiveValue:
      return "negative_predictive_value";
    case RateKind::FalseOmissionRate:
      return "false_omission_rate";
    case RateKind::Accuracy:
      return "accuracy";
  }
  PARITY_CHECK(false, "rate_name(): unknown RateKind ", static_cast<int>(kind));
  return "";
}

std::vector<Confusion> group_confusions(const Tensor& y, const Tensor& y_hat, const Tensor& s,
                                        int num_groups) {
  const std::span<const double> labels = column(y, "y");
  const std::span<const double> predictions = column(y_hat, "y_hat");
  const std::span<const double> ids = column(s, "s");
  PARITY_CHECK(labels.size() == predictions.size(), kCaller, "y and y_hat lengths differ: ", labels.size(),
               " vs ", predictions.size());
  PARITY_CHECK(labels.size() == ids.size(), kCaller, "y and s lengths differ: ", labels.size(), " vs ",
               ids.size());
  PARITY_CHECK(!labels.empty(), kCaller, "empty input (n = 0)");
  check_binary(labels, "y");
  check_binary(predictions, "y_hat");
  std::vector<Confusion> groups(static_cast<std::size_t>(group_count(ids, num_groups)));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    Confusion& c = groups[static_cast<std::size_t>(ids[i])];
    const bool positive = labels[i] == 1.0;
    const bool predicted_positive = predictions[i] == 1.0;
    if (positive) {
      ++(predicted_positive ? c.tp : c.fn);
    } else {
      ++(predicted_positive ? c.fp : c.tn);
    }
  }
  return groups;
}

Confusion total(std::span<const Confusion> groups) {
  Confusion sum;
  for (const Confusion& c : groups) sum += c;
  return sum;
}

}  // namespace parity::fairness
