// The eigenvalue of largest magnitude of the Hessian of a scalar loss with respect to a set of
// parameters, by power iteration on forward-over-reverse Hessian-vector products (HvpPlan, one
// recorded graph): v_0 random of unit norm, w = H v_k, lambda_k = v_k . w (the Rayleigh quotient),
// v_{k+1} = w / ||w||, until |lambda_k - lambda_{k-1}| <= tolerance |lambda_k|. As PyHessian, which
// the linearisation paper uses for its per-group curvature, it converges to the eigenvalue of
// largest |lambda|, at a rate set by the ratio of the two largest |lambda|.
#pragma once

#include <vector>

#include "autograd/var.h"
#include "tensor/random.h"

namespace parity::prune {

struct PowerIterationOptions {
  int max_iterations = 100;
  double tolerance = 1e-4;
};

struct PowerIterationResult {
  double eigenvalue = 0.0;
  int iterations = 0;
  bool converged = false;
};

/// @throws parity::Error for a root that is not a scalar, an empty `wrt`, max_iterations < 1, a
/// tolerance not finite and > 0, or a non-finite Hessian-vector product.
PowerIterationResult top_hessian_eigenvalue(const Var& root, const std::vector<Var>& wrt,
                                            const PowerIterationOptions& options, Rng& rng);

}  // namespace parity::prune
