// Tests for the gzip line reader: LF and CRLF endings, a last line without a line break, lines
// longer than the read chunk, plain files, and the errors for a missing or truncated file.
#include "data/gzip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;
using test_util::TempFile;

std::vector<std::string> all_lines(const std::filesystem::path& file) {
  GzipLines in(file, "test()");
  std::vector<std::string> lines;
  std::string line;
  while (in.next(line)) {
    lines.push_back(line);
    EXPECT_EQ(in.line_number(), static_cast<Index>(lines.size()));
  }
  return lines;
}

TEST(GzipLines, EndingsAndLastLine) {
  const TempFile gz("lines.txt.gz");
  test_util::write_gzip(gz.path(), std::string("a b\r\n\r\nc\nlast"));
  EXPECT_EQ(all_lines(gz.path()), (std::vector<std::string>{"a b", "", "c", "last"}));
  test_util::write_gzip(gz.path(), std::string("one\r\ntwo\r\n"));
  EXPECT_EQ(all_lines(gz.path()), (std::vector<std::string>{"one", "two"}));
  test_util::write_gzip(gz.path(), std::string());
  EXPECT_TRUE(all_lines(gz.path()).empty());
}

TEST(GzipLines, PlainFileAndLinesLongerThanAChunk) {
  const TempFile plain("lines.txt");
  const std::string long_line(200000, 'x');
  const std::string text = long_line + "\r\n" + "short\n";
  test_util::write_plain(plain.path(), test_util::Bytes(text.begin(), text.end()));
  EXPECT_EQ(all_lines(plain.path()), (std::vector<std::string>{long_line, "short"}));
}

TEST(GzipLines, Errors) {
  EXPECT_EQ(error_message([] { GzipLines("/nonexistent/parity/x.gz", "test()"); }),
            "test(): cannot open /nonexistent/parity/x.gz");

  const TempFile gz("truncated_lines.txt.gz");
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + " with some text to compress\n";
  test_util::write_gzip(gz.path(), text);
  test_util::Bytes bytes = test_util::read_bytes(gz.path());
  bytes.resize(bytes.size() / 2);
  test_util::write_plain(gz.path(), bytes);
  const std::string message = error_message([&] { all_lines(gz.path()); });
  EXPECT_EQ(message.rfind("test(): " + gz.path().string() + ": corrupt or truncated gzip stream (", 0), 0u)
      << message;
  EXPECT_NE(message.find(") after line "), std::string::npos) << message;
}

}  // namespace
}  // namespace parity::data
