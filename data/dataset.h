// Dataset: features X, labels y and sensitive group ids s of n samples, with the names of the
// features, classes and groups. Labels are class indices 0..C-1 (0/1 for binary tasks), groups
// are 0..G-1; both are stored as float64 tensors so they enter losses and metrics directly.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "tensor/tensor.h"

namespace parity::data {

struct Dataset {
  /// [n, d] for tabular data ([n, 1, rows, cols] for images).
  Tensor X;
  /// [n], class index of each sample.
  Tensor y;
  /// [n], sensitive group id of each sample.
  Tensor s;
  /// d names (empty for images); one-hot columns are named "column=value".
  std::vector<std::string> feature_names;
  /// C names: class_names[k] names label k.
  std::vector<std::string> class_names;
  /// G names: group_names[g] names group id g.
  std::vector<std::string> group_names;

  /// Number of samples n.
  Index size() const { return X.defined() ? X.size(0) : 0; }
  /// Features per sample: the product of X's extents after the first.
  Index num_features() const;
  Index num_classes() const { return static_cast<Index>(class_names.size()); }
  Index num_groups() const { return static_cast<Index>(group_names.size()); }

  /// The samples rows[0], rows[1], ... (rows may repeat), with the same names.
  Dataset subset(std::span<const Index> rows) const;
  /// [C]: samples per class.
  std::vector<Index> class_counts() const;
  /// [G]: samples per group.
  std::vector<Index> group_counts() const;
  /// [C][G]: samples per (class, group) cell.
  std::vector<std::vector<Index>> class_group_counts() const;

  /// Throws parity::Error naming `caller` unless X has rank >= 2 and y, s have shape [n], every
  /// y is an integer in [0, C) and every s an integer in [0, G), X is finite, and feature_names
  /// is empty or has d entries.
  void validate(const char* caller) const;
};

}  // namespace parity::data
