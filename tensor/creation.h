// Tensor creation. Random tensors come from an explicit Rng (tensor/random.h).
#pragma once

#include "tensor/tensor.h"

namespace parity {

Tensor zeros(const Shape& shape);
Tensor ones(const Shape& shape);
Tensor full(const Shape& shape, double value);
/// The n x n identity.
Tensor eye(Index n);
/// start, start + step, ... while < stop (> stop for a negative step); step != 0.
Tensor arange(double start, double stop, double step = 1.0);
/// `count` points from `start` to `stop` inclusive (count >= 2, or 1 giving [start]).
Tensor linspace(double start, double stop, Index count);
/// A tensor holding `values` with the given shape (same as Tensor(shape, values)).
Tensor from_vector(std::vector<double> values, const Shape& shape);

}  // namespace parity
