// Fitting and applying the feature encoding (standardisation and one-hot) of a Schema.
#include "data/preprocess.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "tensor/check.h"

namespace parity::data {

Index TransformReport::unseen_total() const {
  Index total = 0;
  for (const UnseenCategory& u : unseen) total += u.count;
  return total;
}

namespace {

const std::string& present_cell(const RawTable& table, Index row, Index column, const Schema& schema,
                                const char* caller) {
  const std::string& cell = table.cell(row, column);
  PARITY_CHECK(!schema.is_missing(cell), caller, ": ", table.where(row), ": ", table.describe_column(column),
               ": missing value '", cell, "' (select rows with select_rows() first)");
  return cell;
}

double number_cell(const RawTable& table, Index row, Index column, const Schema& schema, const char* caller) {
  const std::string& cell = present_cell(table, row, column, schema, caller);
  const std::optional<double> x = parse_number(cell);
  PARITY_CHECK(x.has_value(), caller, ": ", table.where(row), ": ", table.describe_column(column), ": '", cell,
               "' is not a number");
  return *x;
}

void check_rows(const RawTable& table, std::span<const Index> rows, const char* caller) {
  for (Index r : rows) {
    PARITY_CHECK(r >= 0 && r < table.num_rows(), caller, ": row ", r, " out of range for the ", table.num_rows(),
                 " rows of ", table.source);
  }
}

void fit_numeric(const RawTable& table, std::span<const Index> rows, Index column, const Schema& schema,
                 ColumnEncoding& enc) {
  std::vector<double> x;
  x.reserve(rows.size());
  for (Index r : rows) x.push_back(number_cell(table, r, column, schema, "Preprocessor::fit()"));
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  if (*lo == *hi) {  // constant: encode as exactly 0 rather than divide by a rounding-error std
    enc.mean = *lo;
    enc.scale = 1.0;
    return;
  }
  double sum = 0.0;
  for (double v : x) sum += v;
  enc.mean = sum / static_cast<double>(x.size());
  double squares = 0.0;
  for (double v : x) squares += (v - enc.mean) * (v - enc.mean);
  enc.scale = std::sqrt(squares / static_cast<double>(x.size()));
}

void fit_categorical(const RawTable& table, std::span<const Index> rows, Index column, const Schema& schema,
                     ColumnEncoding& enc) {
  std::unordered_set<std::string_view> seen;
  for (Index r : rows) seen.insert(present_cell(table, r, column, schema, "Preprocessor::fit()"));
  enc.categories.assign(seen.begin(), seen.end());
  std::sort(enc.categories.begin(), enc.categories.end());
}

void check_groups_present(const RawTable& table, std::span<const Index> rows, const ValueMap& sensitive) {
  const std::vector<Index> groups = map_values(table, rows, sensitive);
  std::vector<Index> counts(sensitive.names.size(), 0);
  for (Index g : groups) ++counts[static_cast<std::size_t>(g)];
  const Index present = static_cast<Index>(std::count_if(counts.begin(), counts.end(), [](Index c) { return c > 0; }));
  const std::string column = table.describe_column(table.column_index(sensitive.column, "Preprocessor::fit()"));
  PARITY_CHECK(present > 1 || sensitive.num_ids() == 1, "Preprocessor::fit(): ", table.source,
               ": sensitive ", column, " has a single group ('", sensitive.names[static_cast<std::size_t>(groups[0])],
               "') in the ", rows.size(), " training rows; ", sensitive.num_ids(), " groups are needed");
  for (std::size_t g = 0; g < counts.size(); ++g) {
    PARITY_CHECK(counts[g] > 0, "Preprocessor::fit(): ", table.source, ": sensitive ", column, ": group '",
                 sensitive.names[g], "' (id ", g, ") has none of the ", rows.size(), " training rows");
  }
}

}  // namespace

Preprocessor Preprocessor::fit(const RawTable& table, std::span<const Index> rows, const Schema& schema) {
  PARITY_CHECK(!rows.empty(), "Preprocessor::fit(): no training rows in ", table.source);
  check_rows(table, rows, "Preprocessor::fit()");
  Preprocessor pre;
  pre.schema_ = schema;
  for (const Feature& feature : schema.features) {
    ColumnEncoding enc;
    enc.column = feature.column;
    enc.kind = feature.kind;
    const Index column = table.column_index(feature.column, "Preprocessor::fit()");
    enc.name = table.columns[static_cast<std::size_t>(column)];
    if (feature.kind == FeatureKind::Numeric) {
      fit_numeric(table, rows, column, schema, enc);
      pre.feature_names_.push_back(enc.name);
    } else {
      fit_categorical(table, rows, column, schema, enc);
      for (const std::string& c : enc.categories) pre.feature_names_.push_back(enc.name + "=" + c);
    }
    pre.encodings_.push_back(std::move(enc));
  }
  map_values(table, rows, schema.label);
  check_groups_present(table, rows, schema.sensitive);
  return pre;
}

namespace {

Tensor ids_tensor(const std::vector<Index>& ids) {
  Tensor t(Shape{static_cast<Index>(ids.size())});
  for (std::size_t i = 0; i < ids.size(); ++i) t.data()[i] = static_cast<double>(ids[i]);
  return t;
}

void add_unseen(TransformReport& report, const std::map<std::pair<std::string, std::string>, Index>& found) {
  std::map<std::pair<std::string, std::string>, Index> all = found;
  for (const UnseenCategory& u : report.unseen) all[{u.column, u.value}] += u.count;
  report.unseen.clear();
  for (const auto& [key, count] : all) report.unseen.push_back({key.first, key.second, count});
}

}  // namespace

Dataset Preprocessor::transform(const RawTable& table, std::span<const Index> rows, TransformReport* report) const {
  const char* caller = "Preprocessor::transform()";
  check_rows(table, rows, caller);
  const Index n = static_cast<Index>(rows.size());
  const Index d = num_features();
  Dataset out;
  out.X = Tensor(Shape{n, d});
  std::map<std::pair<std::string, std::string>, Index> unseen;
  Index offset = 0;
  for (const ColumnEncoding& enc : encodings_) {
    const Index column = table.column_index(enc.column, caller);
    for (Index i = 0; i < n; ++i) {
      const Index r = rows[static_cast<std::size_t>(i)];
      double* row = out.X.data() + i * d + offset;
      if (enc.kind == FeatureKind::Numeric) {
        *row = (number_cell(table, r, column, schema_, caller) - enc.mean) / enc.scale;
        continue;
      }
      const std::string& cell = present_cell(table, r, column, schema_, caller);
      const auto it = std::lower_bound(enc.categories.begin(), enc.categories.end(), cell);
      if (it != enc.categories.end() && *it == cell) {
        row[it - enc.categories.begin()] = 1.0;
      } else {
        ++unseen[{enc.name, cell}];
      }
    }
    offset += enc.kind == FeatureKind::Numeric ? 1 : static_cast<Index>(enc.categories.size());
  }
  out.y = ids_tensor(map_values(table, rows, schema_.label));
  out.s = ids_tensor(map_values(table, rows, schema_.sensitive));
  out.feature_names = feature_names_;
  out.class_names = schema_.label.names;
  out.group_names = schema_.sensitive.names;
  if (report != nullptr) add_unseen(*report, unseen);
  return out;
}

}  // namespace parity::data
