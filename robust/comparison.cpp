#include "robust/comparison.h"

#include <algorithm>
#include <cmath>

#include "autograd/derivatives.h"
#include "robust/adversarial_trainer.h"
#include "robust/diagnostics.h"
#include "robust/solvers.h"
#include "tensor/check.h"
#include "tensor/stopwatch.h"

namespace parity::robust {

namespace {

template <typename Work>
double fastest_seconds(int repeats, Work&& work) {
  double best = INFINITY;
  for (int r = 0; r < repeats; ++r) {
    Stopwatch watch;
    work();
    best = std::min(best, watch.seconds());
  }
  return best;
}

}  // namespace

InnerComparison compare_inner_solvers(nn::Module& model, const Tensor& X, const Tensor& y, double radius,
                                      const ComparisonOptions& options) {
  PARITY_CHECK(options.tolerance > 0.0 && options.pgd_max_iterations >= 1,
               "compare_inner_solvers(): tolerance must be > 0 and the PGD cap >= 1, got ", options.tolerance, " and ",
               options.pgd_max_iterations);
  PARITY_CHECK(options.repeats >= 1, "compare_inner_solvers(): repeats must be >= 1, got ", options.repeats);
  check_inner_problem(X, radius, "compare_inner_solvers()");
  check_defined(y, "compare_inner_solvers()", "y");
  model.eval();
  const SampleLoss loss = nn::sample_loss(model, y);
  InnerComparison out;
  out.radius = radius;
  out.samples = X.size(0);

  out.gradient_seconds = fastest_seconds(options.repeats, [&] { loss_and_gradient(loss, X); });
  out.hessian_seconds = fastest_seconds(options.repeats, [&] { input_hessians(loss, X); });
  TrustRegion trs;
  InnerResult trs_result;
  out.trs_seconds = fastest_seconds(options.repeats, [&] { trs_result = trs.solve(loss, X, radius, {}); });

  const Tensor trs_objective = loss_and_gradient(loss, trs_result.perturbed).loss;
  const InnerDiagnostics trs_diagnostics = diagnose(loss, X, trs_result, trs_objective);
  out.max_model_error = trs_diagnostics.max_model_error;
  out.hard_cases = trs_diagnostics.hard_case;
  out.interior = trs_diagnostics.interior;
  out.trs_unconverged = static_cast<Index>(trs_result.unconverged.size());

  PGD pgd({.step = options.pgd_step, .iterations = options.pgd_max_iterations, .tolerance = 0.0,
           .random_start = false});
  InnerResult pgd_result;
  out.pgd_seconds = fastest_seconds(options.repeats, [&] {
    pgd_result = pgd.solve_to_target(loss, X, radius, {}, trs_objective, options.tolerance);
  });
  const Tensor pgd_objective = loss_and_gradient(loss, pgd_result.perturbed).loss;
  double steps = 0.0;
  for (Index i = 0; i < out.samples; ++i) {
    const double target = trs_objective.data()[i];
    const double reached = pgd_objective.data()[i];
    const double scale = std::max(std::abs(target), 1e-300);
    out.max_relative_gap = std::max(out.max_relative_gap, (target - reached) / scale);
    out.max_pgd_advantage = std::max(out.max_pgd_advantage, (reached - target) / scale);
    if (reached < target - options.tolerance * std::abs(target)) ++out.pgd_unmatched;
    const int taken = pgd_result.iterations[static_cast<std::size_t>(i)];
    steps += taken;
    out.max_pgd_steps = std::max(out.max_pgd_steps, taken);
  }
  out.mean_pgd_steps = out.samples > 0 ? steps / static_cast<double>(out.samples) : 0.0;
  return out;
}

std::vector<InnerComparison> compare_per_radius(nn::Module& model, const Tensor& X, const Tensor& y,
                                                std::span<const double> radii, const ComparisonOptions& options,
                                                const std::function<void(const InnerComparison&)>& after_radius) {
  std::vector<InnerComparison> out;
  out.reserve(radii.size());
  for (double radius : radii) {
    out.push_back(compare_inner_solvers(model, X, y, radius, options));
    if (after_radius) after_radius(out.back());
  }
  return out;
}

std::vector<InnerComparison> compare_per_radius(nn::Module& model, const data::Dataset& batch,
                                                std::span<const double> radii, const ComparisonOptions& options,
                                                const std::function<void(const InnerComparison&)>& after_radius) {
  return compare_per_radius(model, batch.X, batch.y, radii, options, after_radius);
}

}  // namespace parity::robust
