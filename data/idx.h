// MNIST-format IDX files (LeCun et al.), plain or gzip-compressed (detected from the content;
// read through zlib). An IDX file is a big-endian header -- magic 0x0000TTDD (TT = 0x08 for
// unsigned bytes, DD = number of dimensions) and DD int32 extents -- followed by the values.
//   images: magic 0x00000803, extents [n, rows, cols] -> X [n, 1, rows, cols], pixel / 255
//   labels: magic 0x00000801, extent  [n]             -> y [n]
#pragma once

#include <filesystem>

#include "data/dataset.h"

namespace parity::data {

/// Reads an image file as [n, 1, rows, cols] in [0, 1]. Throws parity::Error naming the file
/// when it cannot be read, its gzip stream is corrupt, the magic is not 0x00000803, the header
/// or the payload is truncated, or bytes follow the payload.
Tensor read_idx_images(const std::filesystem::path& file);
/// Reads a label file as [n] (values 0..255 as float64); throws as read_idx_images (magic
/// 0x00000801).
Tensor read_idx_labels(const std::filesystem::path& file);

/// Images and labels as a Dataset: X [n, 1, rows, cols], y [n], s [n] all 0 with the single group
/// "all"; classes "0".."9" (more when a label exceeds 9). Throws when the counts differ.
Dataset load_mnist(const std::filesystem::path& images_file, const std::filesystem::path& labels_file);

}  // namespace parity::data
