#include "prune/power_iteration.h"

#include <cmath>

#include "autograd/engine.h"
#include "tensor/check.h"

namespace parity::prune {

namespace {

double dot(const Tensors& a, const Tensors& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (Index k = 0; k < a[i].numel(); ++k) s += a[i].data()[k] * b[i].data()[k];
  }
  return s;
}

void scale_to_unit(Tensors& v) {
  const double norm = std::sqrt(dot(v, v));
  for (Tensor& t : v) t.mul_(1.0 / norm);
}

}  // namespace

PowerIterationResult top_hessian_eigenvalue(const Var& root, const std::vector<Var>& wrt,
                                            const PowerIterationOptions& options, Rng& rng) {
  constexpr const char* kCaller = "top_hessian_eigenvalue()";
  PARITY_CHECK(root.defined() && root.value().numel() == 1, kCaller, ": the root must be a scalar");
  PARITY_CHECK(!wrt.empty(), kCaller, ": no parameter to differentiate with respect to");
  PARITY_CHECK(options.max_iterations >= 1, kCaller, ": max_iterations must be >= 1, got ", options.max_iterations);
  PARITY_CHECK(std::isfinite(options.tolerance) && options.tolerance > 0.0, kCaller,
               ": tolerance must be finite and > 0, got ", options.tolerance);
  HvpPlan plan(root, wrt);
  Tensors v;
  for (const Var& p : wrt) v.push_back(rng.normal(p.shape()));
  scale_to_unit(v);
  PowerIterationResult result;
  for (int k = 1; k <= options.max_iterations; ++k) {
    Tensors directions;
    for (const Tensor& t : v) directions.push_back(t.reshape(t.shape().prepended(1)));
    Tensors w = plan.hvp(directions);
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] = w[i].reshape(wrt[i].shape());
      check_finite(w[i], kCaller, "a Hessian-vector product");
    }
    const double lambda = dot(v, w);
    result.iterations = k;
    const bool settled = k > 1 && std::abs(lambda - result.eigenvalue) <= options.tolerance * std::abs(lambda);
    result.eigenvalue = lambda;
    if (settled) {
      result.converged = true;
      break;
    }
    if (dot(w, w) == 0.0) {
      result.converged = true;
      break;
    }
    v = std::move(w);
    scale_to_unit(v);
  }
  return result;
}

}  // namespace parity::prune
