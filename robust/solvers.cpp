#include "robust/solvers.h"

#include <cmath>

#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::robust {

namespace {

// Views a batch [B, ...] as rows of d features.
Tensor rows_of(const Tensor& t, Index d) { return t.reshape({t.size(0), d}); }

InnerResult result_from(const Tensor& X, Tensor perturbation) {
  Tensor perturbed = X.clone();
  perturbed.add_(perturbation);
  return {perturbed, perturbation, std::vector<int>(static_cast<std::size_t>(X.size(0))), {}, {}, {}, {}};
}

// Scales each row of `v` (restricted to `movable`) to norm `radius`; zero rows stay zero.
void scale_rows_to(Tensor& v, const std::vector<Index>& movable, double radius) {
  const Index d = v.size(1);
  for (Index i = 0; i < v.size(0); ++i) {
    double* row = v.data() + i * d;
    double squares = 0.0;
    for (Index j : movable) squares += row[j] * row[j];
    if (squares == 0.0) continue;
    const double scale = radius / std::sqrt(squares);
    for (Index j : movable) row[j] *= scale;
  }
}

// Zeroes the features that may not move.
void keep_movable(Tensor& v, const std::vector<Index>& movable) {
  const Index d = v.size(1);
  std::vector<char> keep(static_cast<std::size_t>(d), 0);
  for (Index j : movable) keep[static_cast<std::size_t>(j)] = 1;
  for (Index i = 0; i < v.size(0); ++i) {
    for (Index j = 0; j < d; ++j) {
      if (!keep[static_cast<std::size_t>(j)]) v.data()[i * d + j] = 0.0;
    }
  }
}

// The subproblem in the movable coordinates S: g_S [B, |S|] and H_SS [B, |S|, |S|].
Tensor movable_gradient(const InputHessians& h, const std::vector<Index>& movable) {
  const Index batch = h.hessian.size(0);
  const Index d = h.hessian.size(1);
  const auto m = static_cast<Index>(movable.size());
  Tensor g(Shape{batch, m});
  for (Index i = 0; i < batch; ++i) {
    for (Index a = 0; a < m; ++a) {
      g.data()[i * m + a] = h.gradient.data()[i * d + movable[static_cast<std::size_t>(a)]];
    }
  }
  return g;
}

Tensor movable_hessian(const InputHessians& h, const std::vector<Index>& movable) {
  const Index batch = h.hessian.size(0);
  const Index d = h.hessian.size(1);
  const auto m = static_cast<Index>(movable.size());
  Tensor H(Shape{batch, m, m});
  for (Index i = 0; i < batch; ++i) {
    for (Index a = 0; a < m; ++a) {
      for (Index b = 0; b < m; ++b) {
        H.data()[(i * m + a) * m + b] =
            h.hessian.data()[(i * d + movable[static_cast<std::size_t>(a)]) * d + movable[static_cast<std::size_t>(b)]];
      }
    }
  }
  return H;
}

}  // namespace

InnerResult TrustRegion::solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) {
  const Index d = check_inner_problem(X, radius, "TrustRegion::solve()");
  const std::vector<Index> movable = movable_features(feature_mask, d, "TrustRegion::solve()");
  const Index batch = X.size(0);
  const auto m = static_cast<Index>(movable.size());
  const InputHessians h = input_hessians(loss, X, hessians_);
  if (m == 0) return result_from(X, Tensor(X.shape()));
  TrsBatch s = m == d ? solve_trs(h.gradient.reshape({batch, d}), h.hessian.reshape({batch, d, d}), radius, trs_)
                      : solve_trs(movable_gradient(h, movable), movable_hessian(h, movable), radius, trs_);
  Tensor perturbation = s.step;
  if (m < d) {
    perturbation = Tensor(Shape{batch, d});
    for (Index i = 0; i < batch; ++i) {
      for (Index a = 0; a < m; ++a) {
        perturbation.data()[i * d + movable[static_cast<std::size_t>(a)]] = s.step.data()[i * m + a];
      }
    }
  }
  InnerResult out = result_from(X, perturbation.reshape(X.shape()));
  out.iterations = std::move(s.iterations);
  out.cases = std::move(s.cases);
  out.multiplier = std::move(s.multiplier);
  out.model_value = std::move(s.model_value);
  out.unconverged = std::move(s.unconverged);
  return out;
}

PGD::PGD(PgdOptions options, Rng* rng) : options_(options), rng_(rng) {
  PARITY_CHECK(std::isfinite(options.step) && options.step > 0.0, "PGD(): step must be positive, got ", options.step);
  PARITY_CHECK(options.iterations >= 1, "PGD(): need at least one iteration, got ", options.iterations);
  PARITY_CHECK(options.tolerance >= 0.0, "PGD(): tolerance must be >= 0, got ", options.tolerance);
  PARITY_CHECK(options.loss_tolerance >= 0.0, "PGD(): loss_tolerance must be >= 0, got ", options.loss_tolerance);
  PARITY_CHECK(!options.random_start || rng != nullptr, "PGD(): random_start needs an Rng");
}

InnerResult PGD::solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) {
  return run(loss, X, radius, feature_mask, nullptr, 0.0);
}

InnerResult PGD::solve_to_target(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                                 const Tensor& target, double tolerance) {
  check_defined(target, "PGD::solve_to_target()", "target");
  PARITY_CHECK(target.shape() == Shape{X.size(0)}, "PGD::solve_to_target(): target of shape ", target.shape(),
               " for a batch of ", X.size(0));
  return run(loss, X, radius, feature_mask, &target, tolerance);
}

