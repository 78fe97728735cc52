#include "output.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tensor/check.h"

namespace parity::cli {

Table::Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void Table::add_row(std::vector<std::string> row) {
  PARITY_CHECK(row.size() == rows_.front().size(), "Table::add_row(): ", row.size(), " cells for ",
               rows_.front().size(), " columns");
  rows_.push_back(std::move(row));
}

std::string Table::to_string() const {
  std::vector<std::size_t> widths(rows_.front().size(), 0);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::ostringstream out;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    for (std::size_t c = 0; c < rows_[r].size(); ++c) {
      const std::string& cell = rows_[r][c];
      const std::string pad(widths[c] - cell.size(), ' ');
      if (c > 0) out << "  ";
      out << (c == 0 ? cell + pad : pad + cell);
    }
    out << "\n";
    if (r == 0) {
      std::size_t total = 0;
      for (std::size_t w : widths) total += w;
      out << std::string(total + 2 * (widths.size() - 1), '-') << "\n";
    }
  }
  return out.str();
}

std::string fixed(double value, int precision) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", precision, value);
  return buffer;
}

std::string fixed(const std::optional<double>& value, int precision) {
  return value ? fixed(*value, precision) : "undef";
}

nlohmann::json to_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void write_json(const nlohmann::json& value, const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file);
  PARITY_CHECK(out.good(), "write_json(): cannot open ", file.string(), " for writing");
  out << value.dump(2) << "\n";
  PARITY_CHECK(out.good(), "write_json(): writing ", file.string(), " failed");
}

Progress::Progress(std::string label, long total)
    : label_(std::move(label)), total_(total), active_(isatty(STDERR_FILENO) == 1) {}

void Progress::advance(const std::string& detail) {
  ++done_;
  if (!active_) return;
  std::cerr << "\r\033[K" << label_ << ": " << done_ << "/" << total_;
  if (!detail.empty()) std::cerr << " " << detail;
  std::cerr << std::flush;
}

Progress::~Progress() {
  if (active_ && done_ > 0) std::cerr << "\r\033[K" << std::flush;
}

}  // namespace parity::cli
