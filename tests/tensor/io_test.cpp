// Tests for .npy reading and writing: bitwise round trips, files written by NumPy 1.24.2
// (np.save / np.lib.format.write_array, embedded below as hex), header variants, and the
// message of every error path.
#include "tensor/io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <unistd.h>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::testing::HasSubstr;

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

// Files written by NumPy 1.24.2; the Python that made each is in the comment above it.
// np.save(f, np.array([[1.5, -2.0, 0.1], [1e300, -0.0, 3.0]]))
const std::string kFloat64 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a000000000000f83f00000000000000c0"
    "9a9999999999b93f9c7500883ce4377e00000000000000800000000000000840");
// np.save(f, np.array([0.5, -1.25, 3.0e10], dtype='<f4'))
const std::string kFloat32 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a0000003f0000a0bf7684df50");
// np.save(f, np.array([[-3, 0], [7, 2**40]], dtype='<i8'))
const std::string kInt64 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200afdffffffffffffff0000000000000000"
    "07000000000000000000000000010000");
// np.save(f, np.array([-7, 123456], dtype='<i4'))
const std::string kInt32 = from_hex(
    "934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200af9ffffff40e20100");
// np.save(f, np.array([0, 7, 255], dtype='u1'))
const std::string kUint8 = from_hex(
    "934e554d5059010076007b276465736372273a20277c7531272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a0007ff");
// np.save(f, np.array([[True, False, True]]))
const std::string kBool = from_hex(
    "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028312c2033292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a010001");
// np.save(f, np.array(2.5))
const std::string kScalar = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a0000000000000440");
// np.save(f, np.zeros((0, 3)))
const std::string kEmpty = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028302c2033292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a");
// np.save(f, np.array([1.5, -2.0], dtype='>f8'))
const std::string kBigEndianFloat64 = from_hex(
    "934e554d5059010076007b276465736372273a20273e6638272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a3ff8000000000000c000000000000000");
// np.save(f, np.array([-7, 5], dtype='>i4'))
const std::string kBigEndianInt32 = from_hex(
    "934e554d5059010076007b276465736372273a20273e6934272c2027666f727472616e5f6f72646572273a2046616c73"
    "652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200afffffff900000005");
// np.lib.format.write_array(f, np.array([1.0, 2.0]), version=(2, 0))
const std::string kVersion2 = from_hex(
    "934e554d50590200740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a204661"
    "6c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a000000000000f03f0000000000000040");
// np.lib.format.write_array(f, np.array([1.0, 2.0]), version=(3, 0))
const std::string kVersion3 = from_hex(
    "934e554d50590300740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a204661"
    "6c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a000000000000f03f0000000000000040");
// np.save(f, np.asfortranarray(np.arange(6.0).reshape(2, 3)))
const std::string kFortran = from_hex(
    "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2054727565"
    "2c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a00000000000000000000000000000840"
    "000000000000f03f000000000000104000000000000000400000000000001440");
// np.save(f, np.array([1 + 2j]))
const std::string kComplex = from_hex(
    "934e554d5059010076007b276465736372273a20273c633136272c2027666f727472616e5f6f72646572273a2046616c"
    "73652c20277368617065273a2028312c292c207d20202020202020202020202020202020202020202020202020202020"
    "202020202020202020202020202020202020202020202020202020202020200a000000000000f03f0000000000000040");

// A hand-made version 1.0 file: `header` used as is (unpadded), then `data`.
std::string npy_v1(const std::string& header, const std::string& data = "") {
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes.push_back(static_cast<char>(header.size() & 0xff));
  bytes.push_back(static_cast<char>(header.size() >> 8));
  return bytes + header + data;
}

Tensor read_bytes(const std::string& bytes) {
  std::istringstream in(bytes);
  return read_npy(in, "mem.npy");
}

std::string write_bytes(const Tensor& t) {
  std::ostringstream out;
  write_npy(out, t);
  return out.str();
}

