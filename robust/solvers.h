// The inner solvers (see inner_solver.h):
//   TrustRegion  per-sample input gradient g and Hessian H from one forward-over-reverse sweep,
//                then the subproblem max_{||p|| <= r} g.p + 1/2 p.H p (trust_region.h);
//   PGD          L2 projected gradient ascent: delta <- P_r(delta + alpha g / ||g||), P_r the
//                projection onto the ball (Madry et al. 2018, in the L2 norm); each step
//                evaluates only the samples still moving, which stop at a step cap or by
//                their own rule (a step shorter than a tolerance, or a loss gain below one);
//   FGSM         one normalised-gradient step to the boundary: delta = r g / ||g||
//                (Goodfellow et al. 2015, in the L2 norm);
//   Random       delta uniform on the sphere of radius r (as the Fast & Fair reference draws it);
//   None         delta = 0 (non-robust training).
#pragma once

#include "autograd/derivatives.h"
#include "robust/inner_solver.h"
#include "tensor/random.h"

namespace parity::robust {

class TrustRegion : public InnerSolver {
 public:
  explicit TrustRegion(TrsOptions trs = {}, InputHessianOptions hessians = {}) : trs_(trs), hessians_(hessians) {}
  std::string name() const override { return "trs"; }
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;

 private:
  TrsOptions trs_;
  InputHessianOptions hessians_;
};

struct PgdOptions {
  /// Step size alpha as a fraction of the radius.
  double step = 0.25;
  /// Iteration cap.
  int iterations = 10;
  /// A sample stops once its step moved delta by less than tolerance * r (0: never).
  double tolerance = 0.0;
  /// A sample also stops once a step raised its loss by at most loss_tolerance times the loss
  /// before it (0: never); a step that lowered the loss is undone.
  double loss_tolerance = 0.0;
  /// Start from a uniform point in the ball instead of 0 (needs an Rng).
  bool random_start = false;
};

class PGD : public InnerSolver {
 public:
  /// `rng` is used only with random_start and must outlive the solver.
  explicit PGD(PgdOptions options = {}, Rng* rng = nullptr);
  std::string name() const override { return "pgd"; }
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;
  /// As solve(), stopping each sample once its loss reaches target[i] - tolerance * |target[i]|
  /// (or at the iteration cap); used to time PGD against a known inner objective.
  InnerResult solve_to_target(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                              const Tensor& target, double tolerance);

 private:
  InnerResult run(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                  const Tensor* target, double target_tolerance);
  PgdOptions options_;
  Rng* rng_;
};

class FGSM : public InnerSolver {
 public:
  std::string name() const override { return "fgsm"; }
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;
};

class RandomPerturbation : public InnerSolver {
 public:
  /// `rng` must outlive the solver.
  explicit RandomPerturbation(Rng& rng) : rng_(rng) {}
  std::string name() const override { return "random"; }
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;

 private:
  Rng& rng_;
};

class NoPerturbation : public InnerSolver {
 public:
  std::string name() const override { return "none"; }
  bool perturbs() const override { return false; }
  /// Returns X unchanged; the radius is not used.
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override;
};

}  // namespace parity::robust
