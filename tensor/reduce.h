// Reductions over one axis (keepdim or not) or over all elements, and sum_to_shape, the
// reduction that undoes a broadcast. A negative axis counts from the end.
#pragma once

#include "tensor/tensor.h"

namespace parity {

/// Sum of all elements (rank-0 result).
Tensor sum(const Tensor& a);
Tensor sum(const Tensor& a, int axis, bool keepdim = false);
/// Mean of all elements / along an axis; throws on an empty reduction.
Tensor mean(const Tensor& a);
Tensor mean(const Tensor& a, int axis, bool keepdim = false);
/// Maximum and minimum (NaN propagates); throw on an empty reduction.
Tensor max(const Tensor& a);
Tensor max(const Tensor& a, int axis, bool keepdim = false);
Tensor min(const Tensor& a);
Tensor min(const Tensor& a, int axis, bool keepdim = false);
/// Index of the first maximum along `axis` (as float64 values).
Tensor argmax(const Tensor& a, int axis, bool keepdim = false);
/// log(sum(exp(a))) computed as m + log(sum(exp(a - m))), m the maximum: finite for
/// arguments of any magnitude.
Tensor logsumexp(const Tensor& a);
Tensor logsumexp(const Tensor& a, int axis, bool keepdim = false);

/// Sums `a` over the axes along which `shape` was broadcast to a.shape(): the adjoint of
/// broadcast_to(x, a.shape()) for x of shape `shape`. Returns `a` itself (shared storage)
/// when the shapes already agree.
Tensor sum_to_shape(const Tensor& a, const Shape& shape);

}  // namespace parity
