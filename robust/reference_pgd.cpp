#include "robust/reference_pgd.h"

#include <cmath>

#include "tensor/check.h"
#include "tensor/reduce.h"

namespace parity::robust {

namespace {

double batch_mean_loss(const SampleLoss& loss, const Tensor& X, const Tensor& delta) {
  Tensor at = X.clone();
  at.add_(delta.reshape(X.shape()));
  return mean(loss(Var(at)).value()).item();
}

}  // namespace

ReferencePGD::ReferencePGD(ReferencePgdOptions options) : options_(options) {
  PARITY_CHECK(std::isfinite(options.step) && options.step > 0.0, "ReferencePGD(): step must be positive, got ",
               options.step);
  PARITY_CHECK(std::isfinite(options.shrink) && options.shrink > 1.0, "ReferencePGD(): shrink must be > 1, got ",
               options.shrink);
  PARITY_CHECK(std::isfinite(options.tolerance) && options.tolerance > 0.0,
               "ReferencePGD(): tolerance must be positive, got ", options.tolerance);
  PARITY_CHECK(options.max_iterations >= 1, "ReferencePGD(): need at least one iteration, got ",
               options.max_iterations);
}

InnerResult ReferencePGD::solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) {
  const Index d = check_inner_problem(X, radius, "ReferencePGD::solve()");
  const std::vector<Index> movable = movable_features(feature_mask, d, "ReferencePGD::solve()");
  const Index batch = X.size(0);
  const double inv_batch = 1.0 / static_cast<double>(batch);
  Tensor delta(Shape{batch, d});
  Tensor candidate(Shape{batch, d});
  double alpha = options_.step;
  int iterations = 0;
  while (iterations < options_.max_iterations) {
    Tensor at = X.clone();
    at.add_(delta.reshape(X.shape()));
    const LossAndGradient lg = loss_and_gradient(loss, at);
    ++iterations;
    const double current = mean(lg.loss).item();
    const double* g = lg.grad.data();
    double g_squares = 0.0;
    for (Index i = 0; i < batch; ++i) {
      for (Index j : movable) g_squares += g[i * d + j] * g[i * d + j];
    }
    const double g_norm = std::sqrt(g_squares) * inv_batch;  // ||grad F||_F
    const auto propose = [&] {
      candidate = delta.clone();
      for (Index i = 0; i < batch; ++i) {
        for (Index j : movable) candidate.data()[i * d + j] += alpha * inv_batch * g[i * d + j];
      }
    };
    propose();
    while (alpha * g_norm >= options_.tolerance) {
      ++evaluations_;
      if (batch_mean_loss(loss, X, candidate) > current) break;
      alpha /= options_.shrink;
      propose();
    }
    double step_squares = 0.0;
    for (Index i = 0; i < batch; ++i) {
      double* row = candidate.data() + i * d;
      double squares = 0.0;
      for (Index j : movable) squares += row[j] * row[j];
      const double scale = squares > radius * radius ? radius / std::sqrt(squares) : 1.0;
      for (Index j : movable) {
        row[j] *= scale;
        const double moved = row[j] - delta.data()[i * d + j];
        step_squares += moved * moved;
      }
    }
    if (std::sqrt(step_squares) < options_.tolerance) break;
    std::swap(delta, candidate);
  }
  Tensor perturbed = X.clone();
  perturbed.add_(delta.reshape(X.shape()));
  InnerResult out{perturbed, delta.reshape(X.shape()), std::vector<int>(static_cast<std::size_t>(batch), iterations),
                  {}, {}, {}, {}};
  return out;
}

}  // namespace parity::robust
