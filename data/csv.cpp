// RFC 4180 reader: a single pass over the text with a small state machine per field
// (unquoted: up to the delimiter or line end; quoted: up to the closing quote, "" -> ").
#include "data/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tensor/check.h"

namespace parity::data {

ColumnRef ColumnRef::at(Index index, std::string expected_name) {
  ColumnRef ref;
  ref.name_ = std::move(expected_name);
  ref.index_ = index;
  return ref;
}

std::string ColumnRef::describe() const {
  std::ostringstream text;
  if (index_) text << "#" << *index_ << (name_.empty() ? "" : " ");
  if (!index_ || !name_.empty()) text << "'" << name_ << "'";
  return text.str();
}

namespace {

// Splits text into records. Line numbers count '\n' characters, so a record that holds a
// quoted line break is reported at the line where it starts.
class RecordReader {
 public:
  RecordReader(std::string_view text, const std::string& source, const CsvOptions& options,
               const char* caller)
      : text_(text), source_(source), options_(options), caller_(caller) {}

  // Reads the next record; false at the end of the text.
  bool next(std::vector<std::string>& fields, Index& line) {
    if (!skip_ignored_lines()) return false;
    fields.clear();
    line = line_;
    for (;;) {
      fields.push_back(read_field(line));
      if (pos_ < text_.size() && text_[pos_] == options_.delimiter) {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) {  // at '\n'
        ++pos_;
        ++line_;
      }
      return true;
    }
  }

 private:
  bool is_trimmed(char c) const { return (c == ' ' || c == '\t') && c != options_.delimiter; }

  // Skips blank lines and comment lines; false when no record is left.
  bool skip_ignored_lines() {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view content = text_.substr(pos_, end - pos_);
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      const bool comment = !options_.comment_prefix.empty() && content.starts_with(options_.comment_prefix);
      if (!content.empty() && !comment) return true;
      pos_ = end + 1;
      ++line_;
    }
    return false;
  }

  std::string read_field(Index record_line) {
    if (options_.trim) skip_trimmed();
    if (pos_ < text_.size() && text_[pos_] == '"') return read_quoted(record_line);
    const std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] != options_.delimiter && text_[pos_] != '\n') ++pos_;
    std::string_view field = text_.substr(begin, pos_ - begin);
    if (!field.empty() && field.back() == '\r' && (pos_ == text_.size() || text_[pos_] == '\n')) {
      field.remove_suffix(1);
    }
    if (options_.trim) {
      while (!field.empty() && is_trimmed(field.back())) field.remove_suffix(1);
    }
    return std::string(field);
  }

  std::string read_quoted(Index record_line) {
    const Index open_line = line_;
    std::string field;
    ++pos_;
    for (;;) {
      PARITY_CHECK(pos_ < text_.size(), caller_, ": ", source_, ":", open_line,
                   ": quoted field opened on this line is never closed");
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field.push_back(c);
    }
    if (options_.trim) skip_trimmed();
    if (pos_ < text_.size() && text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) ++pos_;
    PARITY_CHECK(pos_ == text_.size() || text_[pos_] == options_.delimiter || text_[pos_] == '\n',
                 caller_, ": ", source_, ":", record_line, ": unexpected character '", text_[pos_],
                 "' after the closing quote of field \"", field, "\"");
    return field;
  }

  void skip_trimmed() {
    while (pos_ < text_.size() && is_trimmed(text_[pos_])) ++pos_;
  }

  std::string_view text_;
  const std::string& source_;
  const CsvOptions& options_;
  const char* caller_;
  std::size_t pos_ = 0;
  Index line_ = 1;
};

std::vector<std::string> default_column_names(std::size_t count) {
  std::vector<std::string> names(count);
  for (std::size_t i = 0; i < count; ++i) names[i] = std::to_string(i);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::ostringstream out;
  for (std::size_t i = 0; i < names.size(); ++i) out << (i ? ", " : "") << names[i];
  return out.str();
}

