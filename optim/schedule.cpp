#include "optim/schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tensor/check.h"

namespace parity::optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lr_(optimizer.learning_rate()) {}

void LRScheduler::step() {
  ++epoch_;
  optimizer_.set_learning_rate(lr_at(epoch_));
}

StepLR::StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  PARITY_CHECK(step_size >= 1, "StepLR(): step_size must be >= 1, got ", step_size);
  PARITY_CHECK(std::isfinite(gamma) && gamma > 0.0, "StepLR(): gamma must be finite and > 0, got ", gamma);
}

double StepLR::lr_at(std::int64_t epoch) const {
  PARITY_CHECK(epoch >= 0, "StepLR::lr_at(): epoch must be >= 0, got ", epoch);
  return base_lr() * std::pow(gamma_, static_cast<double>(epoch / step_size_));
}

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, std::int64_t T_max, double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min) {
  PARITY_CHECK(T_max >= 1, "CosineAnnealingLR(): T_max must be >= 1, got ", T_max);
  PARITY_CHECK(std::isfinite(eta_min) && eta_min >= 0.0,
               "CosineAnnealingLR(): eta_min must be finite and >= 0, got ", eta_min);
}

double CosineAnnealingLR::lr_at(std::int64_t epoch) const {
  PARITY_CHECK(epoch >= 0, "CosineAnnealingLR::lr_at(): epoch must be >= 0, got ", epoch);
  const double angle = std::numbers::pi * static_cast<double>(epoch) / static_cast<double>(T_max_);
  return eta_min_ + (base_lr() - eta_min_) * (1.0 + std::cos(angle)) / 2.0;
}

LinearLR::LinearLR(Optimizer& optimizer, double start_factor, double end_factor, std::int64_t total_iters)
    : LRScheduler(optimizer),
      start_factor_(start_factor),
      end_factor_(end_factor),
      total_iters_(total_iters) {
  PARITY_CHECK(start_factor > 0.0 && start_factor <= 1.0, "LinearLR(): start_factor must be in (0, 1], got ",
               start_factor);
  PARITY_CHECK(end_factor >= 0.0 && end_factor <= 1.0, "LinearLR(): end_factor must be in [0, 1], got ",
               end_factor);
  PARITY_CHECK(total_iters >= 1, "LinearLR(): total_iters must be >= 1, got ", total_iters);
  optimizer.set_learning_rate(lr_at(0));
}

double LinearLR::lr_at(std::int64_t epoch) const {
  PARITY_CHECK(epoch >= 0, "LinearLR::lr_at(): epoch must be >= 0, got ", epoch);
  const double progress =
      static_cast<double>(std::min(epoch, total_iters_)) / static_cast<double>(total_iters_);
  return base_lr() * (start_factor_ + (end_factor_ - start_factor_) * progress);
}

}  // namespace parity::optim
