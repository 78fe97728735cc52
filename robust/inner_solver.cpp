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

}  // namespace parity::robust
