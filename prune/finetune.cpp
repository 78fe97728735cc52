#include "prune/finetune.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "data/batches.h"
#include "nn/classifier.h"
#include "nn/copy_model.h"
#include "nn/predict.h"
#include "optim/clip.h"
#include "optim/schedule.h"
#include "optim/sgd.h"
#include "prune/distillation.h"
#include "prune/loss_equalisation.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"
#include "tensor/stopwatch.h"

namespace parity::prune {

namespace {

constexpr const char* kCaller = "fine_tune()";

}  // namespace

void check_fine_tune_options(const FineTuneOptions& o) {
  PARITY_CHECK(o.epochs >= 1, kCaller, ": epochs must be >= 1, got ", o.epochs);
  PARITY_CHECK(o.batch_size >= 1, kCaller, ": batch_size must be >= 1, got ", o.batch_size);
  PARITY_CHECK(std::isfinite(o.lr) && o.lr > 0.0, kCaller, ": lr must be finite and > 0, got ", o.lr);
  PARITY_CHECK(std::isfinite(o.momentum) && o.momentum >= 0.0 && o.momentum < 1.0, kCaller,
               ": momentum must be in [0, 1), got ", o.momentum);
  PARITY_CHECK(std::isfinite(o.weight_decay) && o.weight_decay >= 0.0, kCaller,
               ": weight_decay must be finite and >= 0, got ", o.weight_decay);
  PARITY_CHECK(std::isfinite(o.clip) && o.clip > 0.0, kCaller, ": clip must be finite and > 0, got ", o.clip);
  PARITY_CHECK(std::isfinite(o.temperature) && o.temperature > 0.0, kCaller,
               ": temperature must be finite and > 0, got ", o.temperature);
  PARITY_CHECK(std::isfinite(o.mu) && o.mu >= 0.0, kCaller, ": mu must be finite and >= 0, got ", o.mu);
}

FineTuneResult fine_tune(nn::Sequential& model, const nn::Sequential& teacher, const data::Dataset& train,
                         const FineTuneOptions& options, Rng& rng) {
  check_fine_tune_options(options);
  train.validate(kCaller);
  const Index groups = train.num_groups();
  PARITY_CHECK(!options.mitigate || groups >= 2, kCaller, ": the mitigation needs at least two groups, got ",
               groups);
  const Stopwatch clock;
  const Tensor targets = nn::predict_logits(*nn::copy_model(teacher), train.X);
  const std::vector<Var> params = model.parameters();
  optim::SGD sgd(params, {.lr = options.lr, .momentum = options.momentum, .weight_decay = options.weight_decay});
  optim::CosineAnnealingLR schedule(sgd, options.epochs);
  LossEqualisationDual dual(std::max<Index>(groups, 1), options.mu);
  std::vector<double> violations;
  FineTuneResult result;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    double loss_sum = 0.0;
    std::vector<double> violation_sum(static_cast<std::size_t>(std::max<Index>(groups, 1)), 0.0);
    Index batches = 0;
    for (const data::Batch& b : data::MiniBatches(train, {.batch_size = options.batch_size}, rng)) {
      sgd.zero_grad();
      const Var logits = model(Var(b.X));
      const Var losses = nn::classifier_losses(logits, b.y) +
                         distillation_losses(logits, gather_rows(targets, b.rows), options.temperature);
      const Var loss = mean(losses);
      Var objective = loss;
      if (options.mitigate) {
        objective = loss + loss_equalisation_penalty(losses, b.s, dual.multipliers(), violations);
        dual.add_batch(violations);
        for (std::size_t g = 0; g < violations.size(); ++g) violation_sum[g] += violations[g];
      }
      objective.backward();
      optim::clip_grad_norm(params, options.clip);
      sgd.step();
      loss_sum += loss.value().item();
      ++batches;
      ++result.steps;
    }
    schedule.step();
    result.epoch_loss.push_back(loss_sum / static_cast<double>(batches));
    if (options.mitigate) {
      dual.end_epoch();
      result.epoch_max_violation.push_back(*std::max_element(violation_sum.begin(), violation_sum.end()) /
                                           static_cast<double>(batches));
    }
  }
  if (options.mitigate) result.multipliers = dual.multipliers();
  result.seconds = clock.seconds();
  return result;
}

}  // namespace parity::prune
