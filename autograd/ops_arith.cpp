// Arithmetic ops with NumPy broadcasting. sum_to(.) below reduces an output-shaped tensor
// back to an input's shape (the adjoint of broadcasting).
//
//   add    y = a + b      linear: a_bar = sum_to(y_bar), b_bar = sum_to(y_bar)
//   sub    y = a - b      linear: a_bar = sum_to(y_bar), b_bar = -sum_to(y_bar)
//   neg    y = -x         linear
//   scale  y = c x        linear, c constant
//   mul_constant y = x M  linear, M constant
//   mul    y = a b        jvp  y_dot = a_dot b + a b_dot
//                         vjp  a_bar = sum_to(y_bar b),  b_bar = sum_to(y_bar a)
//                         vjp_tangent  a_bar_dot = sum_to(y_bar_dot b + y_bar b_dot)
//                                      b_bar_dot = sum_to(y_bar_dot a + y_bar a_dot)
//   div    y = a / b      jvp  y_dot = a_dot / b - q b_dot,  q = a / b^2
//                         vjp  a_bar = sum_to(y_bar / b),  b_bar = -sum_to(y_bar q)
//                         vjp_tangent  a_bar_dot = sum_to(y_bar_dot / b - y_bar b_dot / b^2)
//                                      b_bar_dot = sum_to(-y_bar_dot q - y_bar a_dot / b^2 + 2 y_bar q b_dot / b)
#include <cmath>

#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/reduce.h"

namespace parity {

namespace {

// a_dot lifted so that it broadcasts against values of the output's rank.
Tensor lifted(const Tensor& t_dot, const Shape& out) { return tangent::lift(t_dot, out.rank()); }

class AddSubOp final : public LinearOp {
 public:
  AddSubOp(bool subtract, Shape a, Shape b, Shape out)
      : subtract_(subtract), a_(std::move(a)), b_(std::move(b)), out_(std::move(out)) {}
  OpKind kind() const override { return subtract_ ? OpKind::Sub : OpKind::Add; }

 protected:
  std::size_t arity() const override { return 2; }
  Tensor apply(const Tensors& x, int lead) const override {
    Tensor first = x[0].defined() ? tangent::expand(x[0], lead, out_) : Tensor();
    Tensor second;
    if (x[1].defined()) second = tangent::expand(subtract_ ? neg(x[1]) : x[1], lead, out_);
    return tangent::add(first, second);
  }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs wanted) const override {
    Tensors x(2);
    if (wanted[0]) x[0] = tangent::reduce(y, lead, a_);
    if (wanted[1]) x[1] = subtract_ ? neg(tangent::reduce(y, lead, b_)) : tangent::reduce(y, lead, b_);
    return x;
  }

 private:
  bool subtract_;
  Shape a_, b_, out_;
};

class ScaleOp final : public LinearOp {
 public:
  ScaleOp(OpKind kind, double c) : kind_(kind), c_(c) {}
  OpKind kind() const override { return kind_; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int) const override { return mul(x[0], c_); }
  Tensors apply_transpose(const Tensor& y, int, NeededInputs) const override { return {mul(y, c_)}; }

 private:
  OpKind kind_;
  double c_;
};

class MulConstantOp final : public LinearOp {
 public:
  MulConstantOp(Tensor mask, Shape x, Shape out) : mask_(std::move(mask)), x_(std::move(x)), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::MulConstant; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override {
    return mul(lead == 0 ? x[0] : lifted(x[0], out_), mask_);
  }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    return {tangent::reduce(mul(y, mask_), lead, x_)};
  }

 private:
  Tensor mask_;
  Shape x_, out_;
};

class MulOp final : public Op {
 public:
  MulOp(Tensor a, Tensor b, Shape out) : a_(std::move(a)), b_(std::move(b)), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::Mul; }

  Tensor jvp(const Tensors& x_dot) const override {
    Tensor y_dot;
    if (x_dot[0].defined()) y_dot = mul(lifted(x_dot[0], out_), b_);
    if (x_dot[1].defined()) y_dot = tangent::add(y_dot, mul(a_, lifted(x_dot[1], out_)));
    return y_dot;
  }
  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const override {
    Tensors x_bar(2);
    if (wanted[0]) x_bar[0] = sum_to_shape(mul(y_bar, b_), a_.shape());
    if (wanted[1]) x_bar[1] = sum_to_shape(mul(y_bar, a_), b_.shape());
    return x_bar;
  }
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                      NeededInputs wanted) const override {
    Tensors x_bar_dot(2);
    for (std::size_t i = 0; i < 2; ++i) {
      if (!wanted[i]) continue;
      const Tensor& other = i == 0 ? b_ : a_;
      const Tensor& other_dot = x_dot[1 - i];
      Tensor total;
      if (y_bar_dot.defined()) total = mul(y_bar_dot, other);
      if (other_dot.defined()) total = tangent::add(total, mul(y_bar, lifted(other_dot, out_)));
      if (total.defined()) x_bar_dot[i] = tangent::sum_to(total, (i == 0 ? a_ : b_).shape());
    }
    return x_bar_dot;
  }

 private:
  Tensor a_, b_;
  Shape out_;
};

