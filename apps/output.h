// Output of the `parity` tool: aligned text tables, JSON files, numbers that may be undefined,
// and a progress line on stderr (only when stderr is a terminal).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace parity::cli {

/// A text table: a header row, then rows of the same length; columns are padded to their widest
/// cell, the first column left-aligned and the others right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  /// Throws parity::Error unless the row has as many cells as the header.
  void add_row(std::vector<std::string> row);
  std::string to_string() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// `value` with `precision` decimals ("%.*f").
std::string fixed(double value, int precision);
/// As fixed(), or "undef" for std::nullopt.
std::string fixed(const std::optional<double>& value, int precision);
/// JSON number, or null for std::nullopt.
nlohmann::json to_json(const std::optional<double>& value);

/// Writes `value` (indented by 2) to `file`, creating its parent folders; throws parity::Error
/// naming the file when it cannot be written.
void write_json(const nlohmann::json& value, const std::filesystem::path& file);

/// A "label: done/total" line on stderr, redrawn in place; silent when stderr is not a terminal.
class Progress {
 public:
  Progress(std::string label, long total);
  void advance(const std::string& detail = "");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  std::string label_;
  long total_;
  long done_ = 0;
  bool active_;
};

}  // namespace parity::cli
