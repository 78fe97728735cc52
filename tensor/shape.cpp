#include "tensor/shape.h"

#include <algorithm>
#include <limits>
#include <ostream>
#include <sstream>

#include "tensor/check.h"

namespace parity {

Shape::Shape(std::initializer_list<Index> dims) : Shape(std::span<const Index>(dims.begin(), dims.size())) {}

Shape::Shape(std::span<const Index> dims) {
  PARITY_CHECK(dims.size() <= static_cast<std::size_t>(kMaxRank), "Shape(): rank ", dims.size(),
               " exceeds the maximum rank ", kMaxRank);
  for (Index d : dims) {
    PARITY_CHECK(d >= 0, "Shape(): negative extent ", d);
    dims_[static_cast<std::size_t>(rank_++)] = d;
  }
}

Index Shape::size(int axis) const { return (*this)[normalize_axis(axis, "Shape::size()")]; }

Index Shape::numel() const {
  Index n = 1;
  for (Index d : *this) {
    PARITY_CHECK(d == 0 || n <= std::numeric_limits<Index>::max() / d, "Shape::numel(): ", *this,
                 " has more elements than an int64 holds");
    n *= d;
  }
  return n;
}

int Shape::normalize_axis(int axis, const char* caller) const {
  const int resolved = axis < 0 ? axis + rank_ : axis;
  PARITY_CHECK(resolved >= 0 && resolved < rank_, caller, ": axis ", axis, " out of range for shape ",
               *this);
  return resolved;
}

void Shape::push_back(Index extent) {
  PARITY_CHECK(rank_ < kMaxRank, "Shape::push_back(): rank would exceed ", kMaxRank);
  PARITY_CHECK(extent >= 0, "Shape::push_back(): negative extent ", extent);
  dims_[static_cast<std::size_t>(rank_++)] = extent;
}

Shape Shape::prepended(Index extent) const {
  Shape out;
  out.push_back(extent);
  for (Index d : *this) out.push_back(d);
  return out;
}

Shape Shape::slice(int begin, int end) const {
  PARITY_ASSERT(0 <= begin && begin <= end && end <= rank_);
  return Shape(dims().subspan(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
}

bool operator==(const Shape& a, const Shape& b) {
  if (a.rank_ != b.rank_) return false;
  for (int i = 0; i < a.rank_; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

std::string Shape::to_string() const {
  std::ostringstream os;
  os << *this;
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const Shape& shape) {
  os << '[';
  for (int i = 0; i < shape.rank(); ++i) os << (i ? "," : "") << shape[i];
  return os << ']';
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* caller) {
  const int rank = std::max(a.rank(), b.rank());
  std::array<Index, Shape::kMaxRank> dims{};
  for (int i = 0; i < rank; ++i) {
    const int ia = a.rank() - rank + i;
    const int ib = b.rank() - rank + i;
    const Index da = ia >= 0 ? a[ia] : 1;
    const Index db = ib >= 0 ? b[ib] : 1;
    PARITY_CHECK(da == db || da == 1 || db == 1, caller, ": shapes ", a, " and ", b,
                 " cannot be broadcast (axis ", i, ": ", da, " vs ", db, ")");
    dims[static_cast<std::size_t>(i)] = da == 1 ? db : da;
  }
  return Shape(std::span<const Index>(dims.data(), static_cast<std::size_t>(rank)));
}

std::array<Index, Shape::kMaxRank> row_major_strides(const Shape& shape) {
  std::array<Index, Shape::kMaxRank> strides{};
  Index stride = 1;
  for (int i = shape.rank() - 1; i >= 0; --i) {
    strides[static_cast<std::size_t>(i)] = stride;
    stride *= shape[i];
  }
  return strides;
}

}  // namespace parity
