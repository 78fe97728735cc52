#include "common/data_dir.h"

#include <cstdlib>

namespace parity::testing {

std::filesystem::path data_dir() {
  if (const char* env = std::getenv("PARITY_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return PARITY_DEFAULT_DATA_DIR;
}

std::filesystem::path data_file(const std::string& relative) {
  const std::filesystem::path path = data_dir() / relative;
  return std::filesystem::exists(path) ? path : std::filesystem::path{};
}

}  // namespace parity::testing
