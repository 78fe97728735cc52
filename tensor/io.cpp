// .npy reading and writing. A file is the magic "\x93NUMPY", a version byte pair, the header
// length (uint16 LE for 1.0, uint32 LE for 2.0 and 3.0), an ASCII Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } padded with spaces to end in
// '\n', then the elements in C order. Every element type read is converted to float64.
#include "tensor/io.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <limits>
#include <ostream>
#include <string_view>
#include <vector>

#include "tensor/check.h"

namespace parity {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
constexpr std::size_t kAlign = 64;  // NumPy pads magic + length + header to this multiple
constexpr std::uint32_t kMaxHeaderBytes = 1u << 16;
constexpr std::size_t kReadChunk = std::size_t{1} << 20;
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

// The "caller: source: " prefix of every error about one input or output.
struct Where {
  const char* caller;
  const std::string& source;
};

std::ostream& operator<<(std::ostream& os, const Where& where) {
  return os << where.caller << ": " << where.source << ": ";
}

std::size_t read_bytes(std::istream& in, void* dst, std::size_t count) {
  in.read(static_cast<char*>(dst), static_cast<std::streamsize>(count));
  return static_cast<std::size_t>(in.gcount());
}

// Reads the magic, version and header length, and returns the header text.
std::string read_header_text(std::istream& in, const Where& where) {
  std::array<unsigned char, kMagicSize + 2> lead{};
  std::size_t got = read_bytes(in, lead.data(), lead.size());
  PARITY_CHECK(got >= kMagicSize && std::memcmp(lead.data(), kMagic, kMagicSize) == 0, where,
               "not a .npy file (missing the magic string \\x93NUMPY)");
  PARITY_CHECK(got == lead.size(), where, "truncated before the format version");
  const int major = lead[kMagicSize];
  const int minor = lead[kMagicSize + 1];
  PARITY_CHECK(major >= 1 && major <= 3 && minor == 0, where, "unsupported format version ", major,
               ".", minor, " (supported: 1.0, 2.0, 3.0)");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  std::array<unsigned char, 4> length{};
  got = read_bytes(in, length.data(), length_bytes);
  PARITY_CHECK(got == length_bytes, where, "truncated before the header length");
  std::uint32_t header_length = 0;
  for (std::size_t i = length_bytes; i-- > 0;) header_length = (header_length << 8) | length[i];
  PARITY_CHECK(header_length <= kMaxHeaderBytes, where, "header length ", header_length,
               " exceeds the limit of ", kMaxHeaderBytes, " bytes");
  std::string header(header_length, '\0');
  got = read_bytes(in, header.data(), header_length);
  PARITY_CHECK(got == header_length, where, "truncated header: expected ", header_length,
               " bytes, got ", got);
  return header;
}

struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  Shape shape;
};

// Recursive-descent parser for the header: a dict literal with the keys 'descr' (a string),
// 'fortran_order' (True/False) and 'shape' (a tuple of non-negative integers), in any order,
// with optional whitespace and trailing commas.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const Where& where) : text_(text), where_(where) {}
  NpyHeader parse();

 private:
  void skip_spaces();
  bool consume(char c);
  void expect(char c);
  std::string parse_string();
  bool parse_bool();
  Shape parse_shape();
  Index parse_extent();
  [[noreturn]] void fail(const std::string& problem) const;

  const std::string& text_;
  const Where& where_;
  std::size_t pos_ = 0;
};

void HeaderParser::fail(const std::string& problem) const {
  std::string shown = text_.substr(0, 200);
  while (!shown.empty() && (shown.back() == ' ' || shown.back() == '\n')) shown.pop_back();
  for (char& c : shown) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  detail::throw_error(where_, "malformed header: ", problem, " at offset ", pos_, " in \"", shown,
                      "\"");
}

void HeaderParser::skip_spaces() {
  while (pos_ < text_.size() && std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) {
    ++pos_;
  }
}

bool HeaderParser::consume(char c) {
  skip_spaces();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

void HeaderParser::expect(char c) {
  if (!consume(c)) fail(std::string("expected '") + c + "'");
}

std::string HeaderParser::parse_string() {
  skip_spaces();
  if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) fail("expected a string");
  const char quote = text_[pos_];
  const std::size_t end = text_.find(quote, pos_ + 1);
  if (end == std::string::npos) fail("unterminated string");
  std::string value = text_.substr(pos_ + 1, end - pos_ - 1);
  if (value.find('\\') != std::string::npos) fail("escape sequences are not supported");
  pos_ = end + 1;
  return value;
}

bool HeaderParser::parse_bool() {
  skip_spaces();
  for (const bool value : {true, false}) {
    const std::string word = value ? "True" : "False";
    if (text_.compare(pos_, word.size(), word) == 0) {
      pos_ += word.size();
      return value;
    }
  }
  fail("expected True or False");
}

