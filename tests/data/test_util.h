// Helpers shared by the data tests: the message of a parity::Error, a temporary file, and files
// written as plain bytes or gzip-compressed.
#pragma once

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error_message.h"
#include "data/tabular.h"
#include "tensor/check.h"

namespace parity::data::test_util {

using ::parity::testing::error_message;

/// A path in the temporary directory, removed when the object goes out of scope. The name holds
/// the running test's suite and name, so tests that ctest runs in parallel never share a file.
class TempFile {
 public:
  explicit TempFile(const std::string& name) : path_(std::filesystem::temp_directory_path() / unique_name(name)) {}
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  static std::string unique_name(const std::string& name) {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string owner = test == nullptr ? std::string("global")
                                              : std::string(test->test_suite_name()) + "_" + test->name();
    return "parity_data_test_" + owner + "_" + name;
  }

  std::filesystem::path path_;
};

using Bytes = std::vector<unsigned char>;

inline void write_plain(const std::filesystem::path& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void write_gzip(const std::filesystem::path& path, const Bytes& bytes) {
  gzFile out = gzopen(path.string().c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
}

inline void write_gzip(const std::filesystem::path& path, const std::string& text) {
  write_gzip(path, Bytes(text.begin(), text.end()));
}

/// The bytes of a file.
inline Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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
