// ProPublica COMPAS two-year recidivism (compas-scores-two-years.csv; Angwin et al. 2016).
//   - ProPublica's filter: days_b_screening_arrest in [-30, 30] (an empty value fails),
//     is_recid != -1, c_charge_degree != "O", score_text != "N/A": 6,172 of 7,214 rows;
//   - label y = two_year_recid (1 = re-offended within two years; 2,809 of the 6,172);
//   - sensitive race: only African-American (group 0) and Caucasian (group 1) rows are kept
//     (5,278 rows; the removed count is in the report); sensitive sex: Male 0 / Female 1, all
//     rows (AIF360's convention: the privileged group is Caucasian, resp. Female);
//   - features: sex, age_cat, c_charge_degree one-hot; age, juv_fel_count, juv_misd_count,
//     juv_other_count, priors_count standardised. Neither the COMPAS scores (decile_score,
//     score_text) nor race are features; the sensitive column only when sensitive_as_feature.
//   - no official test split: stratified split by (y, s) with `fractions` and `seed`.
// The file names decile_score and priors_count twice; the duplicates are identical, so they are
// addressed by name.
#pragma once

#include <cstdint>
#include <filesystem>

#include "data/tabular.h"

namespace parity::data {

enum class CompasSensitive { Race, Sex };

struct CompasOptions {
  CompasSensitive sensitive = CompasSensitive::Race;
  bool sensitive_as_feature = false;
  SplitFractions fractions{};
  std::uint64_t seed = 0;
};

Schema compas_schema(const CompasOptions& options = {});
/// Reads compas-scores-two-years.csv. With race: 5,278 rows over the parts, X [*, 12].
TabularData load_compas(const std::filesystem::path& file, const CompasOptions& options = {});

}  // namespace parity::data
