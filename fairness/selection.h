// Model selection over a set of training runs (e.g. a sweep of eta or of the slack), each
// summarised by its validation accuracy and one validation fairness gap.
//
// NVP (the "novel validation procedure" of Donini et al. 2018, used by the FairALM paper): take
// the best validation accuracy A; among the runs with validation accuracy >= factor * A (the
// multiplicative reading of "within 90 %" with factor 0.9), pick the lowest validation gap; ties
// go to the higher accuracy, then to the lower index. Runs whose gap is undefined are not
// candidates.
//
// Pareto front: the runs not dominated in (accuracy up, gap down), where j dominates i when
// acc_j >= acc_i and gap_j <= gap_i with at least one strict; runs with an undefined gap are left
// out. Returned by decreasing accuracy (ties: by index).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "fairness/constrained_trainer.h"
#include "fairness/gaps.h"

namespace parity::fairness {

struct RunSummary {
  double accuracy = 0.0;
  std::optional<double> gap;  ///< std::nullopt when undefined
};

/// The validation accuracy and validation `gap` of a record of ConstrainedTrainer::fit() with a
/// validation set (typically the last epoch).
/// @throws parity::Error when the record has no validation report.
RunSummary validation_summary(const ConstrainedEpochRecord& record, Gap gap);

/// The index of the run NVP selects. @throws parity::Error when runs is empty, factor is not in
/// (0, 1], an accuracy is not finite, or no candidate has a defined gap.
std::size_t select_nvp(std::span<const RunSummary> runs, double factor = 0.9);

/// The indices of the non-dominated runs, by decreasing accuracy.
std::vector<std::size_t> pareto_front(std::span<const RunSummary> runs);

}  // namespace parity::fairness
