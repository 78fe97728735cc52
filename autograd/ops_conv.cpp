// 2-D convolution, bilinear in the input x [N, C, H, W] and the weight w [O, C, kh, kw]. With
// U = im2col and U^T = col2im (tensor/conv.h), W = w as [O, C*kh*kw], and R(t) an output-shaped
// t [N, O, Ho, Wo] laid out as the GEMM result [O, N*Ho*Wo]:
//
//   forward      R(y)      = W U(x)
//   jvp          R(y_dot)  = W U(x_dot) + W_dot U(x)
//   vjp          x_bar     = U^T(W^T R(y_bar))                   w_bar = R(y_bar) U(x)^T
//   vjp_tangent  x_bar_dot = U^T(W^T R(y_bar_dot) + W_dot^T R(y_bar))
//                w_bar_dot = R(y_bar_dot) U(x)^T + R(y_bar) U(x_dot)^T
//
// Every product is one GEMM whatever the number of directions K: the K axis of x_dot and
// y_bar_dot folds into the batch (U of K*N images, R of K*N outputs), that of w_dot into the
// rows of W_dot [K*O, C*kh*kw] (or, transposed, its columns), and that of U(x_dot) into rows.
#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/blas.h"
#include "tensor/conv.h"

namespace parity {

namespace {

class Conv2dOp final : public Op {
 public:
  // cols = im2col(x, window), kept from the forward pass for the weight's rules.
  Conv2dOp(const Tensor& x, Tensor w, Tensor cols, Window2d window)
      : x_shape_(x.shape()),
        w_(std::move(w)),
        cols_(std::move(cols)),
        window_(window),
        batch_(x.size(0)),
        out_channels_(w_.size(0)),
        patch_(w_.size(1) * w_.size(2) * w_.size(3)),
        out_h_(window.out_h(x.size(2))),
        out_w_(window.out_w(x.size(3))) {}
  OpKind kind() const override { return OpKind::Conv2d; }

  Tensor value() const { return from_rows(matmul(weight(), cols_), 1, batch_).reshape(output_shape()); }

  Tensor jvp(const Tensors& x_dot) const override {
    Tensor y_dot;
    if (x_dot[0].defined()) {
      const Index k = x_dot[0].size(0);
      const Tensor cols = im2col(fold(x_dot[0]), window_);
      y_dot = from_rows(matmul(weight(), cols), 1, k * batch_).reshape(output_shape().prepended(k));
    }
    if (x_dot[1].defined()) {
      const Index k = x_dot[1].size(0);
      const Tensor rows = matmul(x_dot[1].reshape({k * out_channels_, patch_}), cols_);
      y_dot = tangent::add(y_dot, from_rows(rows, k, batch_));
    }
    return y_dot;
  }

  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const override {
    const Tensor rows = to_rows(y_bar, 1, batch_);
    Tensors x_bar(2);
    if (wanted[0]) x_bar[0] = col2im(matmul(weight(), rows, {.a = true}), x_shape_, window_);
    if (wanted[1]) x_bar[1] = matmul(rows, cols_, {.b = true}).reshape(w_.shape());
    return x_bar;
  }

  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                      NeededInputs wanted) const override {
    // R(y_bar) enters only through the curvature terms W_dot^T R(y_bar) and R(y_bar) U(x_dot)^T.
    const bool curvature = (wanted[0] && x_dot[1].defined()) || (wanted[1] && x_dot[0].defined());
    const Tensor rows = curvature ? to_rows(y_bar, 1, batch_) : Tensor();
    Tensors x_bar_dot(2);
    if (wanted[0]) x_bar_dot[0] = input_tangent(rows, y_bar_dot, x_dot[1]);
    if (wanted[1]) x_bar_dot[1] = weight_tangent(rows, y_bar_dot, x_dot[0]);
    return x_bar_dot;
  }

