// Row selection (filters, then the missing-value policy) and raw value -> id mapping.
#include "data/schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "tensor/check.h"

namespace parity::data {

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

ValueMap ValueMap::by_values(ColumnRef column, std::vector<std::string> names,
                             std::vector<std::vector<std::string>> values) {
  ValueMap map{std::move(column), std::move(names), std::move(values), std::nullopt};
  map.validate("ValueMap::by_values()");
  return map;
}

ValueMap ValueMap::above(ColumnRef column, double threshold, std::string at_most_name, std::string above_name) {
  ValueMap map{std::move(column), {std::move(at_most_name), std::move(above_name)}, {}, threshold};
  map.validate("ValueMap::above()");
  return map;
}

void ValueMap::validate(const char* caller) const {
  if (threshold) {
    PARITY_CHECK(names.size() == 2 && values.empty(), caller, ": threshold map of column ", column.describe(),
                 " needs 2 names and no value lists, got ", names.size(), " names and ", values.size(), " lists");
    PARITY_CHECK(std::isfinite(*threshold), caller, ": threshold of column ", column.describe(),
                 " is not finite: ", *threshold);
    return;
  }
  PARITY_CHECK(!names.empty() && names.size() == values.size(), caller, ": map of column ", column.describe(),
               " has ", names.size(), " names and ", values.size(), " value lists; need as many, at least one");
  std::vector<std::string> all;
  for (const auto& list : values) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  const auto twice = std::adjacent_find(all.begin(), all.end());
  PARITY_CHECK(twice == all.end(), caller, ": map of column ", column.describe(), " lists value '",
               twice == all.end() ? std::string() : *twice, "' more than once");
}

RowFilter RowFilter::one_of(ColumnRef column, std::vector<std::string> values) {
  return {std::move(column), Kind::OneOf, std::move(values), 0.0, 0.0};
}

RowFilter RowFilter::none_of(ColumnRef column, std::vector<std::string> values) {
  return {std::move(column), Kind::NoneOf, std::move(values), 0.0, 0.0};
}

RowFilter RowFilter::in_range(ColumnRef column, double lo, double hi) {
  PARITY_CHECK(lo <= hi, "RowFilter::in_range(): empty range [", lo, ", ", hi, "] for column ", column.describe());
  return {std::move(column), Kind::InRange, {}, lo, hi};
}

std::string RowFilter::describe() const {
  std::ostringstream out;
  const std::string name = column.name().empty() ? column.describe() : column.name();
  if (kind == Kind::InRange) {
    out << name << " in [" << lo << ", " << hi << "]";
    return out.str();
  }
  out << name << (kind == Kind::OneOf ? " one of {" : " none of {");
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << "}";
  return out.str();
}

bool Schema::is_missing(std::string_view cell) const {
  return std::find(missing_values.begin(), missing_values.end(), cell) != missing_values.end();
}

namespace {

bool passes(const RawTable& table, Index row, Index column, const RowFilter& filter, const Schema& schema) {
  const std::string& cell = table.cell(row, column);
  if (filter.kind == RowFilter::Kind::InRange) {
    if (schema.is_missing(cell)) return false;
    const std::optional<double> x = parse_number(cell);
    PARITY_CHECK(x.has_value(), "select_rows(): ", table.where(row), ": ", table.describe_column(column), ": '",
                 cell, "' is not a number (filter ", filter.describe(), ")");
    return *x >= filter.lo && *x <= filter.hi;
  }
  const bool listed = std::find(filter.values.begin(), filter.values.end(), cell) != filter.values.end();
  return listed == (filter.kind == RowFilter::Kind::OneOf);
}

// The columns checked for missing values, in table order.
std::vector<Index> checked_columns(const RawTable& table, const Schema& schema) {
  std::vector<Index> columns;
  if (schema.missing_in_any_column) {
    for (Index c = 0; c < table.num_columns(); ++c) columns.push_back(c);
    return columns;
  }
  for (const Feature& f : schema.features) columns.push_back(table.column_index(f.column, "select_rows()"));
  columns.push_back(table.column_index(schema.label.column, "select_rows()"));
  columns.push_back(table.column_index(schema.sensitive.column, "select_rows()"));
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

bool has_missing(const RawTable& table, Index row, std::span<const Index> columns, const Schema& schema) {
  for (Index c : columns) {
    if (!schema.is_missing(table.cell(row, c))) continue;
    PARITY_CHECK(schema.missing_policy == MissingPolicy::DropRow, "select_rows(): ", table.where(row), ": ",
                 table.describe_column(c), ": missing value '", table.cell(row, c),
                 "' (the missing-value policy is Fail)");
    return true;
  }
  return false;
}

}  // namespace

RowSelection select_rows(const RawTable& table, const Schema& schema) {
  RowSelection selection;
  TableReport& report = selection.report;
  report.source = table.source;
  report.rows_read = table.num_rows();
  std::vector<Index> filter_columns;
  for (const RowFilter& f : schema.filters) {
    filter_columns.push_back(table.column_index(f.column, "select_rows()"));
    report.filtered.push_back({f.describe(), 0});
  }
  const std::vector<Index> checked = checked_columns(table, schema);
  for (Index r = 0; r < table.num_rows(); ++r) {
    bool kept = true;
    for (std::size_t k = 0; kept && k < schema.filters.size(); ++k) {
      kept = passes(table, r, filter_columns[k], schema.filters[k], schema);
      if (!kept) ++report.filtered[k].removed;
    }
    if (!kept) continue;
    if (has_missing(table, r, checked, schema)) {
      ++report.dropped_missing;
      continue;
    }
    selection.rows.push_back(r);
  }
  report.rows_kept = static_cast<Index>(selection.rows.size());
  return selection;
}

namespace {

std::string allowed_values(const ValueMap& map) {
  std::ostringstream out;
  for (std::size_t k = 0; k < map.values.size(); ++k) {
    for (const std::string& v : map.values[k]) out << (out.tellp() > 0 ? ", " : "") << "'" << v << "' -> " << k;
  }
  return out.str();
}

}  // namespace

std::vector<Index> map_values(const RawTable& table, std::span<const Index> rows, const ValueMap& map) {
  map.validate("map_values()");
  const Index column = table.column_index(map.column, "map_values()");
  std::vector<Index> ids;
  ids.reserve(rows.size());
  for (Index r : rows) {
    PARITY_CHECK(r >= 0 && r < table.num_rows(), "map_values(): row ", r, " out of range for ", table.num_rows(),
                 " rows of ", table.source);
    const std::string& cell = table.cell(r, column);
    if (map.threshold) {
      const std::optional<double> x = parse_number(cell);
      PARITY_CHECK(x.has_value(), "map_values(): ", table.where(r), ": ", table.describe_column(column), ": '",
                   cell, "' is not a number (threshold map)");
      ids.push_back(*x > *map.threshold ? 1 : 0);
      continue;
    }
    Index id = -1;
    for (std::size_t k = 0; id < 0 && k < map.values.size(); ++k) {
      if (std::find(map.values[k].begin(), map.values[k].end(), cell) != map.values[k].end()) {
        id = static_cast<Index>(k);
      }
    }
    PARITY_CHECK(id >= 0, "map_values(): ", table.where(r), ": ", table.describe_column(column), ": value '", cell,
                 "' is outside the mapping (", allowed_values(map), ")");
    ids.push_back(id);
  }
  return ids;
}

}  // namespace parity::data
