// Reading gzip-compressed or plain files through zlib (its gz* functions read both alike, the
// format detected from the content): the whole file as bytes, or line by line. A corrupt or
// truncated gzip stream is an error naming the file, never a silently short read.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "tensor/shape.h"

namespace parity::data {

/// An open gzip (or plain) file. `caller` starts every error message.
class GzipFile {
 public:
  /// Throws parity::Error "<caller>: cannot open <file>" when the file cannot be opened.
  GzipFile(const std::filesystem::path& file, const char* caller);
  ~GzipFile();
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;

  /// Reads up to `size` decompressed bytes into `buffer`; returns how many, 0 only at the end.
  /// Throws "<caller>: <file>: corrupt or truncated gzip stream (<zlib message>)<where>" when the
  /// stream is bad; `where` (e.g. " after line 12") is appended to say how far reading got.
  std::size_t read(unsigned char* buffer, std::size_t size, const std::string& where = {});

  const std::filesystem::path& file() const { return file_; }
  const char* caller() const { return caller_; }

 private:
  std::filesystem::path file_;
  const char* caller_;
  void* handle_;  // gzFile, kept opaque so that only gzip.cpp includes zlib.h
};

/// The whole decompressed content of `file`.
std::vector<unsigned char> read_gzip_bytes(const std::filesystem::path& file, const char* caller);

/// The lines of a gzip (or plain) text file, without their LF or CRLF ending. A last line
/// without a line break counts as a line; nothing follows a final line break.
class GzipLines {
 public:
  GzipLines(const std::filesystem::path& file, const char* caller);

  /// The next line into `line`; false at the end of the file.
  bool next(std::string& line);
  /// 1-based number of the line last returned by next() (0 before the first).
  Index line_number() const { return line_number_; }
  /// "<file>:<line>", the position of the line last returned, for messages.
  std::string where() const;
  const std::filesystem::path& file() const { return in_.file(); }

 private:
  GzipFile in_;
  std::vector<unsigned char> chunk_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool at_end_ = false;
  Index line_number_ = 0;
};

}  // namespace parity::data