void check_field_count(const RawTable& table, const std::vector<std::string>& fields, Index line,
                       const char* caller) {
  const std::size_t expected = table.columns.size();
  if (fields.size() == expected) return;
  const bool few = fields.size() < expected;
  const std::size_t first = few ? fields.size() : expected;
  std::ostringstream detail;
  if (few) {
    detail << "missing from column #" << first << " '" << table.columns[first] << "' onwards";
  } else {
    detail << "extra field #" << first << " '" << fields[first] << "'";
  }
  PARITY_CHECK(false, caller, ": ", table.source, ":", line, ": ", fields.size(), " fields where ", expected,
               " are expected; ", detail.str());
}

RawTable parse(std::string_view text, const std::string& source, const CsvOptions& options,
               const char* caller) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
  RawTable table;
  table.source = source;
  const auto line_count = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  table.lines.reserve(line_count);
  RecordReader reader(text, source, options, caller);
  std::vector<std::string> fields;
  Index line = 0;
  const bool any = reader.next(fields, line);
  PARITY_CHECK(any, caller, ": ", source, ":1: empty file (no records)");
  bool pending = true;  // `fields` holds a record not yet stored
  if (options.header) {
    table.columns = fields;
    pending = false;
  } else {
    table.columns = options.column_names.empty() ? default_column_names(fields.size()) : options.column_names;
  }
  table.cells.reserve(line_count * table.columns.size());
  for (;;) {
    if (!pending && !reader.next(fields, line)) break;
    pending = false;
    check_field_count(table, fields, line, caller);
    for (std::string& field : fields) table.cells.push_back(std::move(field));
    table.lines.push_back(line);
  }
  PARITY_CHECK(table.num_rows() > 0, caller, ": ", source, ":", line, ": header but no data rows");
  return table;
}

}  // namespace

Index RawTable::column_index(const ColumnRef& ref, const char* caller) const {
  if (ref.index()) {
    const Index i = *ref.index();
    PARITY_CHECK(i >= 0 && i < num_columns(), caller, ": ", source, ": column #", i,
                 " out of range; the table has ", num_columns(), " columns");
    PARITY_CHECK(ref.name().empty() || columns[static_cast<std::size_t>(i)] == ref.name(), caller, ": ",
                 source, ": column #", i, " is '", columns[static_cast<std::size_t>(i)], "', expected '",
                 ref.name(), "'");
    return i;
  }
  std::vector<Index> matches;
  for (Index c = 0; c < num_columns(); ++c) {
    if (columns[static_cast<std::size_t>(c)] == ref.name()) matches.push_back(c);
  }
  PARITY_CHECK(!matches.empty(), caller, ": ", source, ": no column '", ref.name(), "'; columns are: ",
               joined(columns));
  for (std::size_t k = 1; k < matches.size(); ++k) {
    for (Index r = 0; r < num_rows(); ++r) {
      PARITY_CHECK(cell(r, matches[0]) == cell(r, matches[k]), caller, ": ", where(r), ": column name '",
                   ref.name(), "' is ambiguous: columns #", matches[0], " and #", matches[k], " differ ('",
                   cell(r, matches[0]), "' vs '", cell(r, matches[k]), "'); address the column by index");
    }
  }
  return matches[0];
}

std::string RawTable::where(Index row) const {
  return source + ":" + std::to_string(lines[static_cast<std::size_t>(row)]);
}

std::string RawTable::describe_column(Index column) const {
  return "column '" + columns[static_cast<std::size_t>(column)] + "' (#" + std::to_string(column) + ")";
}

RawTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  return parse(text, source, options, "parse_csv()");
}

RawTable read_csv(const std::filesystem::path& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  PARITY_CHECK(in.good(), "read_csv(): cannot open ", path.string());
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  PARITY_CHECK(!error, "read_csv(): cannot read the size of ", path.string(), ": ", error.message());
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  PARITY_CHECK(in.gcount() == static_cast<std::streamsize>(size), "read_csv(): error while reading ", path.string(),
               ": got ", in.gcount(), " of ", size, " bytes");
  return parse(text, path.string(), options, "read_csv()");
}

}  // namespace parity::data
