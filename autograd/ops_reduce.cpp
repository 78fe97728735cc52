// Reductions and softmax-type ops along an axis. E(.) broadcasts a reduced tensor back
// along the axis; p = softmax(x) along the axis.
//
//   sum, mean  linear: x_bar = E(y_bar) (times 1/n for mean)
//   logsumexp  y = log sum exp x    jvp  y_dot = sum(p x_dot)
//                                   vjp  x_bar = p E(y_bar)
//                                   vjp_tangent  x_bar_dot = p E(y_bar_dot) + p_dot E(y_bar)
//   log_softmax y = x - logsumexp(x) jvp  y_dot = x_dot - sum(p x_dot)
//                                   vjp  x_bar = y_bar - p sum(y_bar)
//                                   vjp_tangent  x_bar_dot = y_bar_dot - p sum(y_bar_dot) - p_dot sum(y_bar)
// with p_dot = p (x_dot - sum(p x_dot)).
#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

// A reduction along `axis` (or over all elements when all_ is set) of an input of shape in_.
struct Reduction {
  Shape in;
  int axis = 0;
  bool all = false;
  bool keepdim = false;

  // t has `lead` leading axes before the input shape.
  Tensor sum_of(const Tensor& t, int lead) const {
    if (all) return lead == 0 ? parity::sum(t) : parity::sum(t.reshape({t.size(0), -1}), 1);
    return parity::sum(t, axis + lead, keepdim);
  }
  // The reduced tensor t (lead axes + reduced shape) broadcast back to lead axes + in.
  Tensor expand(const Tensor& t, int lead) const {
    Shape kept;
    if (lead == 1) kept.push_back(t.size(0));
    for (int i = 0; i < in.rank(); ++i) kept.push_back(all || i == axis ? 1 : in[i]);
    const Shape full = lead == 1 ? in.prepended(t.size(0)) : in;
    return broadcast_to(t.reshape(kept), full);
  }
  Index count() const { return all ? in.numel() : in[axis]; }
};

class SumOp final : public LinearOp {
 public:
  SumOp(OpKind kind, Reduction r, double factor) : kind_(kind), r_(std::move(r)), factor_(factor) {}
  OpKind kind() const override { return kind_; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override { return scaled(r_.sum_of(x[0], lead)); }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    return {scaled(r_.expand(y, lead))};
  }

 private:
  Tensor scaled(Tensor t) const { return factor_ == 1.0 ? t : mul(t, factor_); }
  OpKind kind_;
  Reduction r_;
  double factor_;
};

// Shared state of logsumexp and log_softmax: the softmax p of the input along the axis.
class SoftmaxFamilyOp : public Op {
 protected:
  SoftmaxFamilyOp(Tensor p, int axis) : p_(std::move(p)), r_{p_.shape(), axis, false, true} {}
  // sum(p x_dot) along the axis, kept.
  Tensor weighted_sum(const Tensor& x_dot) const { return r_.sum_of(mul(x_dot, p_), 1); }
  // p_dot = p (x_dot - sum(p x_dot))
  Tensor p_dot(const Tensor& x_dot) const { return mul(sub(x_dot, r_.expand(weighted_sum(x_dot), 1)), p_); }

  Tensor p_;
  Reduction r_;
};

class LogsumexpOp final : public SoftmaxFamilyOp {
 public:
  LogsumexpOp(Tensor p, int axis, Shape out) : SoftmaxFamilyOp(std::move(p), axis), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::Logsumexp; }

  Tensor jvp(const Tensors& x_dot) const override { return weighted_sum(x_dot[0]).reshape(out_.prepended(x_dot[0].size(0))); }
  Tensors vjp(const Tensor& y_bar, NeededInputs) const override { return {mul(p_, r_.expand(y_bar, 0))}; }
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot, NeededInputs) const override {
    Tensor total;
    if (y_bar_dot.defined()) total = mul(r_.expand(y_bar_dot, 1), p_);
    if (x_dot[0].defined()) total = tangent::add(total, mul(p_dot(x_dot[0]), r_.expand(y_bar, 0)));
    return {total};
  }

 private:
  Shape out_;
};

class LogSoftmaxOp final : public SoftmaxFamilyOp {
 public:
  LogSoftmaxOp(Tensor p, int axis) : SoftmaxFamilyOp(std::move(p), axis) {}
  OpKind kind() const override { return OpKind::LogSoftmax; }

  Tensor jvp(const Tensors& x_dot) const override { return sub(x_dot[0], r_.expand(weighted_sum(x_dot[0]), 1)); }
  Tensors vjp(const Tensor& y_bar, NeededInputs) const override {
    return {sub(y_bar, mul(p_, r_.expand(r_.sum_of(y_bar, 0), 0)))};
  }
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot, NeededInputs) const override {
    Tensor total;
    if (y_bar_dot.defined()) total = sub(y_bar_dot, mul(r_.expand(r_.sum_of(y_bar_dot, 1), 1), p_));
    if (x_dot[0].defined()) {
      total = tangent::add(total, neg(mul(p_dot(x_dot[0]), r_.expand(r_.sum_of(y_bar, 0), 0))));
    }
    return {total};
  }
};

Reduction along(const Shape& in, int axis, bool keepdim, const char* caller) {
  return Reduction{in, in.normalize_axis(axis, caller), false, keepdim};
}

}  // namespace

Var sum(const Var& x) {
  Tensor y = sum(x.value());
  Reduction r{x.shape(), 0, true, false};
  return make_op_result(std::make_unique<SumOp>(OpKind::Sum, r, 1.0), {x}, std::move(y));
}

Var sum(const Var& x, int axis, bool keepdim) {
  Tensor y = sum(x.value(), axis, keepdim);
  Reduction r = along(x.shape(), axis, keepdim, "sum()");
  return make_op_result(std::make_unique<SumOp>(OpKind::Sum, r, 1.0), {x}, std::move(y));
}

Var mean(const Var& x) {
  Tensor y = mean(x.value());
  Reduction r{x.shape(), 0, true, false};
  const double factor = 1.0 / static_cast<double>(r.count());
  return make_op_result(std::make_unique<SumOp>(OpKind::Mean, r, factor), {x}, std::move(y));
}

Var mean(const Var& x, int axis, bool keepdim) {
  Tensor y = mean(x.value(), axis, keepdim);
  Reduction r = along(x.shape(), axis, keepdim, "mean()");
  const double factor = 1.0 / static_cast<double>(r.count());
  return make_op_result(std::make_unique<SumOp>(OpKind::Mean, r, factor), {x}, std::move(y));
}

Var logsumexp(const Var& x, int axis, bool keepdim) {
  const int ax = x.shape().normalize_axis(axis, "logsumexp()");
  Tensor kept = logsumexp(x.value(), ax, true);
  Tensor y = keepdim ? kept : logsumexp(x.value(), ax, false);
  if (!records_graph({&x})) return Var(std::move(y));
  Tensor p = exp(sub(x.value(), kept));
  auto op = std::make_unique<LogsumexpOp>(std::move(p), ax, y.shape());
  return make_op_result(std::move(op), {x}, std::move(y));
}

Var log_softmax(const Var& x, int axis) {
  const int ax = x.shape().normalize_axis(axis, "log_softmax()");
  Tensor y = sub(x.value(), logsumexp(x.value(), ax, true));
  if (!records_graph({&x})) return Var(std::move(y));
  auto op = std::make_unique<LogSoftmaxOp>(exp(y), ax);
  return make_op_result(std::move(op), {x}, std::move(y));
}

}  // namespace parity
