#include "prune/loss_equalisation.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::prune {

Var loss_equalisation_penalty(const Var& sample_losses, const Tensor& groups, std::span<const double> multipliers,
                              std::vector<double>& violations) {
  constexpr const char* kCaller = "loss_equalisation_penalty()";
  const Shape& shape = sample_losses.shape();
  PARITY_CHECK(shape.rank() == 1 && shape.size(0) >= 1, kCaller, ": sample losses must be [B] with B >= 1, got ",
               shape);
  check_defined(groups, kCaller, "groups");
  PARITY_CHECK(groups.shape() == shape, kCaller, ": groups of shape ", groups.shape(), ", expected ", shape);
  const auto G = static_cast<Index>(multipliers.size());
  PARITY_CHECK(G >= 1, kCaller, ": need at least one multiplier");
  for (Index g = 0; g < G; ++g) {
    const double m = multipliers[static_cast<std::size_t>(g)];
    PARITY_CHECK(std::isfinite(m) && m >= 0.0, kCaller, ": multiplier ", g, " must be finite and >= 0, got ", m);
  }
  std::vector<Index> counts(static_cast<std::size_t>(G), 0);
  for (double v : groups) {
    PARITY_CHECK(v == std::floor(v) && v >= 0.0 && v < static_cast<double>(G), kCaller, ": group id ", v,
                 " outside [0, ", G, ")");
    ++counts[static_cast<std::size_t>(v)];
  }
  const Var overall = mean(sample_losses);
  violations.assign(static_cast<std::size_t>(G), 0.0);
  Var penalty(Tensor::scalar(0.0));
  for (Index g = 0; g < G; ++g) {
    const Index n = counts[static_cast<std::size_t>(g)];
    if (n == 0) continue;
    Tensor weights(shape);
    for (Index i = 0; i < shape.size(0); ++i) {
      weights.data()[i] = groups.data()[i] == static_cast<double>(g) ? 1.0 / static_cast<double>(n) : 0.0;
    }
    const Var difference = sum(mul_constant(sample_losses, weights)) - overall;
    const Var magnitude = relu(difference) + relu(-difference);
    violations[static_cast<std::size_t>(g)] = magnitude.value().item();
    penalty = penalty + magnitude * multipliers[static_cast<std::size_t>(g)];
  }
  return penalty;
}

LossEqualisationDual::LossEqualisationDual(Index groups, double mu)
    : mu_(mu), gamma_(static_cast<std::size_t>(std::max<Index>(groups, 0)), 0.0), epoch_sum_(gamma_.size(), 0.0) {
  PARITY_CHECK(groups >= 1, "LossEqualisationDual(): groups must be >= 1, got ", groups);
  PARITY_CHECK(std::isfinite(mu) && mu >= 0.0, "LossEqualisationDual(): mu must be finite and >= 0, got ", mu);
}

void LossEqualisationDual::add_batch(std::span<const double> violations) {
  PARITY_CHECK(violations.size() == gamma_.size(), "LossEqualisationDual::add_batch(): ", violations.size(),
               " violations, expected ", gamma_.size());
  for (std::size_t g = 0; g < gamma_.size(); ++g) epoch_sum_[g] += violations[g];
}

void LossEqualisationDual::end_epoch() {
  for (std::size_t g = 0; g < gamma_.size(); ++g) {
    gamma_[g] += mu_ * epoch_sum_[g];
    epoch_sum_[g] = 0.0;
  }
}

}  // namespace parity::prune
