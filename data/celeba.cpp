// Reading the CelebA attribute and partition lists; the format and the task are in celeba.h.
#include "data/celeba.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "data/gzip.h"
#include "tensor/check.h"

namespace parity::data {
namespace {

constexpr const char* kCaller = "load_celeba()";

// The fields of a line separated by runs of spaces or tabs.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (true) {
    i = line.find_first_not_of(" \t", i);
    if (i == std::string_view::npos) return out;
    const std::size_t end = std::min(line.find_first_of(" \t", i), line.size());
    out.push_back(line.substr(i, end - i));
    i = end;
  }
}

struct Attributes {
  std::vector<std::string> names;
  /// [n * names.size()], row-major, 1 for an attribute value 1 and 0 for -1.
  std::vector<std::uint8_t> values;
  std::vector<std::string> images;
  std::vector<Index> lines;
  std::unordered_map<std::string, Index> row_of;

  Index size() const { return static_cast<Index>(images.size()); }
};

Index parse_count(std::string_view line, const GzipLines& in) {
  const std::vector<std::string_view> f = fields(line);
  Index count = -1;
  const bool single = f.size() == 1;
  const char* end = single ? f[0].data() + f[0].size() : nullptr;
  const bool parsed = single && std::from_chars(f[0].data(), end, count).ptr == end;
  PARITY_CHECK(parsed && count >= 0, kCaller, ": ", in.where(), ": expected the number of images, got '",
               line, "'");
  return count;
}

Attributes read_attributes(const std::filesystem::path& file) {
  GzipLines in(file, kCaller);
  std::string line;
  PARITY_CHECK(in.next(line), kCaller, ": ", file.string(),
               ": empty file, expected the number of images on line 1");
  const Index count = parse_count(line, in);
  PARITY_CHECK(in.next(line), kCaller, ": ", file.string(),
               ": ends after line 1, expected the attribute names");
  Attributes a;
  for (std::string_view name : fields(line)) {
    PARITY_CHECK(std::find(a.names.begin(), a.names.end(), name) == a.names.end(), kCaller, ": ", in.where(),
                 ": attribute '", name, "' named twice");
    a.names.emplace_back(name);
  }
  PARITY_CHECK(!a.names.empty(), kCaller, ": ", in.where(),
               ": expected the attribute names, got an empty line");
  const std::size_t width = a.names.size();
  a.values.reserve(static_cast<std::size_t>(std::min<Index>(count, Index{1} << 20)) * width);
  while (in.next(line)) {
    const std::vector<std::string_view> f = fields(line);
    if (f.empty()) continue;
    PARITY_CHECK(a.size() < count, kCaller, ": ", in.where(), ": more rows than the ", count, " of line 1");
    PARITY_CHECK(f.size() == width + 1, kCaller, ": ", in.where(), ": ", f.size(),
                 " fields, expected an image id and ", width, " values");
    for (std::size_t k = 0; k < width; ++k) {
      const std::string_view v = f[k + 1];
      PARITY_CHECK(v == "1" || v == "-1", kCaller, ": ", in.where(), ": attribute '", a.names[k],
                   "': expected 1 or -1, got '", v, "'");
      a.values.push_back(v == "1" ? 1 : 0);
    }
    const auto [at, added] = a.row_of.emplace(std::string(f[0]), a.size());
    PARITY_CHECK(added, kCaller, ": ", in.where(), ": image '", f[0], "' already listed on line ",
                 a.lines[static_cast<std::size_t>(at->second)]);
    a.images.emplace_back(f[0]);
    a.lines.push_back(in.line_number());
  }
  PARITY_CHECK(a.size() == count, kCaller, ": ", file.string(), ": truncated: line 1 announces ", count,
               " images, the file ends after ", a.size(), " (line ", in.line_number(), ")");
  return a;
}

