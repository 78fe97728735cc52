#include "robust/inner_solver.h"

#include <cmath>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::robust {

std::vector<Index> movable_features(const Tensor& feature_mask, Index d, const char* caller) {
  std::vector<Index> movable;
  if (!feature_mask.defined()) {
    for (Index j = 0; j < d; ++j) movable.push_back(j);
    return movable;
  }
  PARITY_CHECK(feature_mask.dim() == 1 && feature_mask.numel() == d, caller, ": feature mask of shape ",
               feature_mask.shape(), " for ", d, " features, expected [", d, "]");
  check_zero_one(feature_mask, caller, "feature mask");
  for (Index j = 0; j < d; ++j) {
    if (feature_mask.data()[j] == 1.0) movable.push_back(j);
  }
  return movable;
}

Index check_inner_problem(const Tensor& X, double radius, const char* caller) {
  PARITY_CHECK(std::isfinite(radius) && radius > 0.0, caller, ": radius must be positive and finite, got ", radius);
  check_defined(X, caller, "X");
  PARITY_CHECK(X.dim() >= 2 && X.size(0) > 0, caller, ": X must be a non-empty batch [B, ...], got ", X.shape());
  check_finite(X, caller, "X");
  return X.numel() / X.size(0);
}

LossAndGradient loss_and_gradient(const SampleLoss& loss, const Tensor& X) {
  Var input(X, true);
  Var losses = loss(input);
  PARITY_CHECK(losses.defined() && losses.shape() == Shape{X.size(0)},
               "loss_and_gradient(): per-sample losses must have shape [", X.size(0), "], got ",
               losses.defined() ? losses.shape().to_string() : "undefined");
  return {losses.value(), gradient(sum(losses), {input})[0]};
}

}  // namespace parity::robust