using ::parity::testing::error_message;

std::string read_error(const std::string& bytes) {
  return error_message([&] { read_bytes(bytes); });
}

void expect_bitwise_equal(const Tensor& a, const Tensor& b) {
  ASSERT_EQ(a.shape(), b.shape());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.numel()) * sizeof(double)), 0);
}

// A directory of its own for each test, removed afterwards.
class NpyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parity_io_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST(Npy, RoundTripIsBitwiseForAllShapes) {
  Rng rng(7);
  const double specials[] = {-0.0, std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max()};
  for (const Shape& shape : {Shape{}, Shape{0}, Shape{6}, Shape{2, 3}, Shape{2, 0, 4}, Shape{2, 3, 4},
                             Shape{1, 1, 1, 1, 1, 1, 1, 7}}) {
    Tensor t = rng.normal(shape);
    for (Index i = 0; i < std::min<Index>(t.numel(), 6); ++i) t.data()[i] = specials[i];
    const Tensor back = read_bytes(write_bytes(t));
    expect_bitwise_equal(back, t);
  }
}

TEST_F(NpyFiles, SaveAndLoadRoundTripBitwise) {
  Rng rng(11);
  const Tensor t = rng.normal(Shape{3, 5}).add_(1e-300);
  save_npy(path("a.npy"), t);
  expect_bitwise_equal(load_npy(path("a.npy")), t);
  const Tensor s = Tensor::scalar(-7.25);
  save_npy(path("a.npy"), s);  // overwrites
  expect_bitwise_equal(load_npy(path("a.npy")), s);
}

