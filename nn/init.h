// Weight initialisers, each drawing from an explicit Rng. fan_in / fan_out of a weight
// [out, in, k...] are in * prod(k) and out * prod(k) (PyTorch's convention).
//   kaiming_uniform  U(-b, b),  b = gain * sqrt(3 / fan_in)      (He et al. 2015)
//   kaiming_normal   N(0, s^2), s = gain / sqrt(fan_in)
//   xavier_uniform   U(-b, b),  b = gain * sqrt(6 / (fan_in + fan_out))   (Glorot & Bengio 2010)
//   xavier_normal    N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out))
#pragma once

#include "tensor/random.h"
#include "tensor/tensor.h"

namespace parity::nn {

/// fan_in and fan_out of a weight of the given shape (rank >= 2).
struct Fans {
  Index in = 0;
  Index out = 0;
};
Fans fans(const Shape& weight_shape);

Tensor kaiming_uniform(const Shape& shape, Rng& rng, double gain = 1.4142135623730951);
Tensor kaiming_normal(const Shape& shape, Rng& rng, double gain = 1.4142135623730951);
Tensor xavier_uniform(const Shape& shape, Rng& rng, double gain = 1.0);
Tensor xavier_normal(const Shape& shape, Rng& rng, double gain = 1.0);
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)): PyTorch's default for Linear and Conv2d weights
/// (kaiming_uniform with a = sqrt(5)) and, with the weight's fan_in, for their biases.
Tensor default_uniform(const Shape& shape, Index fan_in, Rng& rng);

}  // namespace parity::nn