InnerResult PGD::run(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask,
                     const Tensor* target, double target_tolerance) {
  const Index d = check_inner_problem(X, radius, "PGD::solve()");
  const std::vector<Index> movable = movable_features(feature_mask, d, "PGD::solve()");
  const Index batch = X.size(0);
  const double alpha = options_.step * radius;
  Tensor delta(Shape{batch, d});
  if (options_.random_start) {
    // Uniform in the ball: a uniform direction times r U^(1/m), m the movable dimension.
    delta = rng_->normal(Shape{batch, d});
    keep_movable(delta, movable);
    scale_rows_to(delta, movable, 1.0);
    for (Index i = 0; i < batch; ++i) {
      const double rho = radius * std::pow(rng_->uniform(), 1.0 / static_cast<double>(movable.size()));
      for (Index j = 0; j < d; ++j) delta.data()[i * d + j] *= rho;
    }
  }
  // Only the samples still moving are evaluated: `active` lists them in batch order.
  std::vector<Index> active(static_cast<std::size_t>(batch));
  for (Index i = 0; i < batch; ++i) active[static_cast<std::size_t>(i)] = i;
  std::vector<int> iterations(static_cast<std::size_t>(batch), 0);
  // For the loss rule: each sample's loss and delta before its last step.
  std::vector<double> last_loss(static_cast<std::size_t>(batch), 0.0);
  Tensor last_delta = options_.loss_tolerance > 0.0 ? delta.clone() : Tensor();
  for (int step = 0; step < options_.iterations && !active.empty(); ++step) {
    const bool whole = static_cast<Index>(active.size()) == batch;
    Tensor at = whole ? X.clone() : gather_rows(X, active);
    at.add_((whole ? delta : gather_rows(delta, active)).reshape(at.shape()));
    const LossAndGradient lg = loss_and_gradient(whole ? loss : loss.subset(active), at);
    const Tensor g = rows_of(lg.grad, d);
    std::vector<Index> still_active;
    for (std::size_t n = 0; n < active.size(); ++n) {
      const Index i = active[n];
      if (target != nullptr) {
        const double goal = target->data()[i];
        if (lg.loss.data()[n] >= goal - target_tolerance * std::abs(goal)) continue;
      }
      double* row = delta.data() + i * d;
      if (options_.loss_tolerance > 0.0) {
        const double now = lg.loss.data()[n];
        double& before = last_loss[static_cast<std::size_t>(i)];
        if (step > 0 && now - before <= options_.loss_tolerance * std::abs(before)) {
          if (now < before) {
            for (Index j : movable) row[j] = last_delta.data()[i * d + j];
          }
          continue;
        }
        before = now;
        for (Index j : movable) last_delta.data()[i * d + j] = row[j];
      }
      const double* grad = g.data() + static_cast<Index>(n) * d;
      double g_squares = 0.0;
      for (Index j : movable) g_squares += grad[j] * grad[j];
      if (g_squares == 0.0) continue;
      // delta <- P_r(delta + alpha g / ||g||)
      const double scale = alpha / std::sqrt(g_squares);
      double d_squares = 0.0;
      double moved = 0.0;
      for (Index j : movable) {
        const double next = row[j] + scale * grad[j];
        d_squares += next * next;
        row[j] = next;
      }
      const double shrink = d_squares > radius * radius ? radius / std::sqrt(d_squares) : 1.0;
      for (Index j : movable) {
        const double before = row[j] - scale * grad[j];
        row[j] *= shrink;
        moved += (row[j] - before) * (row[j] - before);
      }
      ++iterations[static_cast<std::size_t>(i)];
      if (options_.tolerance == 0.0 || std::sqrt(moved) >= options_.tolerance * radius) still_active.push_back(i);
    }
    active = std::move(still_active);
  }
  InnerResult out = result_from(X, delta.reshape(X.shape()));
  out.iterations = std::move(iterations);
  return out;
}

InnerResult FGSM::solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) {
  const Index d = check_inner_problem(X, radius, "FGSM::solve()");
  const std::vector<Index> movable = movable_features(feature_mask, d, "FGSM::solve()");
  Tensor delta = rows_of(loss_and_gradient(loss, X).grad, d).clone();
  keep_movable(delta, movable);
  scale_rows_to(delta, movable, radius);
  InnerResult out = result_from(X, delta.reshape(X.shape()));
  for (int& it : out.iterations) it = 1;
  return out;
}

InnerResult RandomPerturbation::solve(const SampleLoss&, const Tensor& X, double radius, const Tensor& feature_mask) {
  const Index d = check_inner_problem(X, radius, "RandomPerturbation::solve()");
  const std::vector<Index> movable = movable_features(feature_mask, d, "RandomPerturbation::solve()");
  Tensor delta = rng_.normal(Shape{X.size(0), d});
  keep_movable(delta, movable);
  scale_rows_to(delta, movable, radius);
  return result_from(X, delta.reshape(X.shape()));
}

InnerResult NoPerturbation::solve(const SampleLoss&, const Tensor& X, double, const Tensor&) {
  check_defined(X, "NoPerturbation::solve()", "X");
  return result_from(X, Tensor(X.shape()));
}

}  // namespace parity::robust
