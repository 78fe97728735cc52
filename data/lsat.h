// Law School bar passage (LSAC National Longitudinal Bar Passage Study, Wightman 1998), in the
// bar_pass_prediction.csv version used by the TensorFlow Constrained Optimization and Fairness
// Indicators examples, with the common two-feature setup of fairness studies on this data:
//   - features lsat and ugpa (undergraduate GPA), standardised;
//   - label pass_bar (1 = passed; 21,238 of 22,407 rows);
//   - sensitive race1: non-white 0 (black, hisp, asian, other) / white 1; or gender: female 0 /
//     male 1;
//   - rows with a missing value (empty field) in a used column are dropped and counted: 16 for
//     race1, 5 for gender;
//   - no official test split: stratified split by (y, s) with `fractions` and `seed`.
#pragma once

#include <cstdint>
#include <filesystem>

#include "data/tabular.h"

namespace parity::data {

enum class LsatSensitive { Race, Gender };

struct LsatOptions {
  LsatSensitive sensitive = LsatSensitive::Race;
  SplitFractions fractions{};
  std::uint64_t seed = 0;
};

Schema lsat_schema(const LsatOptions& options = {});
/// Reads bar_pass_prediction.csv; X [*, 2].
TabularData load_lsat(const std::filesystem::path& file, const LsatOptions& options = {});

}  // namespace parity::data
