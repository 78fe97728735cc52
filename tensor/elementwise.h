// Elementwise functions of tensors. Binary functions follow NumPy broadcasting; the
// comparisons return 0/1 masks. See scalar_math.h for the stable forms of sigmoid,
// softplus and log-sigmoid.
#pragma once

#include "tensor/tensor.h"

namespace parity {

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, double b);
Tensor sub(const Tensor& a, double b);
Tensor mul(const Tensor& a, double b);
Tensor div(const Tensor& a, double b);
/// maximum(a, b) and minimum(a, b) elementwise, broadcasting.
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator-(const Tensor& a, double b);
Tensor operator*(const Tensor& a, double b);
Tensor operator/(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(double a, const Tensor& b);
Tensor operator-(const Tensor& a);

Tensor neg(const Tensor& a);
Tensor exp(const Tensor& a);
Tensor log(const Tensor& a);
Tensor log1p(const Tensor& a);
Tensor tanh(const Tensor& a);
Tensor sigmoid(const Tensor& a);
Tensor softplus(const Tensor& a);
Tensor log_sigmoid(const Tensor& a);
Tensor relu(const Tensor& a);
/// x for x > 0, slope * x otherwise.
Tensor leaky_relu(const Tensor& a, double slope);
Tensor abs(const Tensor& a);
Tensor sqrt(const Tensor& a);
Tensor square(const Tensor& a);
/// a^p elementwise (std::pow semantics).
Tensor pow(const Tensor& a, double p);
/// a^b elementwise with broadcasting.
Tensor pow(const Tensor& a, const Tensor& b);
/// Each element limited to [lo, hi]; throws when lo > hi.
Tensor clamp(const Tensor& a, double lo, double hi);

/// 0/1 masks of elementwise comparisons (broadcasting).
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, double b);
Tensor ne(const Tensor& a, double b);
Tensor lt(const Tensor& a, double b);
Tensor le(const Tensor& a, double b);
Tensor gt(const Tensor& a, double b);
Tensor ge(const Tensor& a, double b);

/// where(mask, a, b): a where mask != 0, b elsewhere; the three broadcast together.
Tensor where(const Tensor& mask, const Tensor& a, const Tensor& b);

}  // namespace parity
