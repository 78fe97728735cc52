#include "nn/init.h"

#include <cmath>

#include "tensor/check.h"

namespace parity::nn {

Fans fans(const Shape& weight_shape) {
  PARITY_CHECK(weight_shape.rank() >= 2, "fans(): weight needs rank >= 2, got ", weight_shape);
  Index receptive = 1;
  for (int i = 2; i < weight_shape.rank(); ++i) receptive *= weight_shape[i];
  return {weight_shape[1] * receptive, weight_shape[0] * receptive};
}

namespace {

double positive_fan(Index fan, const char* caller) {
  PARITY_CHECK(fan > 0, caller, ": fan must be positive, got ", fan);
  return static_cast<double>(fan);
}

}  // namespace

Tensor kaiming_uniform(const Shape& shape, Rng& rng, double gain) {
  const double bound = gain * std::sqrt(3.0 / positive_fan(fans(shape).in, "kaiming_uniform()"));
  return rng.uniform(shape, -bound, bound);
}

Tensor kaiming_normal(const Shape& shape, Rng& rng, double gain) {
  return rng.normal(shape, 0.0, gain / std::sqrt(positive_fan(fans(shape).in, "kaiming_normal()")));
}

Tensor xavier_uniform(const Shape& shape, Rng& rng, double gain) {
  const Fans f = fans(shape);
  const double bound = gain * std::sqrt(6.0 / positive_fan(f.in + f.out, "xavier_uniform()"));
  return rng.uniform(shape, -bound, bound);
}

Tensor xavier_normal(const Shape& shape, Rng& rng, double gain) {
  const Fans f = fans(shape);
  return rng.normal(shape, 0.0, gain * std::sqrt(2.0 / positive_fan(f.in + f.out, "xavier_normal()")));
}

Tensor default_uniform(const Shape& shape, Index fan_in, Rng& rng) {
  const double bound = 1.0 / std::sqrt(positive_fan(fan_in, "default_uniform()"));
  return rng.uniform(shape, -bound, bound);
}

}  // namespace parity::nn
