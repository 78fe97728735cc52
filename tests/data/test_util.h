// Helpers shared by the data tests: the message of a parity::Error, and a temporary file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "common/error_message.h"
#include "tensor/check.h"

namespace parity::data::test_util {

using ::parity::testing::error_message;

/// A path in the temporary directory, removed when the object goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("parity_data_test_" + name)) {}
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace parity::data::test_util
