// A test fixture with a fresh folder per test: <temp>/parity_<suite>_<test>, created empty
// before the test and removed after it.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace parity::testing {

/// <temp>/parity_<name>, created empty (whatever was there is removed first).
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("parity_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fresh_temp_dir(std::string(info->test_suite_name()) + "_" + std::string(info->name()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  const std::filesystem::path& temp_dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace parity::testing
