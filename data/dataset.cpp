// Dataset helpers: subsets by row gathering, per-class and per-group counts, validation.
#include "data/dataset.h"

#include <cmath>

#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::data {

namespace {

// The integer id stored in `t[i]` (validated beforehand).
std::size_t id_at(const Tensor& t, Index i) { return static_cast<std::size_t>(t.data()[i]); }

void check_ids(const Tensor& ids, Index count, const char* caller, const char* what) {
  for (Index i = 0; i < ids.numel(); ++i) {
    const double v = ids.data()[i];
    PARITY_CHECK(std::isfinite(v) && v == std::floor(v) && v >= 0 && v < static_cast<double>(count), caller,
                 ": ", what, "[", i, "] = ", v, " is not an id in [0, ", count, ")");
  }
}

}  // namespace

Index Dataset::num_features() const {
  check_defined(X, "Dataset::num_features()", "X");
  return X.dim() < 2 ? 0 : X.shape().slice(1, X.dim()).numel();
}

Dataset Dataset::subset(std::span<const Index> rows) const {
  check_defined(X, "Dataset::subset()", "X");
  Dataset out;
  out.X = gather_rows(X, rows);
  out.y = gather_rows(y, rows);
  out.s = gather_rows(s, rows);
  out.feature_names = feature_names;
  out.class_names = class_names;
  out.group_names = group_names;
  return out;
}

std::vector<Index> Dataset::class_counts() const {
  validate("Dataset::class_counts()");
  std::vector<Index> counts(class_names.size(), 0);
  for (Index i = 0; i < size(); ++i) ++counts[id_at(y, i)];
  return counts;
}

std::vector<Index> Dataset::group_counts() const {
  validate("Dataset::group_counts()");
  std::vector<Index> counts(group_names.size(), 0);
  for (Index i = 0; i < size(); ++i) ++counts[id_at(s, i)];
  return counts;
}

std::vector<std::vector<Index>> Dataset::class_group_counts() const {
  validate("Dataset::class_group_counts()");
  std::vector<std::vector<Index>> counts(class_names.size(), std::vector<Index>(group_names.size(), 0));
  for (Index i = 0; i < size(); ++i) ++counts[id_at(y, i)][id_at(s, i)];
  return counts;
}

void Dataset::validate(const char* caller) const {
  check_defined(X, caller, "X");
  check_defined(y, caller, "y");
  check_defined(s, caller, "s");
  PARITY_CHECK(X.dim() >= 2, caller, ": X must be [n, ...] with rank >= 2, got ", X.shape());
  const Index n = X.size(0);
  PARITY_CHECK(y.shape() == Shape{n}, caller, ": y has shape ", y.shape(), ", expected [", n, "]");
  PARITY_CHECK(s.shape() == Shape{n}, caller, ": s has shape ", s.shape(), ", expected [", n, "]");
  PARITY_CHECK(feature_names.empty() || static_cast<Index>(feature_names.size()) == num_features(), caller,
               ": ", feature_names.size(), " feature names for ", num_features(), " features");
  check_ids(y, num_classes(), caller, "y");
  check_ids(s, num_groups(), caller, "s");
  check_finite(X, caller, "X");
}

}  // namespace parity::data
