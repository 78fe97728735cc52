// Shape: the int64 extents of a row-major tensor, stored inline (rank <= kMaxRank),
// and NumPy broadcasting of two shapes.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <span>
#include <string>

namespace parity {

using Index = std::int64_t;

class Shape {
 public:
  static constexpr int kMaxRank = 8;

  Shape() = default;
  Shape(std::initializer_list<Index> dims);
  explicit Shape(std::span<const Index> dims);

  int rank() const { return rank_; }
  Index operator[](int axis) const { return dims_[static_cast<std::size_t>(axis)]; }
  Index& operator[](int axis) { return dims_[static_cast<std::size_t>(axis)]; }
  /// Extent of `axis`, where a negative axis counts from the end (-1 = last).
  Index size(int axis) const;
  /// Number of elements: the product of the extents (1 for rank 0).
  Index numel() const;
  /// Resolves a possibly negative axis into [0, rank); throws when out of range.
  int normalize_axis(int axis, const char* caller) const;

  const Index* begin() const { return dims_.data(); }
  const Index* end() const { return dims_.data() + rank_; }
  std::span<const Index> dims() const { return {dims_.data(), static_cast<std::size_t>(rank_)}; }

  void push_back(Index extent);
  /// Shape with `extent` inserted in front: prepend(K, [B, n]) = [K, B, n].
  Shape prepended(Index extent) const;
  /// The sub-shape of axes [begin, end).
  Shape slice(int begin, int end) const;

  friend bool operator==(const Shape& a, const Shape& b);
  std::string to_string() const;

 private:
  std::array<Index, kMaxRank> dims_{};
  int rank_ = 0;
};

std::ostream& operator<<(std::ostream& os, const Shape& shape);

/// NumPy broadcasting: shapes aligned on their last axis; extents equal or one of them 1.
/// Throws parity::Error naming `caller` and both shapes when they are incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* caller);

/// Row-major strides (in elements) of `shape`.
std::array<Index, Shape::kMaxRank> row_major_strides(const Shape& shape);

}  // namespace parity
