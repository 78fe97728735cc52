#include "autograd/derivatives.h"

#include <algorithm>
#include <cstring>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/parallel.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

Var evaluate(const Function& f, const Var& x, const char* caller) {
  PARITY_CHECK(static_cast<bool>(f), caller, ": empty function");
  Var y = f(x);
  PARITY_CHECK(y.defined(), caller, ": the function returned an undefined Var");
  return y;
}

Var scalar_output(const Function& f, const Var& x, const char* caller) {
  Var y = evaluate(f, x, caller);
  PARITY_CHECK(y.value().numel() == 1, caller, ": the function must return a scalar, got shape ", y.shape());
  return y;
}

// Directions as [K, shape(x)]; a single direction of x's shape becomes K = 1.
Tensor as_directions(const Tensor& x, const Tensor& directions, const char* caller, bool& single) {
  check_defined(directions, caller, "directions");
  single = directions.shape() == x.shape();
  if (single) return directions.reshape(x.shape().prepended(1));
  PARITY_CHECK(directions.dim() == x.dim() + 1 && directions.shape().slice(1, directions.dim()) == x.shape(),
               caller, ": directions of shape ", directions.shape(), " for x of shape ", x.shape(),
               ", expected ", x.shape(), " or [K] + ", x.shape());
  return directions;
}

Tensor strip(const Tensor& t, bool single) { return single ? t.reshape(t.shape().slice(1, t.dim())) : t; }

}  // namespace

Tensor gradient(const Function& f, const Tensor& x) {
  check_finite(x, "gradient()", "x");
  Var input(x, true);
  Var y = scalar_output(f, input, "gradient()");
  return gradient(y, {input})[0];
}

Tensor jvp(const Function& f, const Tensor& x, const Tensor& directions) {
  check_finite(x, "jvp()", "x");
  bool single = false;
  Tensor v = as_directions(x, directions, "jvp()", single);
  Var input(x, true);
  Var y = evaluate(f, input, "jvp()");
  return strip(jvp(y, {input}, {v}), single);
}

Tensor hvp(const Function& f, const Tensor& x, const Tensor& directions) {
  check_finite(x, "hvp()", "x");
  bool single = false;
  Tensor v = as_directions(x, directions, "hvp()", single);
  Var input(x, true);
  HvpPlan plan(scalar_output(f, input, "hvp()"), {input});
  return strip(plan.hvp({v})[0], single);
}

Tensor hessian(const Function& f, const Tensor& x) {
  check_finite(x, "hessian()", "x");
  const Index n = x.numel();
  Tensor directions(x.shape().prepended(n));
  for (Index k = 0; k < n; ++k) directions.data()[k * n + k] = 1.0;
  Var input(x, true);
  HvpPlan plan(scalar_output(f, input, "hessian()"), {input});
  // Row k of the result is H e_k, i.e. column k of H; the layout [n, n] is H^T = H.
  return transpose(plan.hvp({directions})[0].reshape({n, n}));
}

namespace {

// One forward pass over the rows [begin, end) of X, with the loss of those rows; fills the
// outputs' rows.
void input_hessians_block(const SampleLoss& loss, const Tensor& X, Index begin, Index end,
                          const InputHessianOptions& options, InputHessians& out) {
  const Index rows = end - begin;
  const Index d = out.gradient.size(1);
  Var input(slice_rows(X, begin, end), true);
  Var losses = loss(input);
  PARITY_CHECK(losses.defined(), "input_hessians(): the loss returned an undefined Var");
  PARITY_CHECK(losses.shape() == Shape{rows}, "input_hessians(): per-sample losses must have shape [", rows,
               "], got ", losses.shape());
  std::copy(losses.value().begin(), losses.value().end(), out.loss.data() + begin);
  HvpPlan plan(sum(losses), {input});
  const Tensor& g = plan.gradient(0);
  std::copy(g.begin(), g.end(), out.gradient.data() + begin * d);

  const auto budget = static_cast<Index>(options.tangent_bytes / sizeof(double));
  const Index fitting = std::max<Index>(1, budget / std::max<Index>(1, plan.max_path_numel()));
  const Index chunk = std::min(d, options.max_directions > 0 ? options.max_directions : fitting);
  for (Index k0 = 0; k0 < d; k0 += chunk) {
    const Index count = std::min(chunk, d - k0);
    // Seed T[k, i, :] = e_{k0 + k} for every sample i; H_i e_{k0+k} is column k0 + k of H_i,
    // stored as row k0 + k (H_i is symmetric; the AD arithmetic makes the two triangles agree
    // to rounding), which the sweep writes sample-major straight into the result.
    plan.hvp(UnitDirections{k0, count}, SampleMajorTarget{out.hessian.data() + (begin * d + k0) * d, d * d});
  }
}

}  // namespace

InputHessians input_hessians(const SampleLoss& loss, const Tensor& X, const InputHessianOptions& options) {
  check_defined(X, "input_hessians()", "X");
  PARITY_CHECK(X.dim() >= 2, "input_hessians(): X must be [B, ...] with rank >= 2, got ", X.shape());
  check_finite(X, "input_hessians()", "X");
  PARITY_CHECK(options.max_directions >= 0 && options.max_samples >= 0,
               "input_hessians(): chunk sizes must be >= 0, got max_directions = ", options.max_directions,
               ", max_samples = ", options.max_samples);
  PARITY_CHECK(options.threads >= 1, "input_hessians(): threads must be >= 1, got ", options.threads);
  const Index batch = X.size(0);
  const Index d = batch == 0 ? 0 : X.numel() / batch;
  InputHessians out{Tensor::empty(Shape{batch}), Tensor::empty(Shape{batch, d}), Tensor::empty(Shape{batch, d, d})};
  if (batch == 0) return out;
  if (options.max_samples == 0 || options.max_samples >= batch) {
    input_hessians_block(loss, X, 0, batch, options, out);
    return out;
  }
  // Blocks write disjoint rows of the outputs.
  const Index block = options.max_samples;
  parallel_for((batch + block - 1) / block, options.threads, [&](Index first, Index last) {
    for (Index b = first; b < last; ++b) {
      const Index begin = b * block;
      const Index end = std::min(batch, begin + block);
      input_hessians_block(loss.rows(begin, end), X, begin, end, options, out);
    }
  });
  return out;
}

}  // namespace parity
