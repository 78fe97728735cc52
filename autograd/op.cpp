#include "autograd/op.h"

#include "tensor/check.h"

namespace parity {

Tensor UnitDirections::dense(const Shape& shape) const {
  Tensor t(shape.prepended(count));
  const Index rows = shape[0];
  const Index features = rows == 0 ? 0 : shape.numel() / rows;
  for (Index k = 0; k < count; ++k) {
    for (Index i = 0; i < rows; ++i) t.data()[(k * rows + i) * features + first + k] = 1.0;
  }
  return t;
}

Tensor Op::jvp_unit(std::size_t, const UnitDirections&) const { return Tensor(); }

bool Op::vjp_tangent_into(std::size_t, const Tensor&, const Tensor&, const Tensors&, const SampleMajorTarget&) const {
  return false;
}

bool Op::vjp_tangent_reads(std::size_t, NeededInputs) const { return true; }

const Tensor& PointwiseOp::d1() const {
  if (!d1_.defined()) d1_ = first_derivative();
  return d1_;
}

const Tensor& PointwiseOp::d2() const {
  if (!d2_.defined()) d2_ = second_derivative();
  return d2_;
}

Tensor PointwiseOp::jvp(const Tensors& x_dot) const {
  // y_dot[k] = f'(x) x_dot[k]
  const Tensor& x_dot0 = x_dot[0];
  const Tensor& a = d1();
  const Index n = a.numel();
  const Index directions = x_dot0.size(0);
  Tensor y_dot = Tensor::empty(x_dot0.shape());
  for (Index k = 0; k < directions; ++k) {
    const double* in = x_dot0.data() + k * n;
    double* out = y_dot.data() + k * n;
    for (Index i = 0; i < n; ++i) out[i] = a.data()[i] * in[i];
  }
  return y_dot;
}

Tensors PointwiseOp::vjp(const Tensor& y_bar, NeededInputs) const {
  // x_bar = f'(x) y_bar
  const Tensor& a = d1();
  Tensor x_bar = Tensor::empty(a.shape());
  for (Index i = 0; i < a.numel(); ++i) x_bar.data()[i] = a.data()[i] * y_bar.data()[i];
  return {x_bar};
}

Tensors PointwiseOp::vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                                 NeededInputs) const {
  // x_bar_dot[k] = f'(x) y_bar_dot[k] + f''(x) y_bar x_dot[k]
  const Tensor& x_dot0 = x_dot[0];
  const Tensor& shape_source = y_bar_dot.defined() ? y_bar_dot : x_dot0;
  const Tensor& a = d1();
  const Index n = a.numel();
  const Index directions = shape_source.size(0);
  Tensor x_bar_dot = Tensor::empty(shape_source.shape());
  Tensor curvature;
  if (x_dot0.defined()) {
    const Tensor& b = d2();
    curvature = Tensor::empty(a.shape());
    for (Index i = 0; i < n; ++i) curvature.data()[i] = b.data()[i] * y_bar.data()[i];
  }
  for (Index k = 0; k < directions; ++k) {
    double* out = x_bar_dot.data() + k * n;
    if (y_bar_dot.defined() && x_dot0.defined()) {
      const double* ybd = y_bar_dot.data() + k * n;
      const double* xd = x_dot0.data() + k * n;
      for (Index i = 0; i < n; ++i) out[i] = a.data()[i] * ybd[i] + curvature.data()[i] * xd[i];
    } else if (y_bar_dot.defined()) {
      const double* ybd = y_bar_dot.data() + k * n;
      for (Index i = 0; i < n; ++i) out[i] = a.data()[i] * ybd[i];
    } else {
      const double* xd = x_dot0.data() + k * n;
      for (Index i = 0; i < n; ++i) out[i] = curvature.data()[i] * xd[i];
    }
  }
  return {x_bar_dot};
}

bool records_graph(std::initializer_list<const Var*> inputs) {
  if (!grad_enabled()) return false;
  for (const Var* v : inputs) {
    if (v->requires_grad()) return true;
  }
  return false;
}

Var make_op_result(std::unique_ptr<Op> op, std::vector<Var> inputs, Tensor value) {
  bool requires_grad = false;
  if (grad_enabled()) {
    for (const Var& v : inputs) requires_grad = requires_grad || v.requires_grad();
  }
  if (!requires_grad) return Var(std::move(value));
  auto node = std::make_shared<Node>();
  node->value = std::move(value);
  node->op = std::move(op);
  node->requires_grad = true;
  node->inputs.reserve(inputs.size());
  for (Var& v : inputs) node->inputs.push_back(v.node());
  return Var::from_node(std::move(node));
}

}  // namespace parity
