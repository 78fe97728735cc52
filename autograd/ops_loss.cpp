// Fused, numerically stable losses (per element or per sample; no reduction).
//
//   bce_with_logits  l = softplus(z) - t z           l' = sigmoid(z) - t    l'' = s (1 - s), s = sigmoid(z)
//   mse              l = (p - t)^2                    l' = 2 (p - t)         l'' = 2
//   cross_entropy_with_logits, per row i with label c_i and p = softmax(z_i):
//     l_i = logsumexp(z_i) - z_i[c_i]
//     jvp          l_dot_i = sum_c p_c z_dot_ic - z_dot_i[c_i]
//     vjp          z_bar_i = l_bar_i (p - e_{c_i})
//     vjp_tangent  z_bar_dot_i = l_bar_dot_i (p - e_{c_i}) + l_bar_i p_dot,  p_dot = p (z_dot_i - sum_c p_c z_dot_ic)
// Targets and labels are constants.
#include <cmath>

#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/kernels.h"
#include "tensor/reduce.h"
#include "tensor/scalar_math.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

class BceWithLogitsOp final : public PointwiseOp {
 public:
  BceWithLogitsOp(Tensor z, Tensor t) : z_(std::move(z)), t_(std::move(t)) {}
  OpKind kind() const override { return OpKind::BceWithLogits; }

 protected:
  Tensor first_derivative() const override {
    return kernels::zip(z_, t_, [](double z, double t) { return scalar::sigmoid(z) - t; }, "bce_with_logits()");
  }
  Tensor second_derivative() const override {
    return kernels::map(z_, [](double z) { return scalar::sigmoid(z) * scalar::sigmoid(-z); });
  }

 private:
  Tensor z_, t_;
};

class MseOp final : public PointwiseOp {
 public:
  MseOp(Tensor p, Tensor t) : p_(std::move(p)), t_(std::move(t)) {}
  OpKind kind() const override { return OpKind::Mse; }

 protected:
  Tensor first_derivative() const override { return mul(sub(p_, t_), 2.0); }
  Tensor second_derivative() const override { return full_like(2.0); }

 private:
  Tensor full_like(double v) const {
    Tensor t = Tensor::empty(p_.shape());
    return t.fill_(v);
  }
  Tensor p_, t_;
};

class CrossEntropyOp final : public Op {
 public:
  // p: softmax of the logits [B, C]; residual: p - onehot(labels).
  CrossEntropyOp(Tensor p, Tensor residual) : p_(std::move(p)), residual_(std::move(residual)) {}
  OpKind kind() const override { return OpKind::CrossEntropyWithLogits; }

  Tensor jvp(const Tensors& x_dot) const override {
    // sum_c (p_c - e_c) z_dot_c, per row
    return sum(mul(x_dot[0], residual_), 2);
  }
  Tensors vjp(const Tensor& y_bar, NeededInputs) const override {
    return {mul(residual_, y_bar.reshape({-1, 1}))};
  }
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot, NeededInputs) const override {
    Tensor total;
    if (y_bar_dot.defined()) total = mul(residual_, y_bar_dot.reshape({y_bar_dot.size(0), -1, 1}));
    if (x_dot[0].defined()) {
      const Tensor& z_dot = x_dot[0];
      Tensor weighted = sum(mul(z_dot, p_), 2, true);
      Tensor p_dot = mul(sub(z_dot, weighted), p_);
      total = tangent::add(total, mul(p_dot, y_bar.reshape({-1, 1})));
    }
    return {total};
  }

 private:
  Tensor p_, residual_;
};

void check_targets(const Var& x, const Tensor& targets, const char* caller) {
  check_defined(targets, caller, "targets");
  PARITY_CHECK(targets.shape() == x.shape(), caller, ": targets of shape ", targets.shape(),
               " differ from input shape ", x.shape());
  check_finite(targets, caller, "targets");
}

}  // namespace

Var bce_with_logits(const Var& logits, const Tensor& targets) {
  check_targets(logits, targets, "bce_with_logits()");
  Tensor y = kernels::zip(logits.value(), targets,
                          [](double z, double t) { return scalar::softplus(z) - t * z; }, "bce_with_logits()");
  if (!records_graph({&logits})) return Var(std::move(y));
  return make_op_result(std::make_unique<BceWithLogitsOp>(logits.value(), targets), {logits}, std::move(y));
}

Var mse(const Var& prediction, const Tensor& target) {
  check_targets(prediction, target, "mse()");
  Tensor y = square(sub(prediction.value(), target));
  if (!records_graph({&prediction})) return Var(std::move(y));
  return make_op_result(std::make_unique<MseOp>(prediction.value(), target), {prediction}, std::move(y));
}

Var cross_entropy_with_logits(const Var& logits, const Tensor& labels) {
  const Shape& s = logits.shape();
  PARITY_CHECK(s.rank() == 2, "cross_entropy_with_logits(): logits must be [B, C], got ", s);
  check_defined(labels, "cross_entropy_with_logits()", "labels");
  PARITY_CHECK(labels.shape() == Shape{s[0]}, "cross_entropy_with_logits(): labels of shape ", labels.shape(),
               " for logits ", s, ", expected [", s[0], "]");
  const Index classes = s[1];
  Tensor lse = logsumexp(logits.value(), 1, true);
  Tensor y = Tensor::empty(Shape{s[0]});
  Tensor residual = exp(sub(logits.value(), lse));
  Tensor p = residual.clone();
  for (Index i = 0; i < s[0]; ++i) {
    const double label = labels.data()[i];
    PARITY_CHECK(label >= 0.0 && label < static_cast<double>(classes) && label == std::floor(label),
                 "cross_entropy_with_logits(): label ", label, " at row ", i, " is not a class index in [0, ",
                 classes, ")");
    const auto c = static_cast<Index>(label);
    y.data()[i] = lse.data()[i] - logits.value().data()[i * classes + c];
    residual.data()[i * classes + c] -= 1.0;
  }
  if (!records_graph({&logits})) return Var(std::move(y));
  auto op = std::make_unique<CrossEntropyOp>(std::move(p), std::move(residual));
  return make_op_result(std::move(op), {logits}, std::move(y));
}

}  // namespace parity