 private:
  // U^T(W^T R(y_bar_dot) + W_dot^T R(y_bar)), as [K, N, C, H, W].
  Tensor input_tangent(const Tensor& rows, const Tensor& y_bar_dot, const Tensor& w_dot) const {
    Tensor total;
    if (y_bar_dot.defined()) {
      const Index k = y_bar_dot.size(0);
      const Tensor cols = matmul(weight(), to_rows(y_bar_dot, 1, k * batch_), {.a = true});
      Shape images = x_shape_;
      images[0] = k * batch_;
      total = col2im(cols, images, window_).reshape(x_shape_.prepended(k));
    }
    if (w_dot.defined()) {
      // [K, O, CK] -> [O, K*CK], so that one GEMM gives W_dot[k]^T R(y_bar) for every k.
      const Index k = w_dot.size(0);
      const Tensor stacked =
          swap_middle_axes(w_dot, 1, k, out_channels_, patch_).reshape({out_channels_, k * patch_});
      const Tensor cols = matmul(stacked, rows, {.a = true}).reshape({k, patch_, rows.size(1)});
      total = tangent::add(total, col2im(cols, x_shape_, window_));
    }
    return total;
  }

  // R(y_bar_dot) U(x)^T + R(y_bar) U(x_dot)^T, as [K, O, C, kh, kw].
  Tensor weight_tangent(const Tensor& rows, const Tensor& y_bar_dot, const Tensor& x_dot) const {
    Tensor total;
    if (y_bar_dot.defined()) {
      const Index k = y_bar_dot.size(0);
      total = matmul(to_rows(y_bar_dot, k, batch_), cols_, {.b = true}).reshape(w_.shape().prepended(k));
    }
    if (x_dot.defined()) {
      // U of each direction's images stacked as rows [K*CK, N*P]: one GEMM gives [O, K*CK].
      const Index k = x_dot.size(0);
      const Tensor cols = im2col(x_dot, window_).reshape({k * patch_, batch_ * positions()});
      const Tensor product = matmul(rows, cols, {.b = true});
      total = tangent::add(
          total, swap_middle_axes(product, 1, out_channels_, k, patch_).reshape(w_.shape().prepended(k)));
    }
    return total;
  }

  Tensor weight() const { return w_.reshape({out_channels_, patch_}); }
  Index positions() const { return out_h_ * out_w_; }
  Shape output_shape() const { return Shape{batch_, out_channels_, out_h_, out_w_}; }
  // [K, N, ...] -> [K*N, ...]
  static Tensor fold(const Tensor& t) {
    Shape s = t.shape().slice(1, t.dim());
    s[0] *= t.size(0);
    return t.reshape(s);
  }
  // [G, B, O, Ho, Wo] -> [G*O, B*P]
  Tensor to_rows(const Tensor& t, Index groups, Index images) const {
    return swap_middle_axes(t, groups, images, out_channels_, positions())
        .reshape({groups * out_channels_, images * positions()});
  }
  // [G*O, B*P] -> [G, B, O, Ho, Wo]
  Tensor from_rows(const Tensor& rows, Index groups, Index images) const {
    return swap_middle_axes(rows, groups, out_channels_, images, positions())
        .reshape(Shape{groups, images, out_channels_, out_h_, out_w_});
  }

  Shape x_shape_;
  Tensor w_;
  Tensor cols_;
  Window2d window_;
  Index batch_, out_channels_, patch_, out_h_, out_w_;
};

}  // namespace

Var conv2d(const Var& x, const Var& w, Index stride, Index padding) {
  if (!records_graph({&x, &w})) return Var(conv2d(x.value(), w.value(), stride, padding));
  const Window2d window = conv2d_window(x.shape(), w.shape(), stride, padding);
  auto op = std::make_unique<Conv2dOp>(x.value(), w.value(), im2col(x.value(), window), window);
  Tensor y = op->value();
  return make_op_result(std::move(op), {x, w}, std::move(y));
}

}  // namespace parity