Index HeaderParser::parse_extent() {
  skip_spaces();
  if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') {
    fail("expected a non-negative integer extent");
  }
  Index value = 0;
  for (; pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; ++pos_) {
    const Index digit = text_[pos_] - '0';
    if (value > (std::numeric_limits<Index>::max() - digit) / 10) fail("extent too large");
    value = value * 10 + digit;
  }
  return value;
}

Shape HeaderParser::parse_shape() {
  expect('(');
  Shape shape;
  if (consume(')')) return shape;
  while (true) {
    if (shape.rank() == Shape::kMaxRank) {
      fail("shape has more than " + std::to_string(Shape::kMaxRank) + " axes");
    }
    shape.push_back(parse_extent());
    if (consume(')')) {
      if (shape.rank() == 1) fail("a one-element shape needs a trailing comma, e.g. (3,)");
      return shape;
    }
    expect(',');
    if (consume(')')) return shape;
  }
}

NpyHeader HeaderParser::parse() {
  NpyHeader header;
  bool seen_descr = false, seen_order = false, seen_shape = false;
  if (!consume('{')) fail("expected a dict literal starting with '{'");
  while (!consume('}')) {
    const std::string key = parse_string();
    expect(':');
    bool* seen = nullptr;
    if (key == "descr") {
      header.descr = parse_string();
      seen = &seen_descr;
    } else if (key == "fortran_order") {
      header.fortran_order = parse_bool();
      seen = &seen_order;
    } else if (key == "shape") {
      header.shape = parse_shape();
      seen = &seen_shape;
    } else {
      fail("unexpected key '" + key + "'");
    }
    if (*seen) fail("duplicate key '" + key + "'");
    *seen = true;
    if (!consume(',')) {
      expect('}');
      break;
    }
  }
  skip_spaces();
  if (pos_ != text_.size()) fail("unexpected text after the dict");
  if (!seen_descr) fail("missing key 'descr'");
  if (!seen_order) fail("missing key 'fortran_order'");
  if (!seen_shape) fail("missing key 'shape'");
  return header;
}

enum class Kind { kFloat, kSigned, kUnsigned, kBool };

struct Dtype {
  Kind kind;
  std::size_t size;
  bool swap;  // file byte order differs from this machine's
};

// descr = byte order ('<' little, '>' big, '|' not applicable) + type code. Multi-byte types
// need an explicit byte order; big-endian data is byte-swapped on reading.
Dtype parse_descr(const std::string& descr, const Where& where) {
  struct Entry {
    const char* code;
    Kind kind;
    std::size_t size;
  };
  static constexpr std::array<Entry, 6> kTypes{{{"f8", Kind::kFloat, 8},
                                                {"f4", Kind::kFloat, 4},
                                                {"i8", Kind::kSigned, 8},
                                                {"i4", Kind::kSigned, 4},
                                                {"u1", Kind::kUnsigned, 1},
                                                {"b1", Kind::kBool, 1}}};
  const char order = descr.empty() ? '\0' : descr[0];
  const std::string code = descr.empty() ? "" : descr.substr(1);
  for (const Entry& type : kTypes) {
    const bool order_ok = order == '<' || order == '>' || (order == '|' && type.size == 1);
    if (code == type.code && order_ok) {
      return {type.kind, type.size, type.size > 1 && (order == '<') != kLittleEndian};
    }
  }
  detail::throw_error(where, "unsupported dtype '", descr,
                      "' (supported: <f8, <f4, <i8, <i4, their big-endian forms >f8, >f4, >i8, "
                      ">i4, and |u1, |b1)");
}

template <class T>
void convert(const unsigned char* src, Index count, bool swap, double* dst) {
  std::array<unsigned char, sizeof(T)> bytes{};
  for (Index i = 0; i < count; ++i, src += sizeof(T)) {
    std::memcpy(bytes.data(), src, sizeof(T));
    if (swap) std::reverse(bytes.begin(), bytes.end());
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    dst[i] = static_cast<double>(value);
  }
}

void convert(const Dtype& dtype, const unsigned char* src, Index count, double* dst) {
  switch (dtype.kind) {
    case Kind::kFloat:
      if (dtype.size == 8) return convert<double>(src, count, dtype.swap, dst);
      return convert<float>(src, count, dtype.swap, dst);
    case Kind::kSigned:
      if (dtype.size == 8) return convert<std::int64_t>(src, count, dtype.swap, dst);
      return convert<std::int32_t>(src, count, dtype.swap, dst);
    case Kind::kUnsigned:
      return convert<std::uint8_t>(src, count, false, dst);
    case Kind::kBool:
      for (Index i = 0; i < count; ++i) dst[i] = src[i] != 0 ? 1.0 : 0.0;
      return;
  }
}

