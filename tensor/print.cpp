// Text form of tensors (layout documented in print.h). Two passes over the printed entries:
// the first finds the common width, the second writes brackets, separators and padded values.
// Between entries of axis a of a rank-r tensor the separator is ", " on the last axis and
// otherwise "," followed by r - 1 - a newlines and the indentation of depth a + 1.
#include "tensor/print.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <ostream>
#include <string_view>
#include <vector>

#include "tensor/check.h"

namespace parity {
namespace {

constexpr std::string_view kOpen = "tensor(";

std::string format_value(double value, int precision) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::general, precision);
  PARITY_ASSERT(result.ec == std::errc());
  return std::string(buffer.data(), result.ptr);
}

class Formatter {
 public:
  Formatter(const Tensor& t, const PrintOptions& options)
      : t_(t), options_(options), strides_(row_major_strides(t.shape())),
        summarise_(t.numel() > options.threshold) {}

  // The bracketed entries; continuation lines are indented by `indent` columns plus depth.
  std::string format(std::size_t indent) {
    if (t_.dim() == 0) return format_value(t_.item(), options_.precision);
    if (t_.numel() == 0) return "[]";
    indent_ = indent;
    width_ = 0;
    measure(0, 0);
    std::string out;
    write(0, 0, out);
    return out;
  }

 private:
  // The indices printed along `axis`; -1 stands for the "..." of a summarised axis.
  std::vector<Index> printed_indices(int axis) const {
    const Index extent = t_.size(axis);
    const Index edge = options_.edge_items;
    std::vector<Index> indices;
    if (!summarise_ || extent <= 2 * edge) {
      for (Index i = 0; i < extent; ++i) indices.push_back(i);
      return indices;
    }
    for (Index i = 0; i < edge; ++i) indices.push_back(i);
    indices.push_back(-1);
    for (Index i = extent - edge; i < extent; ++i) indices.push_back(i);
    return indices;
  }

  void measure(int axis, Index offset) {
    for (Index i : printed_indices(axis)) {
      if (i < 0) continue;
      const Index at = offset + i * strides_[static_cast<std::size_t>(axis)];
      if (axis + 1 == t_.dim()) {
        width_ = std::max(width_, format_value(t_.data()[at], options_.precision).size());
      } else {
        measure(axis + 1, at);
      }
    }
  }

  std::string separator(int axis) const {
    if (axis + 1 == t_.dim()) return ", ";
    std::string text = ",";
    text.append(static_cast<std::size_t>(t_.dim() - 1 - axis), '\n');
    text.append(indent_ + static_cast<std::size_t>(axis) + 1, ' ');
    return text;
  }

  void write(int axis, Index offset, std::string& out) const {
    out += '[';
    const std::vector<Index> indices = printed_indices(axis);
    for (std::size_t k = 0; k < indices.size(); ++k) {
      if (k > 0) out += separator(axis);
      if (indices[k] < 0) {
        out += "...";
        continue;
      }
      const Index at = offset + indices[k] * strides_[static_cast<std::size_t>(axis)];
      if (axis + 1 == t_.dim()) {
        const std::string value = format_value(t_.data()[at], options_.precision);
        out.append(width_ - value.size(), ' ');
        out += value;
      } else {
        write(axis + 1, at, out);
      }
    }
    out += ']';
  }

  const Tensor& t_;
  const PrintOptions& options_;
  std::array<Index, Shape::kMaxRank> strides_;
  bool summarise_;
  std::size_t indent_ = 0;
  std::size_t width_ = 0;
};

void check_options(const PrintOptions& options) {
  PARITY_CHECK(options.precision >= 1 && options.precision <= 17,
               "to_string(): precision must be in [1, 17], got ", options.precision);
  PARITY_CHECK(options.edge_items >= 1, "to_string(): edge_items must be >= 1, got ", options.edge_items);
  PARITY_CHECK(options.threshold >= 0, "to_string(): threshold must be >= 0, got ", options.threshold);
}

}  // namespace

std::string to_string(const Tensor& t, const PrintOptions& options) {
  check_options(options);
  if (!t.defined()) return "tensor(undefined)";
  return std::string(kOpen) + Formatter(t, options).format(kOpen.size()) + ")";
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  const std::string text = to_string(t);
  if (!t.defined()) return os << text;
  return os << std::string_view(text).substr(0, text.size() - 1) << ", shape=" << t.shape() << ')';
}

}  // namespace parity
