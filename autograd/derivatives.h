// Derivatives of functions of one tensor, built on the engine:
//   gradient(f, x)        the gradient of a scalar f at x
//   jvp(f, x, V)          J V for K directions V [K, shape(x)]: [K, shape(f(x))]
//   hvp(f, x, V)          H V for a scalar f, K directions at once: [K, shape(x)]
//   hessian(f, x)         the full [n, n] Hessian, n = x.numel(), by n directions
//   input_hessians(f, X)  for f(X) = [l_1(x_1), ..., l_B(x_B)] (per-sample losses, each
//                         depending only on its own row), every sample's loss, gradient and
//                         Hessian from one forward-over-reverse sweep seeded T[k, i, :] = e_k,
//                         on blocks of rows (labels following) that may run on several threads.
#pragma once

#include <functional>

#include "autograd/sample_loss.h"
#include "autograd/var.h"

namespace parity {

using Function = std::function<Var(const Var&)>;

Tensor gradient(const Function& f, const Tensor& x);
/// `directions` is [K, shape(x)], or shape(x) for one direction (then the leading K = 1 axis
/// is dropped from the result).
Tensor jvp(const Function& f, const Tensor& x, const Tensor& directions);
Tensor hvp(const Function& f, const Tensor& x, const Tensor& directions);
Tensor hessian(const Function& f, const Tensor& x);

struct InputHessianOptions {
  /// Directions per tangent sweep; 0 chooses the most that keep every tangent within
  /// `tangent_bytes`. Fewer directions per sweep cap memory at the cost of more sweeps.
  Index max_directions = 0;
  /// Memory budget of one tangent tensor when max_directions is 0.
  std::size_t tangent_bytes = std::size_t{64} << 20;
  /// Samples per forward pass (0: the whole batch at once). The loss is evaluated on blocks of
  /// this many rows, each with its own rows of the labels.
  Index max_samples = 0;
  /// Threads sharing the blocks of max_samples rows (parallel_for); the blocks and so the
  /// results are the same for every thread count. The loss is then called concurrently, so
  /// it may only read what it shares (e.g. a model's parameters).
  int threads = 1;
  // Chunked results equal unchunked ones to rounding: the arithmetic is the same, but
  // OpenBLAS's dgemm may round a row differently depending on the row count of the call.
};

struct InputHessians {
  Tensor loss;      ///< [B]
  Tensor gradient;  ///< [B, d]: d l_i / d x_i
  Tensor hessian;   ///< [B, d, d]: d^2 l_i / d x_i^2 (row k is H_i e_k)
};

/// Per-sample input derivatives of per-sample losses. X is [B, ...] (d = features per row);
/// loss(X) must return shape [B]. Samples must not interact inside the loss (no batch
/// statistics). A plain Var -> Var function converts to a SampleLoss without labels.
InputHessians input_hessians(const SampleLoss& loss, const Tensor& X, const InputHessianOptions& options = {});

}  // namespace parity
