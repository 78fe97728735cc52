// Schema: the declarative description of how a RawTable becomes a Dataset. It names the feature
// columns (numeric or categorical), how the label and the sensitive column map raw values to ids,
// row filters, and what counts as a missing value and what to do with it. Columns the schema does
// not name are dropped. select_rows() applies filters and the missing-value policy; map_values()
// turns a column into ids. Fitting the feature encoding is preprocess.h's job.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/csv.h"

namespace parity::data {

/// The whole of `text` as a finite decimal number ("1e3", "-0.5"); nullopt otherwise.
std::optional<double> parse_number(std::string_view text);

enum class FeatureKind {
  Numeric,     ///< standardised with training mean and standard deviation
  Categorical  ///< one-hot over the categories seen in training
};

struct Feature {
  ColumnRef column;
  FeatureKind kind = FeatureKind::Numeric;
};

inline Feature numeric(ColumnRef column) { return {std::move(column), FeatureKind::Numeric}; }
inline Feature categorical(ColumnRef column) { return {std::move(column), FeatureKind::Categorical}; }

/// Maps the raw values of one column to ids 0..K-1 (classes or groups), in one of two forms:
///   value lists:  raw value in values[k] -> k (every other value is an error);
///   threshold:    number x -> 1 if x > threshold, else 0 (K = 2; a non-number is an error).
struct ValueMap {
  ColumnRef column;
  /// names[k] names id k.
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> values;
  std::optional<double> threshold;

  static ValueMap by_values(ColumnRef column, std::vector<std::string> names,
                            std::vector<std::vector<std::string>> values);
  static ValueMap above(ColumnRef column, double threshold, std::string at_most_name, std::string above_name);
  Index num_ids() const { return static_cast<Index>(names.size()); }
  /// Throws naming `caller` unless the map is well formed: K >= 1 names, one value list per name
  /// and no value in two lists (value-list form), or exactly two names (threshold form).
  void validate(const char* caller) const;
};

/// A row filter; rows that fail it are removed before anything else and counted per filter.
struct RowFilter {
  enum class Kind {
    OneOf,   ///< keep rows whose value is one of `values`
    NoneOf,  ///< keep rows whose value is none of `values`
    InRange  ///< keep rows whose value is a number in [lo, hi]; a missing value fails
  };
  ColumnRef column;
  Kind kind = Kind::OneOf;
  std::vector<std::string> values;
  double lo = 0.0;
  double hi = 0.0;

  static RowFilter one_of(ColumnRef column, std::vector<std::string> values);
  static RowFilter none_of(ColumnRef column, std::vector<std::string> values);
  static RowFilter in_range(ColumnRef column, double lo, double hi);
  /// "race one of {African-American, Caucasian}", "days_b_screening_arrest in [-30, 30]".
  std::string describe() const;
};

enum class MissingPolicy {
  DropRow,  ///< drop rows with a missing value (counted in TableReport::dropped_missing)
  Fail      ///< throw, naming file, line and column
};

struct Schema {
  std::vector<Feature> features;
  ValueMap label;
  ValueMap sensitive;
  std::vector<RowFilter> filters;
  /// Cells equal to one of these are missing.
  std::vector<std::string> missing_values{"?", ""};
  MissingPolicy missing_policy = MissingPolicy::DropRow;
  /// False: only the columns the schema uses (features, label, sensitive) are checked for missing
  /// values. True: every column is (the convention for UCI Adult).
  bool missing_in_any_column = false;

  bool is_missing(std::string_view cell) const;
};

struct FilterCount {
  std::string filter;
  Index removed = 0;
};

/// What happened to the rows of one table.
struct TableReport {
  std::string source;
  Index rows_read = 0;
  /// Rows removed by each filter, in schema order (a row is counted by the first filter it fails).
  std::vector<FilterCount> filtered;
  Index dropped_missing = 0;
  Index rows_kept = 0;
};

struct RowSelection {
  /// Indices of the kept rows of the table, ascending.
  std::vector<Index> rows;
  TableReport report;
};

/// Applies the schema's filters, then its missing-value policy. Throws naming file, line and
/// column for a non-number under an InRange filter and, under MissingPolicy::Fail, for a missing
/// value; also when a column does not exist.
RowSelection select_rows(const RawTable& table, const Schema& schema);

/// The ids of `rows` under `map`. Throws naming file, line and column for a value outside the
/// value lists, a non-number in threshold form, or a missing value.
std::vector<Index> map_values(const RawTable& table, std::span<const Index> rows, const ValueMap& map);

}  // namespace parity::data