// partition[i] in {0, 1, 2} for every image i of `a`.
std::vector<int> read_partitions(const std::filesystem::path& file, const Attributes& a,
                                 const std::filesystem::path& attributes_file) {
  std::vector<int> partition(a.images.size(), -1);
  GzipLines in(file, kCaller);
  std::string line;
  while (in.next(line)) {
    const std::vector<std::string_view> f = fields(line);
    if (f.empty()) continue;
    PARITY_CHECK(f.size() == 2, kCaller, ": ", in.where(), ": ", f.size(),
                 " fields, expected an image id and a partition");
    const auto at = a.row_of.find(std::string(f[0]));
    PARITY_CHECK(at != a.row_of.end(), kCaller, ": ", in.where(), ": image '", f[0], "' is not in ",
                 attributes_file.string());
    int& p = partition[static_cast<std::size_t>(at->second)];
    PARITY_CHECK(p < 0, kCaller, ": ", in.where(), ": image '", f[0], "' listed twice");
    PARITY_CHECK(f[1] == "0" || f[1] == "1" || f[1] == "2", kCaller, ": ", in.where(),
                 ": expected partition 0, 1 or 2, got '", f[1], "'");
    p = f[1][0] - '0';
  }
  const auto missing = std::find(partition.begin(), partition.end(), -1);
  if (missing != partition.end()) {
    const auto i = static_cast<std::size_t>(missing - partition.begin());
    PARITY_CHECK(false, kCaller, ": ", file.string(), ": no partition for image '", a.images[i], "' (",
                 attributes_file.string(), ":", a.lines[i], ")");
  }
  return partition;
}

std::size_t attribute_index(const Attributes& a, const std::string& name, const char* role,
                            const std::filesystem::path& file) {
  const auto at = std::find(a.names.begin(), a.names.end(), name);
  if (at == a.names.end()) {
    std::string known;
    for (const std::string& n : a.names) known += (known.empty() ? "" : ", ") + n;
    PARITY_CHECK(false, kCaller, ": ", role, " '", name, "' is not an attribute of ", file.string(), " (",
                 known, ")");
  }
  return static_cast<std::size_t>(at - a.names.begin());
}

// Names of the ids 0 (value -1) and 1 (value 1) of a binary attribute.
std::vector<std::string> binary_names(const std::string& attribute) {
  if (attribute == "Male") return {"Female", "Male"};
  return {"not_" + attribute, attribute};
}

}  // namespace

DatasetSplit load_celeba(const std::filesystem::path& attributes_file,
                         const std::filesystem::path& partition_file, const CelebaOptions& options) {
  const Attributes a = read_attributes(attributes_file);
  const std::vector<int> partition = read_partitions(partition_file, a, attributes_file);
  const std::size_t label = attribute_index(a, options.label, "label", attributes_file);
  const std::size_t sensitive = attribute_index(a, options.sensitive, "sensitive attribute", attributes_file);
  PARITY_CHECK(label != sensitive, kCaller, ": label and sensitive attribute are both '", options.label, "'");

  std::vector<std::size_t> features;
  std::vector<std::string> feature_names;
  for (std::size_t k = 0; k < a.names.size(); ++k) {
    if (k == label || (k == sensitive && !options.sensitive_as_feature)) continue;
    features.push_back(k);
    feature_names.push_back(a.names[k]);
  }
  std::array<Index, 3> sizes{};
  for (int p : partition) ++sizes[static_cast<std::size_t>(p)];

  DatasetSplit split;
  const std::array<Dataset*, 3> parts{&split.train, &split.validation, &split.test};
  for (std::size_t p = 0; p < parts.size(); ++p) {
    Dataset& d = *parts[p];
    d.X = Tensor::empty(Shape{sizes[p], static_cast<Index>(features.size())});
    d.y = Tensor::empty(Shape{sizes[p]});
    d.s = Tensor::empty(Shape{sizes[p]});
    d.feature_names = feature_names;
    d.class_names = binary_names(options.label);
    d.group_names = binary_names(options.sensitive);
  }
  std::array<Index, 3> filled{};
  const std::size_t width = a.names.size();
  for (std::size_t i = 0; i < partition.size(); ++i) {
    const auto p = static_cast<std::size_t>(partition[i]);
    Dataset& d = *parts[p];
    const Index row = filled[p]++;
    const std::uint8_t* values = a.values.data() + i * width;
    double* x = d.X.data() + row * static_cast<Index>(features.size());
    for (std::size_t j = 0; j < features.size(); ++j) x[j] = values[features[j]];
    d.y.data()[row] = values[label];
    d.s.data()[row] = values[sensitive];
  }
  for (const Dataset* d : parts) d->validate(kCaller);
  return split;
}

}  // namespace parity::data
