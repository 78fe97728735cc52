// gzip reading through zlib; the only file of data/ that includes zlib.h.
#include "data/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "tensor/check.h"

namespace parity::data {

GzipFile::GzipFile(const std::filesystem::path& file, const char* caller)
    : file_(file), caller_(caller), handle_(gzopen(file.string().c_str(), "rb")) {
  PARITY_CHECK(handle_ != nullptr, caller_, ": cannot open ", file_.string());
}

GzipFile::~GzipFile() { gzclose(static_cast<gzFile>(handle_)); }

std::size_t GzipFile::read(unsigned char* buffer, std::size_t size, const std::string& where) {
  const auto in = static_cast<gzFile>(handle_);
  const auto wanted = static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX));
  const int got = gzread(in, buffer, wanted);
  int status = Z_OK;
  const char* message = got > 0 ? "" : gzerror(in, &status);
  PARITY_CHECK(got > 0 || (got == 0 && (status == Z_OK || status == Z_STREAM_END)), caller_, ": ",
               file_.string(), ": corrupt or truncated gzip stream (", message, ")", where);
  return static_cast<std::size_t>(got);
}

std::vector<unsigned char> read_gzip_bytes(const std::filesystem::path& file, const char* caller) {
  GzipFile in(file, caller);
  std::vector<unsigned char> bytes;
  std::vector<unsigned char> chunk(1 << 20);
  while (const std::size_t got = in.read(chunk.data(), chunk.size())) {
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
  }
  return bytes;
}

GzipLines::GzipLines(const std::filesystem::path& file, const char* caller)
    : in_(file, caller), chunk_(1 << 16) {}

bool GzipLines::next(std::string& line) {
  line.clear();
  const auto finish = [&] {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++line_number_;
    return true;
  };
  while (true) {
    if (begin_ == end_) {
      if (at_end_) break;
      end_ = in_.read(chunk_.data(), chunk_.size(), " after line " + std::to_string(line_number_));
      begin_ = 0;
      if (end_ == 0) {
        at_end_ = true;
        break;
      }
    }
    const auto first = chunk_.begin() + static_cast<std::ptrdiff_t>(begin_);
    const auto last = chunk_.begin() + static_cast<std::ptrdiff_t>(end_);
    const auto newline = std::find(first, last, static_cast<unsigned char>('\n'));
    line.append(first, newline);
    begin_ = static_cast<std::size_t>(newline - chunk_.begin());
    if (newline != last) {
      ++begin_;
      return finish();
    }
  }
  return !line.empty() && finish();
}

std::string GzipLines::where() const { return in_.file().string() + ":" + std::to_string(line_number_); }

}  // namespace parity::data
