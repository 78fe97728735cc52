// The trust-region inner solver against PGD at matched inner objective, on one batch of a
// trained model. At each radius r:
//
//   TRS   the TrustRegion solver (per-sample input Hessians, then the subproblems), giving the
//         objective L_trs,i = L(x_i + p_i);
//   PGD   normalised-gradient steps of `pgd_step * r` from delta = 0, each sample stopping once
//         L(x_i + delta_i) >= L_trs,i - tolerance |L_trs,i| (or at the step cap),
//
// each timed as the fastest of `repeats` runs, together with one batch loss-and-gradient and the
// Hessians alone (the units TRS and PGD are made of), so that the time ratio PGD / TRS compares
// the two at the same quality of the inner maximisation.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "data/dataset.h"
#include "nn/module.h"
#include "tensor/tensor.h"

namespace parity::robust {

struct ComparisonOptions {
  double tolerance = 1e-6;         ///< relative tolerance on the matched objective, > 0
  int pgd_max_iterations = 5000;   ///< PGD step cap, >= 1
  double pgd_step = 0.25;          ///< as a fraction of the radius
  int repeats = 3;                 ///< timings are the fastest of this many runs, >= 1
};

struct InnerComparison {
  double radius = 0.0;
  Index samples = 0;
  double gradient_seconds = 0.0;  ///< one loss and input gradient of the whole batch
  double hessian_seconds = 0.0;   ///< per-sample input Hessians alone
  double trs_seconds = 0.0;       ///< Hessians and subproblems (the TrustRegion solver)
  double pgd_seconds = 0.0;       ///< PGD until the TRS objective is matched or the cap
  double mean_pgd_steps = 0.0;
  int max_pgd_steps = 0;
  Index pgd_unmatched = 0;         ///< samples where PGD stopped at the cap below the target
  double max_relative_gap = 0.0;   ///< max over samples of (L_trs - L_pgd) / |L_trs|, >= 0
  double max_pgd_advantage = 0.0;  ///< max over samples of (L_pgd - L_trs) / |L_trs|, >= 0
  double max_model_error = 0.0;    ///< max |L(x + p) - L(x) - q(p)| of the TRS steps
  Index hard_cases = 0;
  Index interior = 0;
  Index trs_unconverged = 0;       ///< subproblems that hit TrsOptions::max_iterations
  double speedup() const { return pgd_seconds / trs_seconds; }
};

/// The comparison on inputs X [B, ...] with labels y [B] at one radius. Puts `model` in
/// evaluation mode. Throws parity::Error for bad options or radius, and what the solvers throw.
InnerComparison compare_inner_solvers(nn::Module& model, const Tensor& X, const Tensor& y, double radius,
                                      const ComparisonOptions& options = {});

/// One comparison per radius, in the order of `radii`; `after_radius` (if given) is called with
/// each as soon as it is done.
std::vector<InnerComparison> compare_per_radius(
    nn::Module& model, const Tensor& X, const Tensor& y, std::span<const double> radii,
    const ComparisonOptions& options = {},
    const std::function<void(const InnerComparison&)>& after_radius = nullptr);

/// As above on batch.X and batch.y.
std::vector<InnerComparison> compare_per_radius(
    nn::Module& model, const data::Dataset& batch, std::span<const double> radii,
    const ComparisonOptions& options = {},
    const std::function<void(const InnerComparison&)>& after_radius = nullptr);

}  // namespace parity::robust
