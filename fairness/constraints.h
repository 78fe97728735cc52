// Fairness constraints on the group rates of a binary classifier with one logit z (class 1 when
// z > 0). A rate of group g is the mean of an event's indicator over the rows of g in some label
// cells, e.g. TPR_g = mean{ 1[yhat_i = 1] : y_i = 1, s_i = g }. A constraint compares two such
// rates of the same event and cells,
//   c = r_a - r_b,   r_b the rate of a second group (pairwise) or of all groups together,
// and asks |c| <= slack (slack = 0: the equality c = 0). The kinds:
//   equal-opportunity    event yhat = 1 on cells y = 1 (TPR gap, FairALM's DEO)
//   false-positive-rate  event yhat = 1 on cells y = 0 (FPR gap)
//   equalized-odds       both of the above
//   demographic-parity   event yhat = 1 on all rows   (selection-rate gap)
//   accuracy-parity      event yhat = y on all rows   (accuracy gap)
// For G >= 2 groups a kind gives one constraint per group (r_g - r_all, g = 0..G-1) or one per
// pair (r_g - r_h, g < h). Training replaces the indicator by a surrogate (fairness/surrogates.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tensor/tensor.h"

namespace parity::fairness {

enum class ConstraintKind { EqualOpportunity, FalsePositiveRate, EqualizedOdds, DemographicParity, AccuracyParity };
enum class Comparison { GroupVsAll, Pairwise };

/// The event whose indicator a rate averages.
enum class Event {
  PositivePrediction,  ///< 1[yhat = 1]
  CorrectPrediction,   ///< 1[yhat = y]
};

/// Group id standing for "all groups together" in RateConstraint::group_b.
inline constexpr int kAllGroups = -1;
/// Label standing for "any label" in RateConstraint::label.
inline constexpr int kAnyLabel = -1;

/// c = r_a - r_b with r_g = mean of the event's indicator over { i : s_i = g, y_i = label }
/// (label = kAnyLabel: all rows of g; group_b = kAllGroups: all rows with y_i = label).
struct RateConstraint {
  std::string name;  ///< e.g. "tpr[0]-tpr[1]", "selection[2]-selection[all]"
  Event event = Event::PositivePrediction;
  int label = kAnyLabel;
  int group_a = 0;
  int group_b = kAllGroups;
  double slack = 0.0;  ///< |c| <= slack
};

struct ConstraintOptions {
  ConstraintKind kind = ConstraintKind::EqualOpportunity;
  /// Pairwise gives, for two groups, the one constraint r_0 - r_1 of the FairALM paper.
  Comparison comparison = Comparison::Pairwise;
  /// eps >= 0 of |c| <= eps, the same for every constraint (0: equalities).
  double slack = 0.0;
};

/// The constraints of one training run, for groups 0..num_groups-1.
struct ConstraintSet {
  std::vector<RateConstraint> constraints;
  int num_groups = 0;

  std::size_t size() const { return constraints.size(); }
  /// The constraints' names, in order.
  std::vector<std::string> names() const;
};

/// The constraints of `options` for `num_groups` groups: per rate of the kind (equalized odds has
/// two, TPR first), one per group g = 0..G-1 (GroupVsAll) or one per pair g < h (Pairwise).
/// @throws parity::Error for num_groups < 2 or a negative or non-finite slack.
ConstraintSet make_constraints(const ConstraintOptions& options, int num_groups);

/// "equal-opportunity", "false-positive-rate", "equalized-odds", "demographic-parity", "accuracy-parity".
const char* constraint_kind_name(ConstraintKind kind);
/// The kind named `name`. @throws parity::Error naming the argument and listing the known names.
ConstraintKind parse_constraint_kind(std::string_view name);
/// "group-vs-all" or "pairwise".
const char* comparison_name(Comparison comparison);
/// @throws parity::Error naming the argument and listing the known names.
Comparison parse_comparison(std::string_view name);

/// The rows of a rate: { i : s_i = group, y_i = label }, with kAllGroups and kAnyLabel as
/// wildcards. y and s are [n] label and group ids.
std::vector<Index> rate_rows(const Tensor& y, const Tensor& s, int label, int group);

}  // namespace parity::fairness
