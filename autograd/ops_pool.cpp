// Pooling over kernel x kernel windows moved by `stride` (no padding) on the planes of
// x [N, C, H, W]. Both ops are linear maps y = L x, so each states L and L^T (op.h derives
// jvp = L x_dot, vjp = L^T y_bar, vjp_tangent = L^T y_bar_dot):
//
//   max_pool2d  L x = x[a],  a(i) = position of the maximum of window i found in the forward
//               pass (first on ties);  L^T y = scatter-add of y into the positions a.
//               Max pooling is piecewise linear; away from ties L is its exact Jacobian.
//   avg_pool2d  (L x)(i) = mean of window i;  L^T y spreads y(i) / kernel^2 over window i.
//
// With a directions axis K (lead 1), L acts on each of the K blocks.
#include "autograd/functional.h"
#include "autograd/op.h"
#include "tensor/check.h"
#include "tensor/conv.h"

namespace parity {

namespace {

class MaxPool2dOp final : public LinearOp {
 public:
  MaxPool2dOp(std::vector<Index> argmax, Shape in, Shape out)
      : argmax_(std::move(argmax)), in_(std::move(in)), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::MaxPool2d; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override {
    const Index blocks = lead == 0 ? 1 : x[0].size(0);
    Tensor y = Tensor::empty(lead == 0 ? out_ : out_.prepended(blocks));
    const auto picked = static_cast<Index>(argmax_.size());
    for (Index b = 0; b < blocks; ++b) {
      const double* src = x[0].data() + b * in_.numel();
      double* dst = y.data() + b * picked;
      for (Index i = 0; i < picked; ++i) dst[i] = src[argmax_[static_cast<std::size_t>(i)]];
    }
    return y;
  }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    const Index blocks = lead == 0 ? 1 : y.size(0);
    Tensor x(lead == 0 ? in_ : in_.prepended(blocks));
    const auto picked = static_cast<Index>(argmax_.size());
    for (Index b = 0; b < blocks; ++b) {
      const double* src = y.data() + b * picked;
      double* dst = x.data() + b * in_.numel();
      for (Index i = 0; i < picked; ++i) dst[argmax_[static_cast<std::size_t>(i)]] += src[i];
    }
    return {x};
  }

 private:
  std::vector<Index> argmax_;
  Shape in_, out_;
};

class AvgPool2dOp final : public LinearOp {
 public:
  AvgPool2dOp(Index kernel, Index stride, Shape in) : kernel_(kernel), stride_(stride), in_(std::move(in)) {}
  OpKind kind() const override { return OpKind::AvgPool2d; }

 protected:
  std::size_t arity() const override { return 1; }
  // The tensor kernels pool the last two axes of any leading shape, so K needs no folding.
  Tensor apply(const Tensors& x, int) const override { return avg_pool2d(x[0], kernel_, stride_); }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    return {avg_pool2d_transpose(y, lead == 0 ? in_ : in_.prepended(y.size(0)), kernel_, stride_)};
  }

 private:
  Index kernel_, stride_;
  Shape in_;
};

void check_image(const Var& x, const char* caller) {
  PARITY_CHECK(x.shape().rank() == 4, caller, ": input must be [N, C, H, W], got ", x.shape());
}

}  // namespace

Var max_pool2d(const Var& x, Index kernel, Index stride) {
  check_image(x, "max_pool2d()");
  MaxPool2dResult pooled = max_pool2d(x.value(), kernel, stride);
  if (!records_graph({&x})) return Var(std::move(pooled.values));
  auto op = std::make_unique<MaxPool2dOp>(std::move(pooled.argmax), x.shape(), pooled.values.shape());
  return make_op_result(std::move(op), {x}, std::move(pooled.values));
}

Var avg_pool2d(const Var& x, Index kernel, Index stride) {
  check_image(x, "avg_pool2d()");
  Tensor y = avg_pool2d(x.value(), kernel, stride);
  if (!records_graph({&x})) return Var(std::move(y));
  return make_op_result(std::make_unique<AvgPool2dOp>(kernel, stride, x.shape()), {x}, std::move(y));
}

}  // namespace parity