class DivOp final : public Op {
 public:
  DivOp(Tensor a, Tensor b, const Tensor& y)
      : a_shape_(a.shape()), b_(std::move(b)), q_(div(y, b_)), inv_b2_(1.0 / square(b_)), out_(y.shape()) {}
  OpKind kind() const override { return OpKind::Div; }

  Tensor jvp(const Tensors& x_dot) const override {
    Tensor y_dot;
    if (x_dot[0].defined()) y_dot = div(lifted(x_dot[0], out_), b_);
    if (x_dot[1].defined()) y_dot = tangent::add(y_dot, neg(mul(q_, lifted(x_dot[1], out_))));
    return y_dot;
  }
  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const override {
    Tensors x_bar(2);
    if (wanted[0]) x_bar[0] = sum_to_shape(div(y_bar, b_), a_shape_);
    if (wanted[1]) x_bar[1] = sum_to_shape(neg(mul(y_bar, q_)), b_.shape());
    return x_bar;
  }
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                      NeededInputs wanted) const override {
    Tensors x_bar_dot(2);
    const Tensor a_dot = x_dot[0].defined() ? lifted(x_dot[0], out_) : Tensor();
    const Tensor b_dot = x_dot[1].defined() ? lifted(x_dot[1], out_) : Tensor();
    if (wanted[0]) {
      Tensor total;
      if (y_bar_dot.defined()) total = div(y_bar_dot, b_);
      if (b_dot.defined()) total = tangent::add(total, neg(mul(mul(y_bar, inv_b2_), b_dot)));
      if (total.defined()) x_bar_dot[0] = tangent::sum_to(total, a_shape_);
    }
    if (wanted[1]) {
      Tensor total;
      if (y_bar_dot.defined()) total = neg(mul(y_bar_dot, q_));
      if (a_dot.defined()) total = tangent::add(total, neg(mul(mul(y_bar, inv_b2_), a_dot)));
      if (b_dot.defined()) total = tangent::add(total, mul(div(mul(y_bar, q_), b_) * 2.0, b_dot));
      if (total.defined()) x_bar_dot[1] = tangent::sum_to(total, b_.shape());
    }
    return x_bar_dot;
  }

 private:
  Shape a_shape_;
  Tensor b_;
  Tensor q_;       // a / b^2 = y / b
  Tensor inv_b2_;  // 1 / b^2
  Shape out_;
};

Var constant(double c) { return Var(Tensor::scalar(c)); }

}  // namespace

Var add(const Var& a, const Var& b) {
  Tensor y = add(a.value(), b.value());
  if (!records_graph({&a, &b})) return Var(std::move(y));
  auto op = std::make_unique<AddSubOp>(false, a.shape(), b.shape(), y.shape());
  return make_op_result(std::move(op), {a, b}, std::move(y));
}

Var sub(const Var& a, const Var& b) {
  Tensor y = sub(a.value(), b.value());
  if (!records_graph({&a, &b})) return Var(std::move(y));
  auto op = std::make_unique<AddSubOp>(true, a.shape(), b.shape(), y.shape());
  return make_op_result(std::move(op), {a, b}, std::move(y));
}

Var mul(const Var& a, const Var& b) {
  Tensor y = mul(a.value(), b.value());
  if (!records_graph({&a, &b})) return Var(std::move(y));
  auto op = std::make_unique<MulOp>(a.value(), b.value(), y.shape());
  return make_op_result(std::move(op), {a, b}, std::move(y));
}

Var div(const Var& a, const Var& b) {
  Tensor y = div(a.value(), b.value());
  if (!records_graph({&a, &b})) return Var(std::move(y));
  auto op = std::make_unique<DivOp>(a.value(), b.value(), y);
  return make_op_result(std::move(op), {a, b}, std::move(y));
}

Var neg(const Var& x) {
  Tensor y = neg(x.value());
  return make_op_result(std::make_unique<ScaleOp>(OpKind::Neg, -1.0), {x}, std::move(y));
}

Var scale(const Var& x, double c) {
  PARITY_CHECK(std::isfinite(c), "scale(): factor must be finite, got ", c);
  Tensor y = mul(x.value(), c);
  return make_op_result(std::make_unique<ScaleOp>(OpKind::Scale, c), {x}, std::move(y));
}

Var mul_constant(const Var& x, const Tensor& mask) {
  Tensor y = mul(x.value(), mask);
  if (!records_graph({&x})) return Var(std::move(y));
  auto op = std::make_unique<MulConstantOp>(mask, x.shape(), y.shape());
  return make_op_result(std::move(op), {x}, std::move(y));
}

Var operator+(const Var& a, const Var& b) { return add(a, b); }
Var operator-(const Var& a, const Var& b) { return sub(a, b); }
Var operator*(const Var& a, const Var& b) { return mul(a, b); }
Var operator/(const Var& a, const Var& b) { return div(a, b); }
Var operator-(const Var& x) { return neg(x); }
Var operator+(const Var& a, double b) { return add(a, constant(b)); }
Var operator-(const Var& a, double b) { return sub(a, constant(b)); }
Var operator*(const Var& a, double b) { return scale(a, b); }
Var operator/(const Var& a, double b) { return scale(a, 1.0 / b); }
Var operator+(double a, const Var& b) { return add(constant(a), b); }
Var operator-(double a, const Var& b) { return sub(constant(a), b); }
Var operator*(double a, const Var& b) { return scale(b, a); }

}  // namespace parity
