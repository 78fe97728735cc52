#include "option_checks.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

#include "tensor/check.h"

namespace parity::cli {

namespace {

// The whole of `text` as a number of type T, or std::nullopt.
template <class T>
std::optional<T> parse_whole(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::string integer_range(std::int64_t low, std::int64_t high) {
  if (high == std::numeric_limits<std::int64_t>::max()) return "an integer >= " + std::to_string(low);
  return "an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
}

CLI::Validator integer_validator(std::int64_t low, std::int64_t high) {
  const std::string expected = integer_range(low, high);
  return CLI::Validator(
      [low, high, expected](std::string& input) -> std::string {
        const std::optional<std::int64_t> value = parse_whole<std::int64_t>(input);
        if (value && *value >= low && *value <= high) return {};
        return "expected " + expected + ", got " + input;
      },
      expected);
}

}  // namespace

CLI::Validator integer_at_least(std::int64_t low) {
  return integer_validator(low, std::numeric_limits<std::int64_t>::max());
}

CLI::Validator integer_in(std::int64_t low, std::int64_t high) { return integer_validator(low, high); }

CLI::Validator seed_value() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        if (parse_whole<std::uint64_t>(input) && input.front() != '-') return {};
        return "expected a seed, an integer in [0, 18446744073709551615], got " + input;
      },
      "an integer in [0, 2^64 - 1]");
}

CLI::Validator positive_finite() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        const std::optional<double> value = parse_whole<double>(input);
        if (value && std::isfinite(*value) && *value > 0.0) return {};
        return "expected a finite number > 0, got " + input;
      },
      "a finite number > 0");
}

void check_writable_file(const std::filesystem::path& file, const char* option) {
  if (file.empty()) return;
  std::error_code error;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), error);
    PARITY_CHECK(!error, option, " ", file.string(), ": cannot create the folder ", file.parent_path().string(), ": ",
                 error.message());
  }
  PARITY_CHECK(!std::filesystem::is_directory(file, error), option, " ", file.string(),
               ": is a folder, expected a file name");
  const bool existed = std::filesystem::exists(file, error);
  const bool good = std::ofstream(file, std::ios::app).good();
  PARITY_CHECK(good, option, " ", file.string(), ": cannot be opened for writing");
  if (!existed) std::filesystem::remove(file, error);
}

void check_writable_folder(const std::filesystem::path& folder, const char* option) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  PARITY_CHECK(!error, option, " ", folder.string(), ": cannot create the folder: ", error.message());
  const std::filesystem::path probe = folder / ".parity-write-check";
  const bool good = std::ofstream(probe).good();
  std::filesystem::remove(probe, error);
  PARITY_CHECK(good, option, " ", folder.string(), ": cannot write files in this folder");
}

}  // namespace parity::cli