TEST(Npy, WritesVersion1HeaderPaddedTo64Bytes) {
  const std::string bytes = write_bytes(Tensor(Shape{2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_EQ(bytes.size(), 128u + 48u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(bytes[8]) + 256 * static_cast<unsigned char>(bytes[9]), 118);
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(bytes.substr(10, 118), dict + std::string(118 - dict.size() - 1, ' ') + "\n");
  double first = 0;
  std::memcpy(&first, bytes.data() + 128, sizeof first);
  EXPECT_EQ(first, 1.0);
}

TEST(Npy, WritesNumpyShapeTuples) {
  const auto header_of = [](const Tensor& t) {
    const std::string bytes = write_bytes(t);
    const std::size_t length = static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
    EXPECT_EQ((10 + length) % 64, 0u);
    EXPECT_EQ(bytes[10 + length - 1], '\n');
    const std::string header = bytes.substr(10, length);
    return header.substr(0, header.find('}') + 1);
  };
  EXPECT_EQ(header_of(Tensor::scalar(1)), "{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
  EXPECT_EQ(header_of(Tensor(Shape{5})), "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }");
  EXPECT_EQ(header_of(Tensor(Shape{0, 12, 1})),
            "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 12, 1), }");
}

TEST(Npy, ReadsNumpyFloat64) {
  const Tensor t = read_bytes(kFloat64);
  ASSERT_EQ(t.shape(), (Shape{2, 3}));
  EXPECT_EQ(t.at({0, 0}), 1.5);
  EXPECT_EQ(t.at({0, 1}), -2.0);
  EXPECT_EQ(t.at({0, 2}), 0.1);
  EXPECT_EQ(t.at({1, 0}), 1e300);
  EXPECT_EQ(t.at({1, 1}), 0.0);
  EXPECT_TRUE(std::signbit(t.at({1, 1})));
  EXPECT_EQ(t.at({1, 2}), 3.0);
  // Our writer differs from NumPy's only in header padding (NumPy reserves room to grow
  // the shape), so the data section is the same bytes.
  EXPECT_EQ(write_bytes(t).substr(128), kFloat64.substr(128));
}

TEST(Npy, ReadsNumpyIntegerFloatAndBoolTypes) {
  const Tensor f4 = read_bytes(kFloat32);
  ASSERT_EQ(f4.shape(), Shape{3});
  EXPECT_EQ(f4.at({0}), 0.5);
  EXPECT_EQ(f4.at({1}), -1.25);
  EXPECT_EQ(f4.at({2}), static_cast<double>(3.0e10f));
  const Tensor i8 = read_bytes(kInt64);
  ASSERT_EQ(i8.shape(), (Shape{2, 2}));
  EXPECT_EQ(std::vector<double>(i8.begin(), i8.end()), (std::vector<double>{-3, 0, 7, 1099511627776.0}));
  const Tensor i4 = read_bytes(kInt32);
  EXPECT_EQ(std::vector<double>(i4.begin(), i4.end()), (std::vector<double>{-7, 123456}));
  const Tensor u1 = read_bytes(kUint8);
  EXPECT_EQ(std::vector<double>(u1.begin(), u1.end()), (std::vector<double>{0, 7, 255}));
  const Tensor b1 = read_bytes(kBool);
  ASSERT_EQ(b1.shape(), (Shape{1, 3}));
  EXPECT_EQ(std::vector<double>(b1.begin(), b1.end()), (std::vector<double>{1, 0, 1}));
}

TEST(Npy, ReadsNumpyScalarEmptyAndNewerVersions) {
  const Tensor s = read_bytes(kScalar);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.item(), 2.5);
  EXPECT_EQ(read_bytes(kEmpty).shape(), (Shape{0, 3}));
  for (const std::string& file : {kVersion2, kVersion3}) {
    const Tensor t = read_bytes(file);
    EXPECT_EQ(std::vector<double>(t.begin(), t.end()), (std::vector<double>{1, 2}));
  }
}

TEST(Npy, ByteSwapsBigEndianData) {
  const Tensor f8 = read_bytes(kBigEndianFloat64);
  EXPECT_EQ(std::vector<double>(f8.begin(), f8.end()), (std::vector<double>{1.5, -2.0}));
  const Tensor i4 = read_bytes(kBigEndianInt32);
  EXPECT_EQ(std::vector<double>(i4.begin(), i4.end()), (std::vector<double>{-7, 5}));
}

TEST(Npy, AcceptsHeaderVariants) {
  const std::string data("\0\0\0\0\0\0\xf8\x3f\0\0\0\0\0\0\0\xc0", 16);  // 1.5, -2.0
  for (const std::string& header :
       {std::string("{'shape': (2,), 'descr': '<f8', 'fortran_order': False}"),
        std::string("{\"fortran_order\":False,\"shape\":(2,),\"descr\":\"<f8\",}\n"),
        std::string("  {\t'descr' : '<f8' ,\n 'fortran_order' : False , 'shape' : ( 2 , ) , }   \n"),
        std::string("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2)}")}) {
    const Tensor t = read_bytes(npy_v1(header, data));
    EXPECT_EQ(std::vector<double>(t.begin(), t.end()), (std::vector<double>{1.5, -2.0})) << header;
  }
  EXPECT_EQ(read_bytes(npy_v1("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2)}", data)).shape(),
            (Shape{1, 2}));
}

TEST(Npy, ReadsConsecutiveArraysFromOneStream) {
  std::stringstream stream;
  write_npy(stream, Tensor(Shape{2}, {1, 2}));
  write_npy(stream, Tensor::scalar(3));
  EXPECT_EQ(read_npy(stream, "s").numel(), 2);
  EXPECT_EQ(read_npy(stream, "s").item(), 3.0);
}

TEST(Npy, RejectsBadPreamble) {
  EXPECT_EQ(read_error(""), "read_npy(): mem.npy: not a .npy file (missing the magic string \\x93NUMPY)");
  EXPECT_EQ(read_error("PK\x03\x04 a zip file"),
            "read_npy(): mem.npy: not a .npy file (missing the magic string \\x93NUMPY)");
  EXPECT_EQ(read_error("\x93NUMPY"), "read_npy(): mem.npy: truncated before the format version");
  EXPECT_EQ(read_error(std::string("\x93NUMPY\x04\x00", 8)),
            "read_npy(): mem.npy: unsupported format version 4.0 (supported: 1.0, 2.0, 3.0)");
  EXPECT_EQ(read_error(std::string("\x93NUMPY\x01\x01", 8)),
            "read_npy(): mem.npy: unsupported format version 1.1 (supported: 1.0, 2.0, 3.0)");
  EXPECT_EQ(read_error(std::string("\x93NUMPY\x02\x00\x10\x00", 10)),
            "read_npy(): mem.npy: truncated before the header length");
  EXPECT_EQ(read_error(std::string("\x93NUMPY\x02\x00\x00\x00\x00\x01", 12)),
            "read_npy(): mem.npy: header length 16777216 exceeds the limit of 65536 bytes");
  EXPECT_EQ(read_error(std::string("\x93NUMPY\x01\x00\x50\x00{'descr'", 17)),
            "read_npy(): mem.npy: truncated header: expected 80 bytes, got 7");
}

TEST(Npy, RejectsMalformedHeaders) {
  const std::string prefix = "read_npy(): mem.npy: malformed header: ";
  EXPECT_EQ(read_error(npy_v1("['descr', '<f8']")),
            prefix + "expected a dict literal starting with '{' at offset 0 in \"['descr', '<f8']\"");
  EXPECT_THAT(read_error(npy_v1("{'descr': '<f8', 'fortran_order': False}")),
              HasSubstr(prefix + "missing key 'shape'"));
  EXPECT_THAT(read_error(npy_v1("{'shape': (2,), 'fortran_order': False}")),
              HasSubstr(prefix + "missing key 'descr'"));
  EXPECT_THAT(read_error(npy_v1("{'shape': (2,), 'descr': '<f8'}")),
              HasSubstr(prefix + "missing key 'fortran_order'"));
  EXPECT_THAT(read_error(npy_v1("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}")),
              HasSubstr(prefix + "unexpected key 'x'"));
  EXPECT_THAT(read_error(npy_v1("{'descr': '<f8', 'descr': '<f8'}")),
              HasSubstr(prefix + "duplicate key 'descr'"));
  EXPECT_THAT(read_error(npy_v1("{'descr' '<f8'}")), HasSubstr(prefix + "expected ':' at offset 9"));
  EXPECT_THAT(read_error(npy_v1("{'descr': '<f8")), HasSubstr(prefix + "unterminated string"));
  EXPECT_THAT(read_error(npy_v1("{'fortran_order': 0}")), HasSubstr(prefix + "expected True or False"));
  EXPECT_THAT(read_error(npy_v1("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} x")),
              HasSubstr(prefix + "unexpected text after the dict"));
  EXPECT_THAT(read_error(npy_v1("{'descr': [('a', '<f8')]}")), HasSubstr(prefix + "expected a string"));
  EXPECT_THAT(read_error(npy_v1(std::string("{\x01\x02", 3))),
              HasSubstr("expected a string at offset 1 in \"{??\""));
}

TEST(Npy, RejectsMalformedShapes) {
  const auto shape_error = [](const std::string& shape) {
    return read_error(npy_v1("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + "}"));
  };
  const std::string prefix = "read_npy(): mem.npy: malformed header: ";
  EXPECT_THAT(shape_error("(3)"), HasSubstr(prefix + "a one-element shape needs a trailing comma, e.g. (3,)"));
  EXPECT_THAT(shape_error("[3]"), HasSubstr(prefix + "expected '('"));
  EXPECT_THAT(shape_error("(-1,)"), HasSubstr(prefix + "expected a non-negative integer extent"));
  EXPECT_THAT(shape_error("(2, x)"), HasSubstr(prefix + "expected a non-negative integer extent"));
  EXPECT_THAT(shape_error("(2 3)"), HasSubstr(prefix + "expected ','"));
  EXPECT_THAT(shape_error("(1, 1, 1, 1, 1, 1, 1, 1, 1)"), HasSubstr(prefix + "shape has more than 8 axes"));
  EXPECT_THAT(shape_error("(99999999999999999999,)"), HasSubstr(prefix + "extent too large"));
  EXPECT_EQ(shape_error("(4294967296, 4294967296)"),
            "read_npy(): mem.npy: shape [4294967296,4294967296] has too many elements");
}

TEST(Npy, RejectsFortranOrderAndUnsupportedTypes) {
  EXPECT_EQ(read_error(kFortran), "read_npy(): mem.npy: Fortran-order arrays are not supported");
  const std::string supported =
      "' (supported: <f8, <f4, <i8, <i4, their big-endian forms >f8, >f4, >i8, >i4, and |u1, |b1)";
  EXPECT_EQ(read_error(kComplex), "read_npy(): mem.npy: unsupported dtype '<c16" + supported);
  EXPECT_EQ(read_error(npy_v1("{'descr': '|f8', 'fortran_order': False, 'shape': ()}")),
            "read_npy(): mem.npy: unsupported dtype '|f8" + supported);
  EXPECT_EQ(read_error(npy_v1("{'descr': '', 'fortran_order': False, 'shape': ()}")),
            "read_npy(): mem.npy: unsupported dtype '" + supported);
}

TEST(Npy, RejectsTruncatedData) {
  EXPECT_EQ(read_error(kFloat64.substr(0, kFloat64.size() - 5)),
            "read_npy(): mem.npy: truncated data: shape [2,3] of '<f8' needs 48 bytes, only 43 available");
  EXPECT_EQ(read_error(npy_v1("{'descr': '|u1', 'fortran_order': False, 'shape': (1000000, 1000000)}", "ab")),
            "read_npy(): mem.npy: truncated data: shape [1000000,1000000] of '|u1' needs 1000000000000 bytes, "
            "only 2 available");
}

TEST_F(NpyFiles, FileErrorsNameThePath) {
  const std::string missing = path("missing.npy");
  EXPECT_EQ(error_message([&] { load_npy(missing); }), "load_npy(): " + missing + ": no such file");
  EXPECT_EQ(error_message([&] { load_npy(dir_.string()); }),
            "load_npy(): " + dir_.string() + ": is a directory, not a .npy file");
  {
    std::ofstream(path("bad.npy"), std::ios::binary) << "{'descr': '<f8'}";
  }
  EXPECT_EQ(error_message([&] { load_npy(path("bad.npy")); }),
            "load_npy(): " + path("bad.npy") + ": not a .npy file (missing the magic string \\x93NUMPY)");
  {
    std::ofstream(path("fortran.npy"), std::ios::binary) << kFortran;
  }
  EXPECT_EQ(error_message([&] { load_npy(path("fortran.npy")); }),
            "load_npy(): " + path("fortran.npy") + ": Fortran-order arrays are not supported");
  const std::string no_dir = path("no/such/dir/a.npy");
  EXPECT_EQ(error_message([&] { save_npy(no_dir, Tensor::scalar(1)); }),
            "save_npy(): " + no_dir + ": cannot open for writing");
}

TEST_F(NpyFiles, RefusesUndefinedTensors) {
  EXPECT_EQ(error_message([&] { save_npy(path("u.npy"), Tensor()); }),
            "save_npy(): " + path("u.npy") + ": cannot write an undefined tensor");
  EXPECT_FALSE(std::filesystem::exists(path("u.npy")));
  std::ostringstream out;
  EXPECT_EQ(error_message([&] { write_npy(out, Tensor()); }), "write_npy(): stream: cannot write an undefined tensor");
  EXPECT_TRUE(out.str().empty());
}

TEST(Npy, ReportsStreamWriteFailure) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_EQ(error_message([&] { write_npy(out, Tensor::scalar(1)); }), "write_npy(): stream: write failed");
}

}  // namespace
}  // namespace parity
