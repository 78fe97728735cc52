// Shape operations. reshape is a Tensor method (free); everything here copies.
#pragma once

#include <span>
#include <vector>

#include "tensor/tensor.h"

namespace parity {

/// Swaps the last two axes: [..., m, n] -> [..., n, m].
Tensor transpose(const Tensor& a);
/// Reorders the axes: out.shape[i] = a.shape[dims[i]]; dims is a permutation of 0..rank-1.
Tensor permute(const Tensor& a, std::span<const int> dims);
Tensor permute(const Tensor& a, std::initializer_list<int> dims);
/// Rows [begin, end) along axis 0.
Tensor slice_rows(const Tensor& a, Index begin, Index end);
/// Rows a[indices[0]], a[indices[1]], ... along axis 0 (indices may repeat).
Tensor gather_rows(const Tensor& a, std::span<const Index> indices);
/// Joins tensors along `axis`; all other extents must agree.
Tensor concat(std::span<const Tensor> tensors, int axis);
Tensor concat(std::initializer_list<Tensor> tensors, int axis);
/// Expands `a` to `shape` by NumPy broadcasting (returns `a` itself when shapes agree).
Tensor broadcast_to(const Tensor& a, const Shape& shape);

}  // namespace parity
