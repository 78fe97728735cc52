// Gradient clipping by the global 2-norm, as torch.nn.utils.clip_grad_norm_: with
// N = sqrt(sum over parameters and entries of g^2), every gradient is scaled by
// c = max_norm / (N + 1e-6) when c < 1, so the clipped norm is just below max_norm.
#pragma once

#include <vector>

#include "autograd/var.h"

namespace parity::optim {

/// Clips the gradients of `params` in place (undefined gradients are skipped) and returns the total
/// norm N before clipping (0 when no parameter has a gradient). N is accumulated as m sqrt(sum (g/m)^2),
/// m = max |g|, so it does not overflow for gradients beyond 1e154.
/// @throws parity::Error when max_norm is not > 0, or when a gradient holds a NaN or an infinity (the
/// norm would be non-finite); the message names the parameter index and flat index.
double clip_grad_norm(const std::vector<Var>& params, double max_norm);

}  // namespace parity::optim
