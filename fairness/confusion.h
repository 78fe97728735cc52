// Per-group confusion matrices of a binary classifier and the rates read from them.
// For labels y, predictions yhat (both 0/1) and group ids s, group g's cells count the rows
// with s = g: TN = #{y=0, yhat=0}, FP = #{y=0, yhat=1}, FN = #{y=1, yhat=0}, TP = #{y=1, yhat=1}.
// Every rate is a ratio of two counts; a zero denominator (an empty cell) makes it undefined
// (Rate::defined() is false), never NaN.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "tensor/tensor.h"

namespace parity::fairness {

/// A ratio of counts. Undefined when the denominator is zero.
struct Rate {
  Index numerator = 0;
  Index denominator = 0;

  bool defined() const { return denominator > 0; }
  /// numerator / denominator; throws parity::Error when the rate is undefined.
  double value() const;
  /// The value, or std::nullopt when undefined.
  std::optional<double> to_optional() const;
};

/// The four cells of a binary confusion matrix.
struct Confusion {
  Index tn = 0;
  Index fp = 0;
  Index fn = 0;
  Index tp = 0;

  Index count() const { return tn + fp + fn + tp; }
  Index positives() const { return tp + fn; }            ///< #{y = 1}
  Index negatives() const { return tn + fp; }            ///< #{y = 0}
  Index predicted_positives() const { return tp + fp; }  ///< #{yhat = 1}
  Index predicted_negatives() const { return tn + fn; }  ///< #{yhat = 0}

  Confusion& operator+=(const Confusion& other);
  friend bool operator==(const Confusion&, const Confusion&) = default;
};

/// The rates of one group, each a conditional probability given s = g.
enum class RateKind {
  SelectionRate,            ///< P(yhat=1)       = (TP + FP) / n
  TruePositiveRate,         ///< P(yhat=1 | y=1) = TP / (TP + FN)
  FalsePositiveRate,        ///< P(yhat=1 | y=0) = FP / (FP + TN)
  PositivePredictiveValue,  ///< P(y=1 | yhat=1) = TP / (TP + FP)
  NegativePredictiveValue,  ///< P(y=0 | yhat=0) = TN / (TN + FN)
  FalseOmissionRate,        ///< P(y=1 | yhat=0) = FN / (TN + FN) = 1 - NPV
  Accuracy,                 ///< P(yhat = y)     = (TP + TN) / n
};

/// Every RateKind, in declaration order.
inline constexpr RateKind kAllRates[] = {RateKind::SelectionRate,
                                         RateKind::TruePositiveRate,
                                         RateKind::FalsePositiveRate,
                                         RateKind::PositivePredictiveValue,
                                         RateKind::NegativePredictiveValue,
                                         RateKind::FalseOmissionRate,
                                         RateKind::Accuracy};

/// The rate `kind` of one confusion matrix, as its two counts.
Rate rate(const Confusion& c, RateKind kind);
/// snake_case name of a rate, e.g. "true_positive_rate".
const char* rate_name(RateKind kind);

/// Largest accepted number of groups: a guard against passing a feature column as s.
inline constexpr int kMaxGroups = 1 << 20;

/// Confusion matrix of every group g = 0..G-1 (index g of the result).
/// y, y_hat, s: tensors of shape [n] or [n,1] with n >= 1; y and y_hat hold 0 or 1, s holds
/// non-negative integer group ids. G = num_groups when that is positive (every id must be
/// below it), else max(s) + 1; G <= kMaxGroups. An id in 0..G-1 with no rows gets an all-zero
/// matrix (all its rates undefined).
/// @throws parity::Error on undefined tensors, other shapes, different lengths (both shown),
/// empty input, a label or prediction other than 0/1 or a bad group id (index and value shown).
std::vector<Confusion> group_confusions(const Tensor& y, const Tensor& y_hat, const Tensor& s,
                                        int num_groups = 0);

/// The pooled confusion matrix of all groups (the overall one).
Confusion total(std::span<const Confusion> groups);

}  // namespace parity::fairness
