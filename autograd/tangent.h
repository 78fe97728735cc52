// Helpers for tangents, which carry a leading directions axis: t_dot is [K, shape].
#pragma once

#include "tensor/tensor.h"

namespace parity::tangent {

/// Number of directions K of a tangent.
inline Index directions(const Tensor& t_dot) { return t_dot.size(0); }

/// [K, s...] -> [K, 1, ..., 1, s...] of total rank 1 + rank, so that NumPy broadcasting
/// against a value of rank `rank` aligns the value's axes with the tangent's own.
Tensor lift(const Tensor& t_dot, int rank);

/// [K, out...] -> [K, shape...]: sums over the axes along which `shape` was broadcast to
/// `out` (the adjoint of broadcasting with a leading directions axis).
Tensor sum_to(const Tensor& t_dot, const Shape& shape);

/// Adds two tangents where either may be undefined (zero).
Tensor add(const Tensor& a, const Tensor& b);

/// Broadcasts t, which has `lead` (0 or 1) leading axes before a shape that broadcasts to
/// `shape`, to [lead axes] + shape.
Tensor expand(const Tensor& t, int lead, const Shape& shape);
/// The adjoint of expand: sums t ([lead axes] + out) down to [lead axes] + shape.
Tensor reduce(const Tensor& t, int lead, const Shape& shape);

}  // namespace parity::tangent
