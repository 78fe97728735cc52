#include "optim/clip.h"

#include <algorithm>
#include <cmath>

#include "tensor/check.h"

namespace parity::optim {

double clip_grad_norm(const std::vector<Var>& params, double max_norm) {
  PARITY_CHECK(max_norm > 0.0, "clip_grad_norm(): max_norm must be > 0, got ", max_norm);
  double largest = 0.0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    PARITY_CHECK(params[i].defined(), "clip_grad_norm(): parameter ", i, " is undefined");
    const Tensor& g = params[i].grad();
    if (!g.defined()) continue;
    check_finite(g, "clip_grad_norm()", "the gradient of parameter " + std::to_string(i));
    for (Index k = 0; k < g.numel(); ++k) largest = std::max(largest, std::abs(g.data()[k]));
  }
  if (largest == 0.0) return 0.0;
  double scaled_squares = 0.0;
  for (const Var& p : params) {
    for (const double x : p.grad()) scaled_squares += (x / largest) * (x / largest);
  }
  const double norm = largest * std::sqrt(scaled_squares);
  const double coefficient = max_norm / (norm + 1e-6);
  if (coefficient < 1.0) {
    for (const Var& p : params) {
      // The gradient lives in the leaf's node; clip it there, in place.
      if (p.grad().defined()) p.node()->grad.mul_(coefficient);
    }
  }
  return norm;
}

}  // namespace parity::optim
