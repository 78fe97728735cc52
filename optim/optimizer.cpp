#include "optim/optimizer.h"

#include <cmath>
#include <unordered_set>
#include <utility>

#include "tensor/check.h"

namespace parity::optim {

namespace {

/// Sets t to +0 wherever mask is 0 (assignment, so stale infinities or NaNs are cleared too).
void zero_where_masked(Tensor& t, const Tensor& mask) {
  double* v = t.data();
  const double* m = mask.data();
  for (Index k = 0; k < t.numel(); ++k) {
    if (m[k] == 0.0) v[k] = 0.0;
  }
}

}  // namespace

Optimizer::Optimizer(std::string name, std::vector<Var> params, double lr)
    : name_(std::move(name)), params_(std::move(params)), masks_(params_.size()), lr_(lr) {
  const std::string caller = name_ + "()";
  PARITY_CHECK(!params_.empty(), caller, ": empty parameter list");
  PARITY_CHECK(std::isfinite(lr) && lr >= 0.0, caller, ": lr must be finite and >= 0, got ", lr);
  std::unordered_set<const Node*> seen;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Var& p = params_[i];
    PARITY_CHECK(p.defined(), caller, ": parameter ", i, " is undefined");
    PARITY_CHECK(p.is_leaf(), caller, ": parameter ", i,
                 " is not a leaf (optimisers update leaves in place)");
    PARITY_CHECK(p.requires_grad(), caller, ": parameter ", i, " does not require grad");
    PARITY_CHECK(seen.insert(p.node().get()).second, caller, ": parameter ", i,
                 " appears more than once in the parameter list");
  }
}

void Optimizer::set_learning_rate(double lr) {
  PARITY_CHECK(std::isfinite(lr) && lr >= 0.0, name_,
               "::set_learning_rate(): lr must be finite and >= 0, got ", lr);
  lr_ = lr;
}

void Optimizer::set_masks(std::vector<Tensor> masks) {
  const std::string caller = name_ + "::set_masks()";
  PARITY_CHECK(masks.size() == params_.size(), caller, ": ", masks.size(), " masks for ", params_.size(),
               " parameters");
  for (std::size_t i = 0; i < masks.size(); ++i) {
    Tensor& mask = masks[i];
    if (!mask.defined()) continue;
    PARITY_CHECK(mask.shape() == params_[i].shape(), caller, ": mask ", i, " has shape ", mask.shape(),
                 " but parameter ", i, " has shape ", params_[i].shape());
    check_zero_one(mask, caller.c_str(), "mask " + std::to_string(i));
    check_state_shapes(i, "set_masks");
    mask = mask.clone();
  }
  masks_ = std::move(masks);
  for (std::size_t i = 0; i < params_.size(); ++i) apply_mask(i);
}

void Optimizer::zero_grad() {
  for (Var& p : params_) p.zero_grad();
}

void Optimizer::check_index(std::size_t i, const char* accessor) const {
  PARITY_CHECK(i < params_.size(), name_, "::", accessor, "(): parameter index ", i, " out of range for ",
               params_.size(), " parameters");
}

void Optimizer::check_before_step(std::size_t i) {
  const Var& p = params_[i];
  const Shape& shape = p.shape();
  const Tensor& grad = p.grad();
  if (grad.defined()) {
    PARITY_CHECK(grad.shape() == shape, name_, "::step(): gradient of parameter ", i, " has shape ",
                 grad.shape(), " but the parameter has shape ", shape);
    const Index k = first_non_finite(grad);
    PARITY_CHECK(k < 0, name_, "::step(): gradient of parameter ", i, " holds a non-finite value (",
                 grad.data()[k], ") at flat index ", k, " of shape ", shape);
  }
  const Tensor& mask = masks_[i];
  PARITY_CHECK(!mask.defined() || mask.shape() == shape, name_, "::step(): mask of parameter ", i,
               " has shape ", mask.shape(), " but the parameter has shape ", shape);
  check_state_shapes(i, "step");
}

void Optimizer::check_state_shapes(std::size_t i, const char* accessor) {
  const Shape& shape = params_[i].shape();
  for (const Tensor* s : state(i)) {
    PARITY_CHECK(s->shape() == shape, name_, "::", accessor, "(): state of parameter ", i, " has shape ",
                 s->shape(), " but the parameter now has shape ", shape);
  }
}

void Optimizer::apply_mask(std::size_t i) {
  const Tensor& mask = masks_[i];
  if (!mask.defined()) return;
  zero_where_masked(params_[i].mutable_value(), mask);
  for (Tensor* s : state(i)) zero_where_masked(*s, mask);
}

void Optimizer::step() {
  for (std::size_t i = 0; i < params_.size(); ++i) check_before_step(i);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Var& p = params_[i];
    // Masked entries are updated with the rest and then zeroed: the rule is elementwise, so what
    // they held never reaches an unmasked entry. Masks without a gradient still clear their state.
    const bool has_grad = p.grad().defined();
    if (has_grad) update(i, p.mutable_value(), p.grad());
    apply_mask(i);
    const Index k = has_grad ? first_non_finite(p.value()) : -1;
    PARITY_CHECK(k < 0, name_, "::step(): the update overflowed parameter ", i, " to ", p.value().data()[k],
                 " at flat index ", k, " of shape ", p.shape(), " (learning rate ", lr_, " too large?)");
  }
}

}  // namespace parity::optim
