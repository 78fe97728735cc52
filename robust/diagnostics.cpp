#include "robust/diagnostics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "autograd/functional.h"
#include "robust/solvers.h"
#include "tensor/check.h"

namespace parity::robust {

namespace {

Tensor losses_at(const SampleLoss& loss, const Tensor& X) {
  NoGradGuard no_grad;
  return loss(Var(X)).value();
}

void keep_larger(Tensor& best, const Tensor& candidate) {
  for (Index i = 0; i < best.numel(); ++i) best.data()[i] = std::max(best.data()[i], candidate.data()[i]);
}

}  // namespace

Tensor best_known_objective(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                            const Tensor& candidate, Rng& rng, const BestKnownOptions& options) {
  check_defined(candidate, "best_known_objective()", "candidate");
  PARITY_CHECK(candidate.shape() == X.shape(), "best_known_objective(): candidate of shape ", candidate.shape(),
               " for X of shape ", X.shape());
  Tensor best = losses_at(loss, candidate);
  for (int start = 0; start <= options.restarts; ++start) {
    PGD pgd({.step = options.step, .iterations = options.iterations, .random_start = start > 0}, &rng);
    keep_larger(best, losses_at(loss, pgd.solve(loss, X, radius, feature_mask).perturbed));
  }
  return best;
}

InnerDiagnostics diagnose(const SampleLoss& loss, const Tensor& X, const InnerResult& result, const Tensor& best_known) {
  const Index batch = X.size(0);
  check_defined(best_known, "diagnose()", "best_known");
  PARITY_CHECK(best_known.shape() == Shape{batch}, "diagnose(): best_known of shape ", best_known.shape(),
               " for a batch of ", batch);
  InnerDiagnostics out;
  out.achieved = losses_at(loss, result.perturbed);
  out.relative_gap = Tensor(Shape{batch});
  for (Index i = 0; i < batch; ++i) {
    const double best = best_known.data()[i];
    const double gap = std::max(0.0, best - out.achieved.data()[i]) / std::max(std::abs(best), 1e-300);
    out.relative_gap.data()[i] = gap;
    out.max_relative_gap = std::max(out.max_relative_gap, gap);
  }
  if (result.model_value.defined()) {
    const Tensor base = losses_at(loss, X);
    out.model_error = Tensor(Shape{batch});
    for (Index i = 0; i < batch; ++i) {
      const double error = std::abs(out.achieved.data()[i] - base.data()[i] - result.model_value.data()[i]);
      out.model_error.data()[i] = error;
      out.max_model_error = std::max(out.max_model_error, error);
    }
  }
  double total = 0.0;
  for (int it : result.iterations) {
    total += it;
    out.max_iterations = std::max(out.max_iterations, it);
  }
  out.mean_iterations = result.iterations.empty() ? 0.0 : total / static_cast<double>(result.iterations.size());
  for (TrsCase c : result.cases) {
    if (c == TrsCase::Interior) ++out.interior;
    if (c == TrsCase::Boundary) ++out.boundary;
    if (c == TrsCase::HardCase) ++out.hard_case;
  }
  return out;
}

}  // namespace parity::robust
