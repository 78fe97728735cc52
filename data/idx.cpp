// IDX decoding; read_gzip_bytes() (data/gzip.h) reads gzip and plain files alike, so one path serves both.
#include "data/idx.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "data/gzip.h"
#include "tensor/check.h"

namespace parity::data {

namespace {

std::uint32_t big_endian_u32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string hex(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

// The extents and the payload offset of an IDX file with the given magic.
std::vector<Index> read_header(const std::vector<unsigned char>& bytes, std::uint32_t magic,
                               const std::filesystem::path& file, const char* caller) {
  PARITY_CHECK(bytes.size() >= 4, caller, ": ", file.string(), ": ", bytes.size(), " bytes, too short for an IDX magic");
  const std::uint32_t found = big_endian_u32(bytes.data());
  PARITY_CHECK(found == magic, caller, ": ", file.string(), ": bad magic ", hex(found), ", expected ", hex(magic));
  const std::size_t dims = magic & 0xFFu;
  PARITY_CHECK(bytes.size() >= 4 + 4 * dims, caller, ": ", file.string(), ": truncated header: ", bytes.size(),
               " bytes, need ", 4 + 4 * dims);
  const auto header = static_cast<Index>(4 + 4 * dims);
  const Index payload = static_cast<Index>(bytes.size()) - header;
  std::vector<Index> extents;
  Index count = 1;  // stays <= payload + 1 while checked, so the product cannot overflow
  bool fits = true;
  for (std::size_t k = 0; k < dims; ++k) {
    extents.push_back(static_cast<Index>(big_endian_u32(bytes.data() + 4 + 4 * k)));
    fits = fits && (extents.back() == 0 || count <= payload / extents.back());
    if (fits) count *= extents.back();
  }
  std::ostringstream wanted;
  for (std::size_t k = 0; k < dims; ++k) wanted << (k ? " x " : "") << extents[k];
  PARITY_CHECK(fits, caller, ": ", file.string(), ": truncated payload: ", payload, " bytes for extents ", wanted.str());
  PARITY_CHECK(payload == count, caller, ": ", file.string(), ": ", payload - count, " bytes after the payload of ",
               count);
  return extents;
}

}  // namespace

Tensor read_idx_images(const std::filesystem::path& file) {
  const char* caller = "read_idx_images()";
  const std::vector<unsigned char> bytes = read_gzip_bytes(file, caller);
  const std::vector<Index> e = read_header(bytes, 0x00000803u, file, caller);
  Tensor images = Tensor::empty(Shape{e[0], 1, e[1], e[2]});
  const unsigned char* pixels = bytes.data() + 16;
  for (Index i = 0; i < images.numel(); ++i) images.data()[i] = static_cast<double>(pixels[i]) / 255.0;
  return images;
}

Tensor read_idx_labels(const std::filesystem::path& file) {
  const char* caller = "read_idx_labels()";
  const std::vector<unsigned char> bytes = read_gzip_bytes(file, caller);
  const std::vector<Index> e = read_header(bytes, 0x00000801u, file, caller);
  Tensor labels = Tensor::empty(Shape{e[0]});
  const unsigned char* values = bytes.data() + 8;
  for (Index i = 0; i < labels.numel(); ++i) labels.data()[i] = static_cast<double>(values[i]);
  return labels;
}

Dataset load_mnist(const std::filesystem::path& images_file, const std::filesystem::path& labels_file) {
  Dataset data;
  data.X = read_idx_images(images_file);
  data.y = read_idx_labels(labels_file);
  PARITY_CHECK(data.X.size(0) == data.y.size(0), "load_mnist(): ", data.X.size(0), " images in ",
               images_file.string(), " but ", data.y.size(0), " labels in ", labels_file.string());
  data.s = Tensor(Shape{data.y.size(0)});
  data.group_names = {"all"};
  const double top = data.y.numel() == 0 ? 0.0 : *std::max_element(data.y.begin(), data.y.end());
  const auto classes = std::max<Index>(10, static_cast<Index>(top) + 1);
  for (Index k = 0; k < classes; ++k) data.class_names.push_back(std::to_string(k));
  return data;
}

}  // namespace parity::data
