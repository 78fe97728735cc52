// Preprocessor: the feature encoding of a Schema, fitted on training rows and then applied to any
// rows (of the same table or of another table with the same columns, such as adult.test):
//   numeric      x -> (x - mean) / scale, with the mean and the population standard deviation
//                (divisor n) of the training rows; scale = std, or 1 for a constant column, which
//                therefore encodes as 0 instead of NaN. Training columns get mean 0 and std 1.
//   categorical  one 0/1 column per category seen in training, in sorted order, named
//                "column=value"; a value not seen in training encodes as all zeros and is counted.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/schema.h"

namespace parity::data {

struct UnseenCategory {
  std::string column;
  std::string value;
  Index count = 0;
};

struct TransformReport {
  /// Test-time categories absent from training, sorted by column and value.
  std::vector<UnseenCategory> unseen;
  /// Sum of the counts of `unseen`.
  Index unseen_total() const;
};

/// The fitted encoding of one feature column.
struct ColumnEncoding {
  ColumnRef column;
  /// The column's name in the training table.
  std::string name;
  FeatureKind kind = FeatureKind::Numeric;
  /// Numeric: x -> (x - mean) / scale.
  double mean = 0.0;
  double scale = 1.0;
  /// Categorical: the training categories, sorted; one output column each.
  std::vector<std::string> categories;
};

class Preprocessor {
 public:
  /// Fits the encoding on `rows` of `table`. Throws parity::Error, naming file, line and column,
  /// when a numeric cell is not a number or a cell is missing (select rows with select_rows()
  /// first); also when `rows` is empty, when a label or group is outside its mapping, or when a
  /// group of the sensitive mapping has no training row (e.g. a single value where two groups
  /// are needed).
  static Preprocessor fit(const RawTable& table, std::span<const Index> rows, const Schema& schema);

  /// Encodes `rows` of `table`: X [rows, d], y [rows], s [rows], with the names of features,
  /// classes and groups. Unseen categories are added to `report` when it is given. Throws as fit().
  Dataset transform(const RawTable& table, std::span<const Index> rows, TransformReport* report = nullptr) const;

  /// d, the width of X.
  Index num_features() const { return static_cast<Index>(feature_names_.size()); }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  const std::vector<ColumnEncoding>& encodings() const { return encodings_; }
  const Schema& schema() const { return schema_; }

 private:
  Schema schema_;
  std::vector<ColumnEncoding> encodings_;
  std::vector<std::string> feature_names_;
};

}  // namespace parity::data
