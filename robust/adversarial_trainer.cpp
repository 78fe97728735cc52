#include "robust/adversarial_trainer.h"

#include <cmath>

#include "autograd/functional.h"
#include "nn/predict.h"
#include "tensor/check.h"
#include "tensor/reduce.h"
#include "tensor/stopwatch.h"

namespace parity::robust {

AdversarialTrainer::AdversarialTrainer(nn::Module& model, optim::Optimizer& optimizer, InnerSolver& solver,
                                       TrainerOptions options)
    : model_(model), optimizer_(optimizer), solver_(solver), options_(std::move(options)) {
  PARITY_CHECK(options_.epochs >= 0, "AdversarialTrainer(): epochs must be >= 0, got ", options_.epochs);
  PARITY_CHECK(!solver.perturbs() || (std::isfinite(options_.radius) && options_.radius > 0.0),
               "AdversarialTrainer(): radius must be positive and finite, got ", options_.radius);
}

EpochRecord AdversarialTrainer::train_epoch(const data::Dataset& train, Rng& rng, int epoch) {
  model_.train();
  EpochRecord record;
  record.epoch = epoch;
  double loss_total = 0.0;
  Index correct = 0;
  Index seen = 0;
  double iterations = 0.0;
  for (const data::Batch& batch : data::MiniBatches(train, options_.batches, rng)) {
    const SampleLoss loss = nn::sample_loss(model_, batch.y);
    Stopwatch watch;
    const InnerResult inner = solver_.solve(loss, batch.X, options_.radius, options_.feature_mask);
    record.inner_seconds += watch.lap();

    optimizer_.zero_grad();
    const Var logits = model_(Var(inner.perturbed));
    const Var losses = nn::classifier_losses(logits, batch.y);
    const Var batch_loss = mean(losses);
    // A step from a non-finite loss would turn every weight into NaN.
    PARITY_CHECK(std::isfinite(batch_loss.value().item()), "AdversarialTrainer::fit(): epoch ", epoch,
                 ": the loss on the perturbed batch is ", batch_loss.value().item(), " at radius ", options_.radius,
                 " (solver ", solver_.name(), "); the perturbed inputs leave the range the model can evaluate, "
                 "use a smaller radius");
    batch_loss.backward();
    optimizer_.step();
    record.outer_seconds += watch.lap();

    const Tensor predicted = nn::classes_from_logits(logits.value());
    for (Index i = 0; i < batch.y.numel(); ++i) correct += predicted.data()[i] == batch.y.data()[i] ? 1 : 0;
    loss_total += sum(losses.value()).item();
    seen += batch.y.numel();
    for (int it : inner.iterations) iterations += it;
    for (TrsCase c : inner.cases) record.hard_cases += c == TrsCase::HardCase ? 1 : 0;
    record.unconverged_subproblems += static_cast<Index>(inner.unconverged.size());
  }
  if (seen > 0) {
    record.loss = loss_total / static_cast<double>(seen);
    record.accuracy = static_cast<double>(correct) / static_cast<double>(seen);
    record.mean_inner_iterations = iterations / static_cast<double>(seen);
  }
  return record;
}

std::vector<EpochRecord> AdversarialTrainer::fit(const data::Dataset& train, Rng& rng, const Evaluate& evaluate) {
  train.validate("AdversarialTrainer::fit()");
  PARITY_CHECK(!options_.feature_mask.defined() || options_.feature_mask.numel() == train.num_features(),
               "AdversarialTrainer::fit(): feature mask of shape ", options_.feature_mask.shape(), " for ",
               train.num_features(), " features");
  std::vector<EpochRecord> history;
  for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
    EpochRecord record = train_epoch(train, rng, epoch);
    if (evaluate) record.evaluation = evaluate(model_, epoch);
    history.push_back(std::move(record));
  }
  return history;
}

}  // namespace parity::robust
