// Helpers shared by the data tests: the message of a parity::Error, and a temporary file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "data/tabular.h"
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

/// Samples per class (by_group false) or per group (true) over the train, validation and test
/// parts of a two-class, two-group table.
inline std::vector<Index> total_counts(const TabularData& data, bool by_group) {
  std::vector<Index> total(2, 0);
  for (const Dataset* part : {&data.train, &data.validation, &data.test}) {
    const std::vector<Index> c = by_group ? part->group_counts() : part->class_counts();
    total[0] += c[0];
    total[1] += c[1];
  }
  return total;
}

}  // namespace parity::data::test_util
