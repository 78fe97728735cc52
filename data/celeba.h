// CelebA face attributes without the images (Liu, Luo, Wang & Tang, ICCV 2015): the 40 binary
// annotations of list_attr_celeba.txt and the official split of list_eval_partition.txt, both
// plain or gzip-compressed, CRLF or LF line endings.
//   list_attr_celeba.txt    line 1: the number of images N; line 2: the 40 attribute names;
//                           then N lines "<image_id> <40 values of 1 or -1>", separated by one
//                           or more spaces;
//   list_eval_partition.txt one line "<image_id> <partition>" per image, 0 train (162,770),
//                           1 validation (19,867), 2 test (19,962).
// The task predicts one attribute (label, default Attractive: 1 -> class 1) from the others as
// 0/1 features (1 -> 1, -1 -> 0, not standardised, named by the attribute), with a sensitive
// attribute (default Male) giving the groups: -1 -> group 0, 1 -> group 1 (for Male, "Female"
// and "Male"; otherwise "not_<name>" and "<name>", as the classes). The sensitive attribute is
// a feature only when sensitive_as_feature, so the default task has 38 features.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "data/split.h"

namespace parity::data {

struct CelebaOptions {
  std::string label = "Attractive";
  std::string sensitive = "Male";
  bool sensitive_as_feature = false;
};

/// The official train / validation / test parts. Throws parity::Error naming the file (and the
/// line) when a file cannot be read, the count line or the names line is malformed, a row has
/// the wrong number of fields or a value other than 1 / -1 (resp. a partition other than
/// 0, 1, 2), the attribute file has fewer or more rows than its count line says, an image is
/// listed twice or lacks a partition, the partition file lists an image the attribute file
/// does not, or label / sensitive are not attribute names or are the same attribute.
DatasetSplit load_celeba(const std::filesystem::path& attributes_file,
                         const std::filesystem::path& partition_file, const CelebaOptions& options = {});

}  // namespace parity::data
