// From raw tables to train / validation / test Datasets: select rows (filters, missing values),
// map labels and groups, split stratified by (y, s), fit the Preprocessor on the training part
// only, and encode every part with it. The LoadReport says what happened to the rows.
#pragma once

#include <iosfwd>
#include <vector>

#include "data/preprocess.h"
#include "data/split.h"

namespace parity::data {

struct LoadReport {
  /// One entry per table read (train table first).
  std::vector<TableReport> tables;
  /// Categories of the validation and test parts that training did not see.
  TransformReport validation;
  TransformReport test;
};

/// Prints one line per table (rows read, removed by each filter, dropped for missing values,
/// kept) and the unseen-category counts.
std::ostream& operator<<(std::ostream& out, const LoadReport& report);

struct TabularData {
  Dataset train;
  Dataset validation;
  Dataset test;
  /// The encoding fitted on `train`.
  Preprocessor preprocessor;
  LoadReport report;
};

/// A table without an official test split: its selected rows are split by `fractions`
/// (stratified_split_indices with `rng`).
TabularData load_split(const RawTable& table, const Schema& schema, const SplitFractions& fractions, Rng& rng);

/// An official train / test pair: a stratified `validation_fraction` of the selected training
/// rows becomes the validation part (none when 0), the test table is the test part.
TabularData load_train_test(const RawTable& train, const RawTable& test, const Schema& schema,
                            double validation_fraction, Rng& rng);

}  // namespace parity::data
