#include "robust/inner_solver.h"

#include <algorithm>
#include <cmath>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::robust {

SampleLoss::SampleLoss(Function f, Tensor labels) : function_(std::move(f)), labels_(std::move(labels)) {
  PARITY_CHECK(static_cast<bool>(function_), "SampleLoss(): empty function");
  check_defined(labels_, "SampleLoss()", "labels");
  PARITY_CHECK(labels_.dim() >= 1, "SampleLoss(): labels must be [B] or [B, ...], got ", labels_.shape());
}

Var SampleLoss::operator()(const Var& X) const {
  PARITY_CHECK(!labels_.defined() || (X.shape().rank() >= 1 && X.shape()[0] == labels_.size(0)),
               "SampleLoss: inputs of shape ", X.shape(), " for ", labels_.size(0), " labels");
  return function_(X, labels_);
}

SampleLoss SampleLoss::subset(std::span<const Index> indices) const {
  SampleLoss out = *this;
  if (labels_.defined()) out.labels_ = gather_rows(labels_, indices);
  return out;
}

SampleLoss SampleLoss::rows(Index begin, Index end) const {
  SampleLoss out = *this;
  if (labels_.defined()) out.labels_ = slice_rows(labels_, begin, end);
  return out;
}

std::vector<Index> movable_features(const Tensor& feature_mask, Index d, const char* caller) {
  std::vector<Index> movable;
  if (!feature_mask.defined()) {
    for (Index j = 0; j < d; ++j) movable.push_back(j);
    return movable;
  }
  PARITY_CHECK(feature_mask.dim() == 1 && feature_mask.numel() == d, caller, ": feature mask of shape ",
               feature_mask.shape(), " for ", d, " features, expected [", d, "]");
  for (Index j = 0; j < d; ++j) {
    const double m = feature_mask.data()[j];
    PARITY_CHECK(m == 0.0 || m == 1.0, caller, ": feature mask entries must be 0 or 1, got ", m, " at ", j);
    if (m == 1.0) movable.push_back(j);
  }
  return movable;
}

Index check_inner_problem(const Tensor& X, double radius, const char* caller) {
  PARITY_CHECK(std::isfinite(radius) && radius > 0.0, caller, ": radius must be positive and finite, got ", radius);
  check_defined(X, caller, "X");
  PARITY_CHECK(X.dim() >= 2 && X.size(0) > 0, caller, ": X must be a non-empty batch [B, ...], got ", X.shape());
  const Index d = X.numel() / X.size(0);
  for (Index i = 0; i < X.numel(); ++i) {
    PARITY_CHECK(std::isfinite(X.data()[i]), caller, ": sample ", i / d, " of X holds ", X.data()[i]);
  }
  return d;
}

LossAndGradient loss_and_gradient(const SampleLoss& loss, const Tensor& X) {
  Var input(X, true);
  Var losses = loss(input);
  PARITY_CHECK(losses.defined() && losses.shape() == Shape{X.size(0)},
               "loss_and_gradient(): per-sample losses must have shape [", X.size(0), "], got ",
               losses.defined() ? losses.shape().to_string() : "undefined");
  return {losses.value(), gradient(sum(losses), {input})[0]};
}

InputHessians sample_input_hessians(const SampleLoss& loss, const Tensor& X, const InputHessianOptions& options) {
  const Function whole = [&loss](const Var& rows) { return loss(rows); };
  const Index batch = X.defined() && X.dim() >= 1 ? X.size(0) : 0;
  if (options.max_samples <= 0 || options.max_samples >= batch) return parity::input_hessians(whole, X, options);
  InputHessianOptions block_options = options;
  block_options.max_samples = 0;
  std::vector<Tensor> losses, grads, hessians;
  for (Index begin = 0; begin < batch; begin += options.max_samples) {
    const Index end = std::min(batch, begin + options.max_samples);
    const SampleLoss block = loss.rows(begin, end);
    InputHessians h = parity::input_hessians([&block](const Var& rows) { return block(rows); },
                                             slice_rows(X, begin, end), block_options);
    losses.push_back(std::move(h.loss));
    grads.push_back(std::move(h.gradient));
    hessians.push_back(std::move(h.hessian));
  }
  return {concat(losses, 0), concat(grads, 0), concat(hessians, 0)};
}

}  // namespace parity::robust
