// Tests for the IDX reader: small image and label files written here (plain and gzip), every
// error path, and the real MNIST test files when present (skipped otherwise). The pinned
// histograms were computed once from the files' bytes with an independent script.
#include "data/idx.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cmath>
#include <string>
#include <vector>

#include "common/data_dir.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;
using test_util::TempFile;
using test_util::Bytes;
using test_util::read_bytes;
using test_util::write_gzip;
using test_util::write_plain;

void put_u32(Bytes& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<unsigned char>((v >> shift) & 0xFFu));
}

Bytes idx_file(std::uint32_t magic, const std::vector<std::uint32_t>& extents, const Bytes& payload) {
  Bytes out;
  put_u32(out, magic);
  for (std::uint32_t e : extents) put_u32(out, e);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

// Three 2 x 2 images and their labels.
const Bytes kPixels{0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0};
const Bytes kImages = idx_file(0x00000803u, {3, 2, 2}, kPixels);
const Bytes kLabels = idx_file(0x00000801u, {3}, {7, 0, 9});

void expect_images(const Tensor& images) {
  ASSERT_EQ(images.shape(), (Shape{3, 1, 2, 2}));
  for (std::size_t i = 0; i < kPixels.size(); ++i) EXPECT_EQ(images.data()[i], kPixels[i] / 255.0) << i;
}

TEST(Idx, ReadsPlainAndGzipFiles) {
  const TempFile plain("images.idx"), gz("images.idx.gz"), labels("labels.idx.gz");
  write_plain(plain.path(), kImages);
  write_gzip(gz.path(), kImages);
  write_gzip(labels.path(), kLabels);
  expect_images(read_idx_images(plain.path()));
  expect_images(read_idx_images(gz.path()));
  const Tensor y = read_idx_labels(labels.path());
  EXPECT_EQ(std::vector<double>(y.begin(), y.end()), (std::vector<double>{7, 0, 9}));
}

TEST(Idx, LoadMnistBuildsADataset) {
  const TempFile images("mnist_images.idx"), labels("mnist_labels.idx");
  write_plain(images.path(), kImages);
  write_plain(labels.path(), kLabels);
  const Dataset d = load_mnist(images.path(), labels.path());
  expect_images(d.X);
  EXPECT_EQ(d.num_features(), 4);
  EXPECT_EQ(d.num_classes(), 10);
  EXPECT_EQ(d.class_names[9], "9");
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"all"}));
  EXPECT_EQ(d.group_counts(), (std::vector<Index>{3}));
  EXPECT_EQ(d.class_counts(), (std::vector<Index>{1, 0, 0, 0, 0, 0, 0, 1, 0, 1}));
}

TEST(Idx, ErrorsNameTheFile) {
  const TempFile f("bad.idx");
  const std::string name = f.path().string();
  write_plain(f.path(), kLabels);
  EXPECT_EQ(error_message([&] { read_idx_images(f.path()); }),
            "read_idx_images(): " + name + ": bad magic 0x00000801, expected 0x00000803");
  write_plain(f.path(), Bytes(kImages.begin(), kImages.end() - 2));
  EXPECT_EQ(error_message([&] { read_idx_images(f.path()); }),
            "read_idx_images(): " + name + ": truncated payload: 10 bytes for extents 3 x 2 x 2");
  // Extents whose product overflows 64 bits are a truncated payload too, not a huge allocation.
  write_plain(f.path(), idx_file(0x00000803u, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, {1, 2, 3}));
  EXPECT_EQ(error_message([&] { read_idx_images(f.path()); }),
            "read_idx_images(): " + name + ": truncated payload: 3 bytes for extents 4294967295 x 4294967295 x 4294967295");
  write_plain(f.path(), Bytes(kImages.begin(), kImages.begin() + 10));
  EXPECT_EQ(error_message([&] { read_idx_images(f.path()); }),
            "read_idx_images(): " + name + ": truncated header: 10 bytes, need 16");
  write_plain(f.path(), Bytes{0, 0});
  EXPECT_EQ(error_message([&] { read_idx_labels(f.path()); }),
            "read_idx_labels(): " + name + ": 2 bytes, too short for an IDX magic");
  Bytes longer = kLabels;
  longer.push_back(1);
  write_plain(f.path(), longer);
  EXPECT_EQ(error_message([&] { read_idx_labels(f.path()); }), "read_idx_labels(): " + name + ": 1 bytes after the payload of 3");
  EXPECT_EQ(error_message([] { read_idx_labels("/nonexistent/parity/labels.idx"); }),
            "read_idx_labels(): cannot open /nonexistent/parity/labels.idx");
}

TEST(Idx, TruncatedGzipStreamIsAnError) {
  const TempFile gz("truncated.idx.gz");
  write_gzip(gz.path(), kImages);
  Bytes bytes = read_bytes(gz.path());
  bytes.resize(bytes.size() - 6);  // cut into the CRC / length trailer
  write_plain(gz.path(), bytes);
  EXPECT_EQ(error_message([&] { read_idx_images(gz.path()); }).rfind(
                "read_idx_images(): " + gz.path().string() + ": corrupt or truncated gzip stream (", 0),
            0u);
}

TEST(Idx, CountMismatchIsAnError) {
  const TempFile images("mismatch_images.idx"), labels("mismatch_labels.idx");
  write_plain(images.path(), kImages);
  write_plain(labels.path(), idx_file(0x00000801u, {2}, {1, 2}));
  EXPECT_EQ(error_message([&] { load_mnist(images.path(), labels.path()); }),
            "load_mnist(): 3 images in " + images.path().string() + " but 2 labels in " + labels.path().string());
}

TEST(Idx, RealMnistTestSet) {
  PARITY_REQUIRE_DATA(images, "mnist/t10k-images-idx3-ubyte.gz");
  PARITY_REQUIRE_DATA(labels, "mnist/t10k-labels-idx1-ubyte.gz");
  const Dataset d = load_mnist(images, labels);
  ASSERT_EQ(d.X.shape(), (Shape{10000, 1, 28, 28}));
  EXPECT_EQ(d.class_counts(), (std::vector<Index>{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}));
  EXPECT_EQ(std::vector<double>(d.y.begin(), d.y.begin() + 10), (std::vector<double>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}));
  // Byte sums: 18,454 for the first image, 264,923,200 for all.
  double first = 0.0, all = 0.0;
  for (Index i = 0; i < d.X.numel(); ++i) {
    const double byte = std::round(d.X.data()[i] * 255.0);
    all += byte;
    if (i < 784) first += byte;
  }
  EXPECT_EQ(first, 18454.0);
  EXPECT_EQ(all, 264923200.0);
}

TEST(Idx, RealMnistTrainLabels) {
  PARITY_REQUIRE_DATA(labels, "mnist/train-labels-idx1-ubyte.gz");
  const Tensor y = read_idx_labels(labels);
  std::array<Index, 10> counts{};
  for (double v : y) ++counts[static_cast<std::size_t>(v)];
  EXPECT_EQ(counts, (std::array<Index, 10>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}));
}

}  // namespace
}  // namespace parity::data
