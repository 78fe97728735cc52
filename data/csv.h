// Delimited text -> RawTable, a table of strings that remembers where every row came from.
// Quoting follows RFC 4180: a quoted field may hold delimiters, line breaks and doubled quotes
// (""), lines end in LF or CRLF, blank lines (such as a trailing empty line) and a leading UTF-8
// byte-order mark are skipped.
// Columns are addressed by name or by index; a duplicated name (COMPAS has two) is refused only
// when the duplicates disagree somewhere, i.e. when the name is ambiguous.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tensor/shape.h"

namespace parity::data {

/// How to split text into records and fields.
struct CsvOptions {
  /// Field separator (',' for CSV, ' ' for the space-separated UCI German file).
  char delimiter = ',';
  /// True: the first record names the columns. False: `column_names` names them, or, when it is
  /// empty, they are named "0", "1", ... after the first record's field count.
  bool header = true;
  std::vector<std::string> column_names;
  /// Strips spaces and tabs around unquoted fields, so "39, State-gov" reads as "39", "State-gov".
  bool trim = false;
  /// Lines starting with this prefix are skipped; empty = none. UCI files use "|".
  std::string comment_prefix;
};

/// A column given by name or by 0-based index. With both, the column at `index` must carry `name`.
class ColumnRef {
 public:
  ColumnRef() = default;
  ColumnRef(std::string name) : name_(std::move(name)) {}
  ColumnRef(const char* name) : name_(name) {}
  static ColumnRef at(Index index, std::string expected_name = {});

  const std::string& name() const { return name_; }
  const std::optional<Index>& index() const { return index_; }
  /// "'age'", "#3" or "#14 'priors_count'", for messages.
  std::string describe() const;

 private:
  std::string name_;
  std::optional<Index> index_;
};

/// Rows of string cells, row-major; `lines[r]` is the 1-based line on which row r starts.
struct RawTable {
  /// Names the table in messages (the file path for read_csv).
  std::string source;
  std::vector<std::string> columns;
  std::vector<std::string> cells;
  std::vector<Index> lines;

  Index num_rows() const { return static_cast<Index>(lines.size()); }
  Index num_columns() const { return static_cast<Index>(columns.size()); }
  const std::string& cell(Index row, Index column) const {
    return cells[static_cast<std::size_t>(row * num_columns() + column)];
  }
  /// The index of `ref`. Throws naming `caller` when the column does not exist, when the name at
  /// a given index differs, or when a duplicated name is ambiguous (its columns differ in a row).
  Index column_index(const ColumnRef& ref, const char* caller) const;
  /// "source:line", the position of row `row` for messages.
  std::string where(Index row) const;
  /// "column 'name' (#index)", for messages.
  std::string describe_column(Index column) const;
};

/// Parses `text`; `source` names it in messages. Throws parity::Error naming source and line
/// for: no records at all, a header without data rows, a record whose field count differs from
/// the header's (naming the first missing or extra column), an unterminated quoted field, and
/// characters after a closing quote.
RawTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});
/// Reads and parses a file; also throws when the file cannot be read.
RawTable read_csv(const std::filesystem::path& path, const CsvOptions& options = {});

}  // namespace parity::data