// Reads exactly `count` bytes in chunks, so a header claiming a huge shape fails on the
// missing data instead of on a huge allocation.
std::vector<unsigned char> read_data(std::istream& in, std::size_t count, const NpyHeader& header,
                                     const Where& where) {
  std::vector<unsigned char> bytes;
  while (bytes.size() < count) {
    const std::size_t old_size = bytes.size();
    const std::size_t want = std::min(kReadChunk, count - old_size);
    if (bytes.capacity() < old_size + want) bytes.reserve(std::max(2 * bytes.capacity(), old_size + want));
    bytes.resize(old_size + want);
    const std::size_t got = read_bytes(in, bytes.data() + old_size, want);
    bytes.resize(old_size + got);
    if (got < want) break;
  }
  PARITY_CHECK(bytes.size() == count, where, "truncated data: shape ", header.shape, " of '",
               header.descr, "' needs ", count, " bytes, only ", bytes.size(), " available");
  return bytes;
}

Tensor read_npy_from(std::istream& in, const Where& where) {
  const std::string text = read_header_text(in, where);
  const NpyHeader header = HeaderParser(text, where).parse();
  PARITY_CHECK(!header.fortran_order, where, "Fortran-order arrays are not supported");
  const Dtype dtype = parse_descr(header.descr, where);
  const Index max_elements = std::numeric_limits<Index>::max() / 8;
  Index numel = 1;
  for (Index extent : header.shape) {
    PARITY_CHECK(extent == 0 || numel <= max_elements / extent, where, "shape ", header.shape,
                 " has too many elements");
    numel *= extent;
  }
  const auto count = static_cast<std::size_t>(numel) * dtype.size;
  const std::vector<unsigned char> bytes = read_data(in, count, header, where);
  Tensor t = Tensor::empty(header.shape);
  convert(dtype, bytes.data(), numel, t.data());
  return t;
}

// The version 1.0 header for C-order float64 data, in NumPy's own key order and spelling.
std::string npy_header(const Shape& shape) {
  std::string tuple = "(";
  for (int i = 0; i < shape.rank(); ++i) tuple += (i ? ", " : "") + std::to_string(shape[i]);
  tuple += shape.rank() == 1 ? ",)" : ")";
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + ", }";
  const std::size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;
  header.append((kAlign - unpadded % kAlign) % kAlign, ' ');
  header.push_back('\n');
  return header;
}

void write_npy_to(std::ostream& out, const Tensor& t, const Where& where) {
  PARITY_CHECK(t.defined(), where, "cannot write an undefined tensor");
  const std::string header = npy_header(t.shape());
  PARITY_ASSERT(header.size() <= 0xffff);
  const std::array<char, 4> version_and_length{1, 0, static_cast<char>(header.size() & 0xff),
                                               static_cast<char>(header.size() >> 8)};
  out.write(kMagic, kMagicSize);
  out.write(version_and_length.data(), version_and_length.size());
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  if constexpr (kLittleEndian) {
    out.write(reinterpret_cast<const char*>(t.data()), static_cast<std::streamsize>(t.numel() * 8));
  } else {
    for (double value : t) {
      auto bytes = std::bit_cast<std::array<char, 8>>(value);
      std::reverse(bytes.begin(), bytes.end());
      out.write(bytes.data(), bytes.size());
    }
  }
  PARITY_CHECK(out.good(), where, "write failed");
}

}  // namespace

Tensor read_npy(std::istream& in, const std::string& source) {
  return read_npy_from(in, Where{"read_npy()", source});
}

void write_npy(std::ostream& out, const Tensor& t) {
  const std::string destination = "stream";
  write_npy_to(out, t, Where{"write_npy()", destination});
}

Tensor load_npy(const std::string& path) {
  const Where where{"load_npy()", path};
  std::error_code error;
  const auto type = std::filesystem::status(path, error).type();
  PARITY_CHECK(type != std::filesystem::file_type::not_found, where, "no such file");
  PARITY_CHECK(type != std::filesystem::file_type::directory, where, "is a directory, not a .npy file");
  std::ifstream in(path, std::ios::binary);
  PARITY_CHECK(in.is_open(), where, "cannot open for reading");
  return read_npy_from(in, where);
}

void save_npy(const std::string& path, const Tensor& t) {
  const Where where{"save_npy()", path};
  PARITY_CHECK(t.defined(), where, "cannot write an undefined tensor");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  PARITY_CHECK(out.is_open(), where, "cannot open for writing");
  write_npy_to(out, t, where);
  out.close();
  PARITY_CHECK(!out.fail(), where, "write failed");
}

}  // namespace parity
