// im2col / col2im walk one kernel offset (c, i, j) at a time: for that offset the valid output
// columns form one range [lo, hi) (outside it the window reads padding), so the inner loop is
// a strided copy (contiguous for stride 1) with no per-element bounds test.
#include "tensor/conv.h"

#include <algorithm>
#include <cmath>

#include "tensor/blas.h"
#include "tensor/check.h"

namespace parity {

namespace {

// Output positions o in [lo, hi) of [0, count) whose input coordinate o * stride + offset lies
// in [0, size).
struct Span {
  Index lo;
  Index hi;
  Index offset;
};

Span valid_span(Index offset, Index size, Index stride, Index count) {
  const Index lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const Index hi = size - 1 - offset < 0 ? 0 : (size - 1 - offset) / stride + 1;
  const Index clamped_lo = std::min(lo, count);
  return {clamped_lo, std::clamp(hi, clamped_lo, count), offset};
}

// The extents of one image stack [B, C, H, W] and its window positions.
struct Geometry {
  Index batch, channels, h, w, out_h, out_w;
  Index plane() const { return h * w; }
  Index positions() const { return out_h * out_w; }
  Index rows(const Window2d& win) const { return channels * win.kh * win.kw; }
};

// Visits every (kernel offset, image, output row) of one group: body(column_row, image_row, span)
// with column_row the Wo entries of cols for that output row and image_row the input row they
// read (its column ow * stride + span.offset for ow in span), or null where the row lies in the
// padding. ColsPtr and ImagePtr are const or mutable pointers, whichever way the data flows.
template <class ColsPtr, class ImagePtr, class Body>
void for_each_patch_row(const Geometry& g, const Window2d& win, ColsPtr cols, ImagePtr image, Body body) {
  const Index columns = g.batch * g.positions();
  for (Index c = 0; c < g.channels; ++c) {
    for (Index i = 0; i < win.kh; ++i) {
      const Span rows = valid_span(i - win.padding, g.h, win.stride, g.out_h);
      for (Index j = 0; j < win.kw; ++j) {
        const Span span = valid_span(j - win.padding, g.w, win.stride, g.out_w);
        ColsPtr row = cols + ((c * win.kh + i) * win.kw + j) * columns;
        for (Index b = 0; b < g.batch; ++b) {
          ImagePtr plane = image + (b * g.channels + c) * g.plane();
          for (Index oh = 0; oh < g.out_h; ++oh) {
            const bool inside = oh >= rows.lo && oh < rows.hi;
            ImagePtr src = inside ? plane + (oh * win.stride + i - win.padding) * g.w : nullptr;
            body(row + b * g.positions() + oh * g.out_w, src, span);
          }
        }
      }
    }
  }
}

// The geometry of image [B, C, H, W] under `win`, after checking that the window is valid and
// fits the padded image.
// One output row of im2col: count entries read from image row src (null: padding).
void gather_row(double* dst, const double* src, Span span, Index stride, Index count) {
  if (src == nullptr) {
    std::fill(dst, dst + count, 0.0);
    return;
  }
  std::fill(dst, dst + span.lo, 0.0);
  std::fill(dst + span.hi, dst + count, 0.0);
  if (span.hi == span.lo) return;
  const double* first = src + span.lo * stride + span.offset;
  if (stride == 1) {
    std::copy(first, first + (span.hi - span.lo), dst + span.lo);
  } else {
    for (Index ow = span.lo; ow < span.hi; ++ow) dst[ow] = first[(ow - span.lo) * stride];
  }
}

// The adjoint of gather_row: adds the entries of one column row back into image row dst.
void scatter_row(const double* src, double* dst, Span span, Index stride) {
  if (span.hi == span.lo) return;
  double* first = dst + span.lo * stride + span.offset;
  const double* from = src + span.lo;
  const Index n = span.hi - span.lo;
  if (stride == 1) {
    for (Index i = 0; i < n; ++i) first[i] += from[i];
  } else {
    for (Index i = 0; i < n; ++i) first[i * stride] += from[i];
  }
}

Geometry image_geometry(const Shape& image, const Window2d& win, const char* caller) {
  PARITY_CHECK(win.kh >= 1 && win.kw >= 1 && win.stride >= 1 && win.padding >= 0, caller, ": invalid window ",
               win.kh, "x", win.kw, " with stride ", win.stride, " and padding ", win.padding);
  const Index h = image[2];
  const Index w = image[3];
  PARITY_CHECK(h + 2 * win.padding >= win.kh && w + 2 * win.padding >= win.kw, caller, ": window ", win.kh,
               "x", win.kw, " does not fit the input ", image, " with padding ", win.padding);
  return {image[0], image[1], h, w, win.out_h(h), win.out_w(w)};
}

}  // namespace

Window2d conv2d_window(const Shape& x, const Shape& w, Index stride, Index padding) {
  PARITY_CHECK(x.rank() == 4, "conv2d(): input must be [N, C, H, W], got ", x);
  PARITY_CHECK(w.rank() == 4, "conv2d(): weight must be [O, C, kh, kw], got ", w);
  PARITY_CHECK(x[1] == w[1], "conv2d(): input has ", x[1], " channels but the weight expects ", w[1],
               " (input ", x, ", weight ", w, ")");
  PARITY_CHECK(w[2] >= 1 && w[3] >= 1, "conv2d(): empty kernel in weight ", w);
  PARITY_CHECK(stride >= 1, "conv2d(): stride must be positive, got ", stride);
  PARITY_CHECK(padding >= 0, "conv2d(): padding must be non-negative, got ", padding);
  PARITY_CHECK(x[2] + 2 * padding >= w[2] && x[3] + 2 * padding >= w[3], "conv2d(): kernel ", w[2], "x", w[3],
               " larger than the padded input ", x[2] + 2 * padding, "x", x[3] + 2 * padding);
  return {w[2], w[3], stride, padding};
}

Window2d pool2d_window(const Shape& x, Index kernel, Index stride, const char* caller) {
  PARITY_CHECK(x.rank() >= 2, caller, ": input needs rank >= 2, got ", x);
  PARITY_CHECK(kernel >= 1, caller, ": kernel size must be positive, got ", kernel);
  PARITY_CHECK(stride >= 1, caller, ": stride must be positive, got ", stride);
  PARITY_CHECK(x.size(-2) >= kernel && x.size(-1) >= kernel, caller, ": kernel ", kernel, "x", kernel,
               " larger than the input plane ", x.size(-2), "x", x.size(-1));
  return {kernel, kernel, stride, 0};
}

Tensor im2col(const Tensor& x, const Window2d& window) {
  check_defined(x, "im2col()", "input");
  PARITY_CHECK(x.dim() >= 4, "im2col(): input must be [..., B, C, H, W], got ", x.shape());
  const Shape image = x.shape().slice(x.dim() - 4, x.dim());
  const Index groups = x.shape().slice(0, x.dim() - 4).numel();
  const Geometry g = image_geometry(image, window, "im2col()");
  Shape out_shape = x.shape().slice(0, x.dim() - 4);
  out_shape.push_back(g.rows(window));
  out_shape.push_back(g.batch * g.positions());
  Tensor out = Tensor::empty(out_shape);
  const Index stride = window.stride;
  for (Index group = 0; group < groups; ++group) {
    double* cols = out.data() + group * g.rows(window) * g.batch * g.positions();
    const double* src_image = x.data() + group * image.numel();
    for_each_patch_row(g, window, cols, src_image, [&](double* dst, const double* src, Span span) {
      gather_row(dst, src, span, stride, g.out_w);
    });
  }
  return out;
}

Tensor col2im(const Tensor& cols, const Shape& image, const Window2d& window) {
  check_defined(cols, "col2im()", "columns");
  PARITY_CHECK(image.rank() == 4, "col2im(): image shape must be [B, C, H, W], got ", image);
  PARITY_CHECK(cols.dim() >= 2, "col2im(): columns need rank >= 2, got ", cols.shape());
  const Index groups = cols.shape().slice(0, cols.dim() - 2).numel();
  const Geometry g = image_geometry(image, window, "col2im()");
  PARITY_CHECK(cols.size(-2) == g.rows(window) && cols.size(-1) == g.batch * g.positions(),
               "col2im(): columns ", cols.shape(), " do not match image ", image, " (expected [..., ",
               g.rows(window), ", ", g.batch * g.positions(), "])");
  Shape out_shape = cols.shape().slice(0, cols.dim() - 2);
  for (Index d : image) out_shape.push_back(d);
  Tensor out(out_shape);
  const Index stride = window.stride;
  for (Index group = 0; group < groups; ++group) {
    const double* src_cols = cols.data() + group * cols.size(-2) * cols.size(-1);
    double* dst_image = out.data() + group * image.numel();
    for_each_patch_row(g, window, src_cols, dst_image, [&](const double* src, double* dst, Span span) {
      if (dst != nullptr) scatter_row(src, dst, span, stride);
    });
  }
  return out;
}

Tensor conv2d(const Tensor& x, const Tensor& w, Index stride, Index padding) {
  check_defined(x, "conv2d()", "input");
  check_defined(w, "conv2d()", "weight");
  const Window2d window = conv2d_window(x.shape(), w.shape(), stride, padding);
  const Index batch = x.size(0);
  const Index out_channels = w.size(0);
  const Index out_h = window.out_h(x.size(2));
  const Index out_w = window.out_w(x.size(3));
  const Tensor rows = matmul(w.reshape({out_channels, -1}), im2col(x, window));
  return swap_middle_axes(rows, 1, out_channels, batch, out_h * out_w)
      .reshape({batch, out_channels, out_h, out_w});
}

Tensor swap_middle_axes(const Tensor& t, Index groups, Index a, Index b, Index run) {
  check_defined(t, "swap_middle_axes()", "argument");
  PARITY_CHECK(groups >= 0 && a >= 0 && b >= 0 && run >= 0 && groups * a * b * run == t.numel(),
               "swap_middle_axes(): view [", groups, ",", a, ",", b, ",", run, "] does not fit shape ",
               t.shape());
  Tensor out = Tensor::empty(Shape{groups, b, a, run});
  for (Index g = 0; g < groups; ++g) {
    for (Index i = 0; i < a; ++i) {
      for (Index j = 0; j < b; ++j) {
        const double* src = t.data() + ((g * a + i) * b + j) * run;
        std::copy(src, src + run, out.data() + ((g * b + j) * a + i) * run);
      }
    }
  }
  return out;
}

namespace {

// Pooling planes: every axis but the last two of x, each an h x w plane pooled to out_h x out_w.
struct PoolPlanes {
  Index planes, h, w, out_h, out_w;
  Shape out_shape;
};

PoolPlanes pool_planes(const Shape& x, const Window2d& win) {
  const int rank = x.rank();
  PoolPlanes p{0, x[rank - 2], x[rank - 1], win.out_h(x[rank - 2]), win.out_w(x[rank - 1]), x};
  p.planes = x.slice(0, rank - 2).numel();
  p.out_shape[rank - 2] = p.out_h;
  p.out_shape[rank - 1] = p.out_w;
  return p;
}

}  // namespace

MaxPool2dResult max_pool2d(const Tensor& x, Index kernel, Index stride) {
  check_defined(x, "max_pool2d()", "input");
  const PoolPlanes p = pool_planes(x.shape(), pool2d_window(x.shape(), kernel, stride, "max_pool2d()"));
  MaxPool2dResult result{Tensor::empty(p.out_shape),
                         std::vector<Index>(static_cast<std::size_t>(p.out_shape.numel()))};
  const double* in = x.data();
  double* values = result.values.data();
  Index* argmax = result.argmax.data();
  for (Index plane = 0; plane < p.planes; ++plane) {
    for (Index oh = 0; oh < p.out_h; ++oh) {
      for (Index ow = 0; ow < p.out_w; ++ow) {
        const Index corner = plane * p.h * p.w + oh * stride * p.w + ow * stride;
        Index best = corner;
        double best_value = in[corner];
        for (Index i = 0; i < kernel; ++i) {
          for (Index j = 0; j < kernel; ++j) {
            const Index at = corner + i * p.w + j;
            // Replace unless v <= best: a larger value, or a NaN (which then stays).
            if (!(in[at] <= best_value) && !std::isnan(best_value)) {
              best = at;
              best_value = in[at];
            }
          }
        }
        *argmax++ = best;
        *values++ = best_value;
      }
    }
  }
  return result;
}

Tensor avg_pool2d(const Tensor& x, Index kernel, Index stride) {
  check_defined(x, "avg_pool2d()", "input");
  const PoolPlanes p = pool_planes(x.shape(), pool2d_window(x.shape(), kernel, stride, "avg_pool2d()"));
  const double scale = 1.0 / static_cast<double>(kernel * kernel);
  Tensor y = Tensor::empty(p.out_shape);
  double* out = y.data();
  for (Index plane = 0; plane < p.planes; ++plane) {
    for (Index oh = 0; oh < p.out_h; ++oh) {
      for (Index ow = 0; ow < p.out_w; ++ow) {
        const double* corner = x.data() + plane * p.h * p.w + oh * stride * p.w + ow * stride;
        double total = 0.0;
        for (Index i = 0; i < kernel; ++i) {
          for (Index j = 0; j < kernel; ++j) total += corner[i * p.w + j];
        }
        *out++ = total * scale;
      }
    }
  }
  return y;
}

Tensor avg_pool2d_transpose(const Tensor& y, const Shape& input, Index kernel, Index stride) {
  check_defined(y, "avg_pool2d_transpose()", "argument");
  const PoolPlanes p = pool_planes(input, pool2d_window(input, kernel, stride, "avg_pool2d_transpose()"));
  PARITY_CHECK(y.shape() == p.out_shape, "avg_pool2d_transpose(): argument of shape ", y.shape(),
               " for input ", input, " (expected ", p.out_shape, ")");
  const double scale = 1.0 / static_cast<double>(kernel * kernel);
  Tensor x(input);
  const double* in = y.data();
  for (Index plane = 0; plane < p.planes; ++plane) {
    for (Index oh = 0; oh < p.out_h; ++oh) {
      for (Index ow = 0; ow < p.out_w; ++ow) {
        double* corner = x.data() + plane * p.h * p.w + oh * stride * p.w + ow * stride;
        const double share = *in++ * scale;
        for (Index i = 0; i < kernel; ++i) {
          for (Index j = 0; j < kernel; ++j) corner[i * p.w + j] += share;
        }
      }
    }
  }
  return x;
}

}  // namespace parity
