// Learning-rate schedules in PyTorch's closed forms: each sets the optimiser's learning rate to
// lr(epoch), a function of the base rate lr_0 (the optimiser's rate when the schedule is made) and
// the epoch count, so a schedule overrides rates set by hand in between. Call step() once per epoch,
// after the epoch's optimiser steps. A schedule holds a reference: the optimiser must outlive it.
//   StepLR:            lr_0 gamma^floor(epoch / step_size)
//   CosineAnnealingLR: eta_min + (lr_0 - eta_min) (1 + cos(pi epoch / T_max)) / 2
//   LinearLR (warmup): lr_0 (s + (e - s) min(epoch, n) / n), s the start and e the end factor
#pragma once

#include <cstdint>

#include "optim/optimizer.h"

namespace parity::optim {

class LRScheduler {
 public:
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  /// Advances to the next epoch and sets the optimiser's learning rate to lr_at(last_epoch()).
  void step();
  /// Epochs stepped so far (0 after construction).
  std::int64_t last_epoch() const { return epoch_; }
  double base_lr() const { return base_lr_; }
  /// The learning rate this schedule gives at `epoch` >= 0.
  virtual double lr_at(std::int64_t epoch) const = 0;

 protected:
  explicit LRScheduler(Optimizer& optimizer);

 private:
  Optimizer& optimizer_;
  double base_lr_;
  std::int64_t epoch_ = 0;
};

/// Multiplies the rate by gamma every step_size epochs.
class StepLR : public LRScheduler {
 public:
  /// @throws parity::Error unless step_size >= 1 and gamma is finite and > 0.
  StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma = 0.1);
  double lr_at(std::int64_t epoch) const override;

 private:
  std::int64_t step_size_;
  double gamma_;
};

/// Half a cosine from lr_0 at epoch 0 to eta_min at epoch T_max; later epochs continue the cosine
/// (period 2 T_max), as PyTorch's closed form does. Paper: Loshchilov & Hutter (2017), SGDR.
class CosineAnnealingLR : public LRScheduler {
 public:
  /// @throws parity::Error unless T_max >= 1 and eta_min is finite and >= 0.
  CosineAnnealingLR(Optimizer& optimizer, std::int64_t T_max, double eta_min = 0.0);
  double lr_at(std::int64_t epoch) const override;

 private:
  std::int64_t T_max_;
  double eta_min_;
};

/// Scales the rate linearly from start_factor lr_0 to end_factor lr_0 over total_iters epochs, then
/// holds it; with end_factor = 1 this is a linear warmup. Sets the epoch-0 rate on construction.
class LinearLR : public LRScheduler {
 public:
  /// @throws parity::Error unless 0 < start_factor <= 1, 0 <= end_factor <= 1 and total_iters >= 1.
  LinearLR(Optimizer& optimizer, double start_factor = 1.0 / 3.0, double end_factor = 1.0,
           std::int64_t total_iters = 5);
  double lr_at(std::int64_t epoch) const override;

 private:
  double start_factor_;
  double end_factor_;
  std::int64_t total_iters_;
};

}  // namespace parity::optim
