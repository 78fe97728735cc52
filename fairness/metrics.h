// Group fairness gaps from per-group confusion matrices (fairness/confusion.h), for any number
// of groups G >= 2. For a rate r_g of group g:
//   difference = max_g r_g - min_g r_g        ratio = min_g r_g / max_g r_g
// The three criteria of Fast & Fair (arXiv 2401.02012) are gaps of conditional rates:
//   independence  yhat _|_ s      : gap of P(yhat=1 | s)                  (selection rate)
//   separation    yhat _|_ s | y  : gaps of P(yhat=1 | y, s), y = 0 (FPR) and y = 1 (TPR)
//   sufficiency   y _|_ s | yhat  : gaps of P(y=1 | yhat, s), yhat = 0 (FOR = 1 - NPV), 1 (PPV)
//
// Undefined rates. A group whose rate is undefined (an empty cell, e.g. no positives for the
// TPR) is left out: the gap is taken over the groups that define the rate, and those left out
// are listed in Disparity::skipped_groups. A gap is undefined when fewer than two groups define
// the rate; a ratio is also undefined when max_g r_g = 0. Passing fewer than two groups at all
// is an input error (parity::Error naming the number of groups found).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "fairness/confusion.h"

namespace parity::fairness {

/// A gap (difference or ratio) of one rate across groups.
struct Disparity {
  std::optional<double> value;      ///< std::nullopt when undefined (see the rule above)
  int max_group = -1;               ///< group with the largest rate (lowest id on ties), or -1
  int min_group = -1;               ///< group with the smallest rate (lowest id on ties), or -1
  std::vector<int> skipped_groups;  ///< groups where the rate is undefined, ascending

  bool defined() const { return value.has_value(); }
};

/// max_g r_g - min_g r_g for the rate `kind` over the groups that define it.
Disparity rate_difference(std::span<const Confusion> groups, RateKind kind);
/// min_g r_g / max_g r_g for the rate `kind` over the groups that define it (undefined when the
/// largest rate is 0).
Disparity rate_ratio(std::span<const Confusion> groups, RateKind kind);

/// Fast & Fair's separation: yhat independent of s given y.
struct SeparationGaps {
  Disparity y0_fpr;  ///< y = 0: gap of P(yhat=1 | y=0, s) = FP / (FP + TN), the FPR gap
  Disparity y1_tpr;  ///< y = 1: gap of P(yhat=1 | y=1, s) = TP / (TP + FN), the TPR gap (DEO)
};

/// Fast & Fair's sufficiency: y independent of s given yhat.
struct SufficiencyGaps {
  Disparity yhat0_for;  ///< yhat = 0: gap of P(y=1 | yhat=0, s) = FN / (FN + TN) = 1 - NPV
  Disparity yhat1_ppv;  ///< yhat = 1: gap of P(y=1 | yhat=1, s) = TP / (TP + FP), the PPV gap
};

/// Fast & Fair independence: max_g P(yhat=1 | s=g) - min_g P(yhat=1 | s=g). The same number as
/// demographic_parity_difference.
Disparity independence_gap(std::span<const Confusion> groups);
/// Fast & Fair separation: the FPR gap (y = 0) and the TPR gap (y = 1).
SeparationGaps separation_gaps(std::span<const Confusion> groups);
/// Fast & Fair sufficiency: the false-omission-rate gap (yhat = 0) and the PPV gap (yhat = 1).
SufficiencyGaps sufficiency_gaps(std::span<const Confusion> groups);

/// Demographic (statistical) parity difference: max_g - min_g of P(yhat=1 | s=g)
/// (fairlearn's demographic_parity_difference).
Disparity demographic_parity_difference(std::span<const Confusion> groups);
/// Demographic parity ratio: min_g / max_g of P(yhat=1 | s=g) (the disparate-impact ratio;
/// fairlearn's demographic_parity_ratio).
Disparity demographic_parity_ratio(std::span<const Confusion> groups);
/// Equal-opportunity difference (Hardt, Price, Srebro 2016), called DEO in FairALM:
/// max_g - min_g of TPR_g = P(yhat=1 | y=1, s=g). Equals the FNR gap.
Disparity equal_opportunity_difference(std::span<const Confusion> groups);
/// Equalized-odds difference (Hardt, Price, Srebro 2016; fairlearn's equalized_odds_difference):
/// max(max_g TPR_g - min_g TPR_g, max_g FPR_g - min_g FPR_g). Defined only when both gaps are;
/// max_group and min_group are those of the larger gap (the TPR gap's on a tie), and
/// skipped_groups joins both lists.
Disparity equalized_odds_difference(std::span<const Confusion> groups);
/// False-positive-rate gap: max_g - min_g of FPR_g = P(yhat=1 | y=0, s=g) (separation, y = 0).
Disparity false_positive_rate_difference(std::span<const Confusion> groups);
/// Predictive-parity gap (Chouldechova 2017): max_g - min_g of PPV_g = P(y=1 | yhat=1, s=g).
Disparity predictive_parity_difference(std::span<const Confusion> groups);
/// False-omission-rate gap: max_g - min_g of FOR_g = P(y=1 | yhat=0, s=g) (sufficiency, yhat = 0).
Disparity false_omission_rate_difference(std::span<const Confusion> groups);
/// Accuracy-parity gap: max_g - min_g of P(yhat = y | s=g) (FairALM's code calls it "ddp").
Disparity accuracy_parity_difference(std::span<const Confusion> groups);

}  // namespace parity::fairness
