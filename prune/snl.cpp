#include "prune/snl.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "data/batches.h"
#include "nn/classifier.h"
#include "nn/copy_model.h"
#include "nn/predict.h"
#include "optim/adam.h"
#include "prune/distillation.h"
#include "prune/relu_gates.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"
#include "tensor/stopwatch.h"

namespace parity::prune {

namespace {

constexpr const char* kCaller = "selective_linearization()";

std::unique_ptr<nn::Sequential> binarised_copy(const nn::Sequential& model, Index budget) {
  auto copy = nn::copy_model(model);
  binarise_to_budget(*copy, budget);
  return copy;
}

}  // namespace

void check_snl_options(const SnlOptions& o) {
  PARITY_CHECK(std::isfinite(o.penalty) && o.penalty > 0.0, kCaller, ": penalty (lambda) must be finite and > 0, got ",
               o.penalty);
  PARITY_CHECK(std::isfinite(o.growth) && o.growth >= 1.0, kCaller, ": growth must be finite and >= 1, got ",
               o.growth);
  PARITY_CHECK(o.patience >= 0, kCaller, ": patience must be >= 0, got ", o.patience);
  PARITY_CHECK(std::isfinite(o.threshold) && o.threshold >= 0.0 && o.threshold < 1.0, kCaller,
               ": threshold must be in [0, 1), got ", o.threshold);
  PARITY_CHECK(o.max_epochs >= 1, kCaller, ": max_epochs must be >= 1, got ", o.max_epochs);
  PARITY_CHECK(o.batch_size >= 1, kCaller, ": batch_size must be >= 1, got ", o.batch_size);
  PARITY_CHECK(std::isfinite(o.lr) && o.lr > 0.0, kCaller, ": lr must be finite and > 0, got ", o.lr);
  PARITY_CHECK(std::isfinite(o.temperature) && o.temperature > 0.0, kCaller,
               ": temperature must be finite and > 0, got ", o.temperature);
}

SnlResult selective_linearization(const nn::Sequential& dense, const data::Dataset& train,
                                  std::span<const Index> budgets, const SnlOptions& options, Rng& rng,
                                  const SnlCallback& on_epoch) {
  check_snl_options(options);
  train.validate(kCaller);
  const Index total = relu_locations(dense);
  PARITY_CHECK(!budgets.empty(), kCaller, ": no budget given");
  for (std::size_t j = 0; j < budgets.size(); ++j) {
    PARITY_CHECK(budgets[j] >= 0 && budgets[j] <= total, kCaller, ": budget ", budgets[j], " outside [0, ", total,
                 "] (the model's ReLU locations)");
    PARITY_CHECK(j == 0 || budgets[j] < budgets[j - 1], kCaller, ": budgets must be strictly decreasing, got ",
                 budgets[j - 1], " then ", budgets[j]);
  }
  const Tensor targets = nn::predict_logits(*nn::copy_model(dense), train.X);
  auto student = nn::copy_model(dense);
  make_gates_trainable(*student);
  optim::Adam adam(student->parameters(), {.lr = options.lr});

  SnlResult result;
  std::size_t next = 0;
  const auto take_snapshots = [&](int epoch, Index count, bool reached) {
    while (next < budgets.size() && (!reached || count <= budgets[next])) {
      result.snapshots.push_back({budgets[next], epoch, count, reached, binarised_copy(*student, budgets[next])});
      ++next;
    }
  };
  Index lowest = relu_count(*student, options.threshold);
  take_snapshots(0, lowest, true);
  double penalty = options.penalty;
  for (int epoch = 1; epoch <= options.max_epochs && next < budgets.size(); ++epoch) {
    const Stopwatch clock;
    double loss_sum = 0.0;
    Index batches = 0;
    for (const data::Batch& b : data::MiniBatches(train, {.batch_size = options.batch_size}, rng)) {
      const Tensor target = gather_rows(targets, b.rows);
      adam.zero_grad();
      const Var logits = (*student)(Var(b.X));
      const Var fit = mean(nn::classifier_losses(logits, b.y) +
                           distillation_losses(logits, target, options.temperature));
      (fit + gate_l1(*student) * penalty).backward();
      adam.step();
      loss_sum += fit.value().item();
      ++batches;
    }
    const Index count = relu_count(*student, options.threshold);
    const SnlEpoch info{epoch, penalty, count, loss_sum / static_cast<double>(batches), clock.seconds()};
    result.epochs.push_back(info);
    if (on_epoch) on_epoch(info);
    take_snapshots(epoch, count, true);
    if (count < lowest) {
      lowest = count;
    } else if (epoch >= options.patience) {
      penalty *= options.growth;
    }
  }
  take_snapshots(static_cast<int>(result.epochs.size()), relu_count(*student, options.threshold), false);
  return result;
}

}  // namespace parity::prune
