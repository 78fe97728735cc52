// GatedReLU as y = x + a (relu(x) - x): a = 1 gives x + (relu(x) - x) = relu(x) exactly and
// a = 0 gives x exactly. Trainable gates broadcast against the batch through mul (a parameter);
// frozen gates enter through mul_constant, so they take no part in differentiation.
#include "nn/gated_relu.h"

#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/creation.h"

namespace parity::nn {

namespace {

constexpr const char* kGate = "gate";

}  // namespace

GatedReLU::GatedReLU(const Shape& unit_shape, bool trainable)
    : unit_shape_(unit_shape), trainable_(trainable) {
  PARITY_CHECK(unit_shape.rank() >= 1 && unit_shape.numel() > 0,
               "GatedReLU(): unit shape must be non-empty, got ", unit_shape);
  if (trainable) {
    register_parameter(kGate, ones(unit_shape));
  } else {
    frozen_ = ones(unit_shape);
  }
}

Var GatedReLU::forward(const Var& x) {
  const Shape& shape = x.shape();
  PARITY_CHECK(shape.rank() == unit_shape_.rank() + 1 && shape.slice(1, shape.rank()) == unit_shape_,
               "GatedReLU::forward(): input of shape ", shape, ", expected [N,",
               unit_shape_.to_string().substr(1));
  const Var gap = relu(x) - x;
  return x + (trainable_ ? mul(masked(0), gap) : mul_constant(gap, frozen_));
}

LayerSpec GatedReLU::spec() const {
  return {"GatedReLU", {{"shape", unit_shape_.to_string()}, {"trainable", trainable_}}};
}

Tensor GatedReLU::gates() const { return trainable_ ? parameter(0).value().clone() : frozen_.clone(); }

void GatedReLU::set_gates(const Tensor& gates) {
  check_defined(gates, "GatedReLU::set_gates()", "gates");
  PARITY_CHECK(gates.shape() == unit_shape_, "GatedReLU::set_gates(): gates of shape ", gates.shape(),
               ", expected ", unit_shape_);
  check_finite(gates, "GatedReLU::set_gates()", "gates");
  if (!trainable_) check_zero_one(gates, "GatedReLU::set_gates()", "frozen gates");
  if (!trainable_) {
    frozen_ = gates.clone();
    return;
  }
  Var gate = parameter(0);
  PARITY_CHECK(gate.is_leaf(), "GatedReLU::set_gates(): the gate parameter is not a leaf");
  gate.mutable_value().copy_(gates);
}

Index GatedReLU::relu_count(double threshold) const {
  const Tensor a = trainable_ ? parameter(0).value() : frozen_;
  Index count = 0;
  for (double v : a) count += v > threshold ? 1 : 0;
  return count;
}

void GatedReLU::clamp_gates() {
  if (!trainable_) return;
  Var gate = parameter(0);
  gate.mutable_value().clamp_(0.0, 1.0);
}

void GatedReLU::freeze(double threshold) {
  if (!trainable_) return;
  Tensor binary = gates();
  for (double& v : binary) v = v > threshold ? 1.0 : 0.0;
  remove_parameter(kGate);
  frozen_ = std::move(binary);
  trainable_ = false;
}

void GatedReLU::make_trainable() {
  if (trainable_) return;
  register_parameter(kGate, std::move(frozen_));
  frozen_ = Tensor();
  trainable_ = true;
}

}  // namespace parity::nn
