// Statlog German credit (german.data; Hofmann 1994): 1,000 rows of 20 attributes and the class,
// separated by single spaces, no header. Label and group mappings as in AIF360's GermanDataset:
//   - label 1 = good credit risk (class 1; 700 rows), 0 = bad (class 2; 300 rows);
//   - sensitive sex from personal_status: A92 and A95 (german.doc: female) -> female 0, A91,
//     A93, A94 -> male 1 (A95 does not occur, so this is "A92 female, others male": 310 / 690);
//     or age: age <= 25 -> 0, age > 25 -> 1 (810 rows);
//   - the 13 qualitative attributes one-hot, the 7 numerical ones (duration, credit_amount,
//     installment_rate, residence_since, age, existing_credits, num_dependents) standardised;
//     the sensitive source column (personal_status, resp. age) only when sensitive_as_feature;
//   - no official test split: stratified split by (y, s) with `fractions` and `seed`.
// Column names follow the attribute descriptions of german.doc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/tabular.h"

namespace parity::data {

enum class GermanSensitive { Sex, Age };

struct GermanOptions {
  GermanSensitive sensitive = GermanSensitive::Sex;
  bool sensitive_as_feature = false;
  SplitFractions fractions{};
  std::uint64_t seed = 0;
};

/// The 21 column names given to german.data (attributes 1-20, then "class").
const std::vector<std::string>& german_columns();
/// Space-separated, no header (german_columns()).
CsvOptions german_csv_options();
Schema german_schema(const GermanOptions& options = {});
/// Reads german.data.
TabularData load_german(const std::filesystem::path& file, const GermanOptions& options = {});

}  // namespace parity::data
