// 2-D convolution and pooling windows on NCHW tensors, value-only (the differentiable ops in
// autograd/ops_conv.cpp and ops_pool.cpp are built on these kernels). A kh x kw window with
// stride s and zero padding p over an H x W plane has Ho = (H + 2p - kh) / s + 1 positions down
// (Wo across); position (oh, ow) reads rows oh*s - p + i and columns ow*s - p + j.
//   im2col  cols[(c,i,j), (b,oh,ow)] = x[b, c, oh*s - p + i, ow*s - p + j]   (zero outside)
//   col2im  the adjoint: every column entry is added back to the pixel it was read from
//   conv2d  y[b, o] = W cols with W = w as [O, C*kh*kw]: one GEMM for the whole batch
#pragma once

#include <vector>

#include "tensor/tensor.h"

namespace parity {

/// A sliding window over the last two axes of an image.
struct Window2d {
  Index kh = 1;
  Index kw = 1;
  Index stride = 1;
  Index padding = 0;

  /// Number of window positions along an axis of extent `h` (rows) or `w` (columns).
  Index out_h(Index h) const { return (h + 2 * padding - kh) / stride + 1; }
  Index out_w(Index w) const { return (w + 2 * padding - kw) / stride + 1; }
};

/// The window of conv2d(x, w, stride, padding) after checking x [N, C, H, W], w [O, C, kh, kw],
/// stride >= 1, padding >= 0 and that the kernel fits the padded input; throws otherwise.
Window2d conv2d_window(const Shape& x, const Shape& w, Index stride, Index padding);
/// The window of a k x k pooling with the given stride over x [N, C, H, W]; `caller` names
/// the function in error messages.
Window2d pool2d_window(const Shape& x, Index kernel, Index stride, const char* caller);

/// Patches of x [..., B, C, H, W] as columns: [..., C*kh*kw, B*Ho*Wo] (leading axes are
/// independent groups).
Tensor im2col(const Tensor& x, const Window2d& window);
/// The adjoint of im2col: cols [..., C*kh*kw, B*Ho*Wo] -> [..., B, C, H, W] for image = [B, C, H, W].
Tensor col2im(const Tensor& cols, const Shape& image, const Window2d& window);

/// Cross-correlation (PyTorch's conv2d, no bias) of x [N, C, H, W] with w [O, C, kh, kw]:
/// [N, O, Ho, Wo].
Tensor conv2d(const Tensor& x, const Tensor& w, Index stride = 1, Index padding = 0);

/// t viewed as [groups, a, b, run] with its two middle axes swapped: [groups, b, a, run].
Tensor swap_middle_axes(const Tensor& t, Index groups, Index a, Index b, Index run);

/// Max pooling over the last two axes (any leading axes): values [..., Ho, Wo] and, for each
/// output element, the flat index into x of its window's maximum (the first one on ties; a NaN
/// in the window wins, so NaN propagates).
struct MaxPool2dResult {
  Tensor values;
  std::vector<Index> argmax;
};
MaxPool2dResult max_pool2d(const Tensor& x, Index kernel, Index stride);

/// Mean over k x k windows on the last two axes (any leading axes): [..., Ho, Wo].
Tensor avg_pool2d(const Tensor& x, Index kernel, Index stride);
/// The adjoint of avg_pool2d: spreads y[..., oh, ow] / k^2 over its window of an input of
/// shape `input`.
Tensor avg_pool2d_transpose(const Tensor& y, const Shape& input, Index kernel, Index stride);

}  // namespace parity
