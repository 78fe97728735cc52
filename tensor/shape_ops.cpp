#include "tensor/shape_ops.h"

#include <algorithm>
#include <cstring>

#include "tensor/check.h"
#include "tensor/kernels.h"

namespace parity {

Tensor transpose(const Tensor& a) {
  check_defined(a, "transpose()", "argument");
  PARITY_CHECK(a.dim() >= 2, "transpose(): needs rank >= 2, got shape ", a.shape());
  const Index m = a.size(-2);
  const Index n = a.size(-1);
  Shape out_shape = a.shape();
  out_shape[a.dim() - 2] = n;
  out_shape[a.dim() - 1] = m;
  Tensor out = Tensor::empty(out_shape);
  const Index batch = m * n == 0 ? 0 : a.numel() / (m * n);
  for (Index b = 0; b < batch; ++b) {
    const double* src = a.data() + b * m * n;
    double* dst = out.data() + b * m * n;
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < n; ++j) dst[j * m + i] = src[i * n + j];
    }
  }
  return out;
}

Tensor permute(const Tensor& a, std::span<const int> dims) {
  check_defined(a, "permute()", "argument");
  const int rank = a.dim();
  PARITY_CHECK(static_cast<int>(dims.size()) == rank, "permute(): ", dims.size(),
               " axes given for shape ", a.shape());
  std::array<bool, Shape::kMaxRank> seen{};
  Shape out_shape;
  for (int d : dims) {
    PARITY_CHECK(d >= 0 && d < rank && !seen[static_cast<std::size_t>(d)], "permute(): axes are not a ",
                 "permutation of 0..", rank - 1, " (bad entry ", d, ")");
    seen[static_cast<std::size_t>(d)] = true;
    out_shape.push_back(a.shape()[d]);
  }
  // Read strides of `a` reordered into the output's axis order; iterate the output.
  const auto in_strides = row_major_strides(a.shape());
  std::array<Index, Shape::kMaxRank> stride{};
  for (int i = 0; i < rank; ++i) stride[static_cast<std::size_t>(i)] = in_strides[static_cast<std::size_t>(dims[static_cast<std::size_t>(i)])];
  Tensor out = Tensor::empty(out_shape);
  std::array<Index, Shape::kMaxRank> counter{};
  Index offset = 0;
  for (Index flat_out = 0; flat_out < out.numel(); ++flat_out) {
    out.data()[flat_out] = a.data()[offset];
    for (int axis = rank - 1; axis >= 0; --axis) {
      const auto ax = static_cast<std::size_t>(axis);
      offset += stride[ax];
      if (++counter[ax] < out_shape[axis]) break;
      offset -= stride[ax] * out_shape[axis];
      counter[ax] = 0;
    }
  }
  return out;
}

Tensor permute(const Tensor& a, std::initializer_list<int> dims) {
  return permute(a, std::span<const int>(dims.begin(), dims.size()));
}

Tensor slice_rows(const Tensor& a, Index begin, Index end) {
  check_defined(a, "slice_rows()", "argument");
  PARITY_CHECK(a.dim() >= 1, "slice_rows(): needs rank >= 1, got a scalar");
  PARITY_CHECK(0 <= begin && begin <= end && end <= a.size(0), "slice_rows(): rows [", begin, ", ", end,
               ") out of range for shape ", a.shape());
  Shape out_shape = a.shape();
  out_shape[0] = end - begin;
  Tensor out = Tensor::empty(out_shape);
  const Index row = a.size(0) == 0 ? 0 : a.numel() / a.size(0);
  std::copy(a.data() + begin * row, a.data() + end * row, out.data());
  return out;
}

Tensor gather_rows(const Tensor& a, std::span<const Index> indices) {
  check_defined(a, "gather_rows()", "argument");
  PARITY_CHECK(a.dim() >= 1, "gather_rows(): needs rank >= 1, got a scalar");
  Shape out_shape = a.shape();
  out_shape[0] = static_cast<Index>(indices.size());
  Tensor out = Tensor::empty(out_shape);
  const Index rows = a.size(0);
  const Index row = rows == 0 ? 0 : a.numel() / rows;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Index r = indices[i];
    PARITY_CHECK(r >= 0 && r < rows, "gather_rows(): index ", r, " at position ", i,
                 " out of range for ", rows, " rows");
    std::copy(a.data() + r * row, a.data() + (r + 1) * row, out.data() + static_cast<Index>(i) * row);
  }
  return out;
}

Tensor concat(std::span<const Tensor> tensors, int axis) {
  PARITY_CHECK(!tensors.empty(), "concat(): no tensors given");
  for (const Tensor& t : tensors) check_defined(t, "concat()", "input");
  const Shape& first = tensors[0].shape();
  const int ax = first.normalize_axis(axis, "concat()");
  Shape out_shape = first;
  out_shape[ax] = 0;
  for (std::size_t k = 0; k < tensors.size(); ++k) {
    const Shape& s = tensors[k].shape();
    bool compatible = s.rank() == first.rank();
    for (int i = 0; compatible && i < s.rank(); ++i) compatible = i == ax || s[i] == first[i];
    PARITY_CHECK(compatible, "concat(): input ", k, " has shape ", s, ", incompatible with ", first,
                 " along axis ", ax);
    out_shape[ax] += s[ax];
  }
  Index outer = 1;
  for (int i = 0; i < ax; ++i) outer *= first[i];
  Tensor out = Tensor::empty(out_shape);
  const Index out_row = outer == 0 ? 0 : out.numel() / outer;
  Index column = 0;
  for (const Tensor& t : tensors) {
    const Index row = outer == 0 ? 0 : t.numel() / outer;
    for (Index o = 0; o < outer; ++o) {
      std::copy(t.data() + o * row, t.data() + (o + 1) * row, out.data() + o * out_row + column);
    }
    column += row;
  }
  return out;
}

Tensor concat(std::initializer_list<Tensor> tensors, int axis) {
  return concat(std::span<const Tensor>(tensors.begin(), tensors.size()), axis);
}

Tensor broadcast_to(const Tensor& a, const Shape& shape) {
  check_defined(a, "broadcast_to()", "argument");
  if (a.shape() == shape) return a;
  PARITY_CHECK(broadcast_shapes(a.shape(), shape, "broadcast_to()") == shape, "broadcast_to(): ",
               a.shape(), " does not broadcast to ", shape);
  Tensor out = Tensor::empty(shape);
  const kernels::BroadcastPlan plan = kernels::make_plan(shape, a.shape(), shape);
  const double* src = a.data();
  double* dst = out.data();
  kernels::for_each_run(plan, [&](Index oa, Index, Index oo, Index n, Index sa, Index) {
    if (sa == 1) {
      std::memcpy(dst + oo, src + oa, static_cast<std::size_t>(n) * sizeof(double));
    } else {
      const double* x = src + oa;
      for (Index i = 0; i < n; ++i) dst[oo + i] = x[i * sa];
    }
  });
  return out;
}

}  // namespace parity
