// UCI Adult (census income; Becker & Kohavi 1996): adult.data is the training file, adult.test
// the official test file. The usual preprocessing of fairness benchmarks (AIF360's AdultDataset
// also drops fnlwgt and the rows with '?', and names the same privileged groups):
//   - rows with a missing value ('?') in any column are dropped: 30,162 train / 15,060 test rows;
//   - label 1 = income >50K (7,508 of the 30,162 training rows); adult.test writes its labels
//     with a trailing dot (">50K.") and the map accepts both spellings;
//   - fnlwgt is dropped: it is a census sampling weight, not an attribute of the person;
//   - Full features: age, education-num, capital-gain, capital-loss, hours-per-week
//     standardised; workclass, education, marital-status, occupation, relationship, race, sex,
//     native-country one-hot. The sensitive column is left out unless sensitive_as_feature;
//   - Continuous features (the Fast & Fair variant, arXiv 2401.02012): only the five numeric
//     columns above (rows with '?' elsewhere are still dropped, so the rows are the same);
//   - groups: sex Female 0 / Male 1; race non-white 0 / White 1 (privileged group last); or race
//     as its five values, sorted: Amer-Indian-Eskimo 0, Asian-Pac-Islander 1, Black 2, Other 3,
//     White 4 (train 286 / 895 / 2,817 / 231 / 25,933 rows).
// The 103-feature set-up of many fairness papers is Full with sex and sensitive_as_feature.
// adult.test starts with the line "|1x3 Cross validator", skipped as a comment.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/tabular.h"

namespace parity::data {

/// Race: non-white / White; RaceGroups: the five race values as five groups.
enum class AdultSensitive { Sex, Race, RaceGroups };
enum class AdultFeatures { Full, Continuous };

struct AdultOptions {
  AdultSensitive sensitive = AdultSensitive::Sex;
  AdultFeatures features = AdultFeatures::Full;
  bool sensitive_as_feature = false;
  /// Stratified fraction of the training rows held out as validation (0: none).
  double validation_fraction = 0.0;
  /// Seeds the validation split.
  std::uint64_t seed = 0;
};

/// The 15 column names of adult.data / adult.test, as in adult.names.
const std::vector<std::string>& adult_columns();
/// Comma-separated, no header (adult_columns()), fields trimmed, '|' lines skipped.
CsvOptions adult_csv_options();
Schema adult_schema(const AdultOptions& options = {});
/// Reads adult.data and adult.test. Full variant with sex: train X [30162, 101], test X [15060, 101]
/// ([*, 103] with sensitive_as_feature).
TabularData load_adult(const std::filesystem::path& train_file, const std::filesystem::path& test_file,
                       const AdultOptions& options = {});

}  // namespace parity::data
