// Numerically stable scalar functions shared by the tensor kernels and the autograd
// rules. Each stays finite and exact to rounding for arguments of any magnitude:
//   sigmoid(x)     = 1 / (1 + e^-x)           evaluated without overflowing e^-x
//   softplus(x)    = log(1 + e^x)             = max(x, 0) + log1p(e^-|x|)
//   log_sigmoid(x) = -softplus(-x)            = min(x, 0) - log1p(e^-|x|)
#pragma once

#include <algorithm>
#include <cmath>

namespace parity::scalar {

inline double sigmoid(double x) {
  if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

inline double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

inline double log_sigmoid(double x) { return std::min(x, 0.0) - std::log1p(std::exp(-std::abs(x))); }

// NaN propagates, as in every other kernel.
inline double relu(double x) { return x > 0.0 || std::isnan(x) ? x : 0.0; }

inline double leaky_relu(double x, double slope) { return x > 0.0 ? x : slope * x; }

}  // namespace parity::scalar
