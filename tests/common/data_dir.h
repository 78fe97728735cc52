// Where tests find the real datasets: $PARITY_DATA_DIR, else ../shared/data beside the
// checkout. Tests that need a file call PARITY_REQUIRE_DATA, which reports a skip (not a
// pass) when the file is absent.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace parity::testing {

std::filesystem::path data_dir();
/// data_dir() / relative, or an empty path when that file does not exist.
std::filesystem::path data_file(const std::string& relative);

}  // namespace parity::testing

#define PARITY_REQUIRE_DATA(var, relative)                                                   \
  const std::filesystem::path var = ::parity::testing::data_file(relative);                 \
  if (var.empty()) GTEST_SKIP() << "dataset file " << (relative) << " not found under "     \
                                << ::parity::testing::data_dir() << " (set PARITY_DATA_DIR)"
