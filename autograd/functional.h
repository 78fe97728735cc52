// The differentiable functions of Vars, one per op kind (see op_kind.h). Binary
// arithmetic broadcasts like NumPy. Losses are per element (or per sample) with no
// reduction; reduce with sum() or mean().
#pragma once

#include <span>
#include <vector>

#include "autograd/var.h"

namespace parity {

Var add(const Var& a, const Var& b);
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);
Var div(const Var& a, const Var& b);
Var neg(const Var& x);
/// c * x for a constant c.
Var scale(const Var& x, double c);
/// x * mask for a constant tensor `mask` broadcasting against x (e.g. a 0/1 pruning mask).
Var mul_constant(const Var& x, const Tensor& mask);

Var operator+(const Var& a, const Var& b);
Var operator-(const Var& a, const Var& b);
Var operator*(const Var& a, const Var& b);
Var operator/(const Var& a, const Var& b);
Var operator-(const Var& x);
Var operator+(const Var& a, double b);
Var operator-(const Var& a, double b);
Var operator*(const Var& a, double b);
Var operator/(const Var& a, double b);
Var operator+(double a, const Var& b);
Var operator-(double a, const Var& b);
Var operator*(double a, const Var& b);

/// a [..., m, k] x b [k, n], or a [..., m, k] x b [..., k, n] with identical batch axes.
Var matmul(const Var& a, const Var& b);
/// Swaps the last two axes.
Var transpose(const Var& x);
Var reshape(const Var& x, const Shape& shape);
Var broadcast_to(const Var& x, const Shape& shape);

Var sum(const Var& x);
Var sum(const Var& x, int axis, bool keepdim = false);
Var mean(const Var& x);
Var mean(const Var& x, int axis, bool keepdim = false);

Var exp(const Var& x);
Var log(const Var& x);
Var tanh(const Var& x);
Var sigmoid(const Var& x);
Var softplus(const Var& x);
Var log_sigmoid(const Var& x);
Var relu(const Var& x);
Var leaky_relu(const Var& x, double slope);
Var square(const Var& x);
Var sqrt(const Var& x);

Var logsumexp(const Var& x, int axis, bool keepdim = false);
/// x - logsumexp(x, axis, keepdim = true).
Var log_softmax(const Var& x, int axis);

/// Rows x[indices[0]], x[indices[1]], ... along axis 0.
Var gather_rows(const Var& x, std::span<const Index> indices);
/// Rows [begin, end) along axis 0.
Var slice_rows(const Var& x, Index begin, Index end);
Var concat(const std::vector<Var>& xs, int axis);

/// Binary cross-entropy of logits z against targets t in [0, 1], per element:
/// softplus(z) - t z  (= -t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)), stable for any z).
Var bce_with_logits(const Var& logits, const Tensor& targets);
/// Cross-entropy of logits z [B, C] against class indices [B] (integers in [0, C)), per
/// sample: logsumexp(z_i) - z_i[label_i].
Var cross_entropy_with_logits(const Var& logits, const Tensor& labels);
/// Squared error per element: (prediction - target)^2.
Var mse(const Var& prediction, const Tensor& target);

/// Cross-correlation (PyTorch's conv2d, no bias) of x [N, C, H, W] with w [O, C, kh, kw] and
/// zero padding: [N, O, Ho, Wo] with Ho = (H + 2 padding - kh) / stride + 1 (Wo likewise).
Var conv2d(const Var& x, const Var& w, Index stride = 1, Index padding = 0);
/// Maximum over kernel x kernel windows of x [N, C, H, W] taken every `stride` pixels (no
/// padding): [N, C, Ho, Wo] with Ho = (H - kernel) / stride + 1.
Var max_pool2d(const Var& x, Index kernel, Index stride);
/// Mean over kernel x kernel windows, as max_pool2d.
Var avg_pool2d(const Var& x, Index kernel, Index stride);

}  // namespace parity
