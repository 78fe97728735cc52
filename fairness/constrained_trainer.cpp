// The constrained training loop: batches, primal steps, dual steps, per-epoch records.
#include "fairness/constrained_trainer.h"

#include <cmath>
#include <utility>

#include "fairness/batch_terms.h"
#include "fairness/confusion.h"
#include "nn/predict.h"
#include "tensor/check.h"
#include "tensor/creation.h"
#include "tensor/reduce.h"

namespace parity::fairness {

namespace {

void check_dataset(const data::Dataset& data, const ConstraintSet& constraints, const char* which) {
  data.validate(which);
  PARITY_CHECK(data.num_classes() == 2, which, ": the classifier is binary, but the data have ", data.num_classes(),
               " classes");
  PARITY_CHECK(data.num_groups() == constraints.num_groups, which, ": the data have ", data.num_groups(),
               " groups, the constraints ", constraints.num_groups);
}

std::string cell_name(const RateConstraint& c, int group) {
  const std::string g = group == kAllGroups ? "all groups" : "group " + std::to_string(group);
  return c.label == kAnyLabel ? g : g + " with y = " + std::to_string(c.label);
}

std::unique_ptr<optim::LRScheduler> make_schedule(optim::Optimizer& optimizer, const ConstrainedTrainerOptions& o) {
  const double f = o.lr_final_fraction;
  switch (o.lr_decay) {
    case LrDecay::Cosine:
      return std::make_unique<optim::CosineAnnealingLR>(optimizer, o.epochs, f * optimizer.learning_rate());
    case LrDecay::Step:
      return std::make_unique<optim::StepLR>(optimizer, (o.epochs + 1) / 2, f);
    case LrDecay::None:
      break;
  }
  return nullptr;
}

}  // namespace

LrDecay parse_lr_decay(const std::string& name) {
  if (name == "none") return LrDecay::None;
  if (name == "cosine") return LrDecay::Cosine;
  PARITY_CHECK(name == "step", "parse_lr_decay(): unknown decay '", name, "', expected none, cosine or step");
  return LrDecay::Step;
}

ParameterAverage::ParameterAverage(std::vector<Var> parameters) : parameters_(std::move(parameters)) {
  for (const Var& p : parameters_) sums_.push_back(zeros(p.shape()));
}

void ParameterAverage::add() {
  for (std::size_t i = 0; i < parameters_.size(); ++i) sums_[i].add_(parameters_[i].value());
  ++count_;
}

void ParameterAverage::assign() const {
  PARITY_CHECK(count_ > 0, "ParameterAverage::assign(): no parameter values were added");
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    parameters_[i].node()->value.copy_(sums_[i]).mul_(1.0 / static_cast<double>(count_));
  }
}

ConstrainedTrainer::ConstrainedTrainer(nn::Module& model, optim::Optimizer& optimizer, ConstraintSet constraints,
                                       SurrogateKind surrogate, Method& method, ConstrainedTrainerOptions options)
    : model_(model),
      optimizer_(optimizer),
      constraints_(std::move(constraints)),
      surrogate_(surrogate),
      method_(method),
      options_(options),
      base_lr_(optimizer.learning_rate()),
      average_(model.parameters()) {
  PARITY_CHECK(options_.epochs >= 0, "ConstrainedTrainer(): epochs must be >= 0, got ", options_.epochs);
  PARITY_CHECK(options_.eval_batch_size >= 1, "ConstrainedTrainer(): eval_batch_size must be >= 1, got ",
               options_.eval_batch_size);
  PARITY_CHECK(std::isfinite(options_.lr_final_fraction) && options_.lr_final_fraction > 0.0 &&
                   options_.lr_final_fraction <= 1.0,
               "ConstrainedTrainer(): lr_final_fraction must be in (0, 1], got ", options_.lr_final_fraction);
  PARITY_CHECK(options_.average_last >= 0 && options_.average_last <= options_.epochs,
               "ConstrainedTrainer(): average_last must be in [0, epochs = ", options_.epochs, "], got ",
               options_.average_last);
}

void ConstrainedTrainer::start(const data::Dataset& train) {
  check_dataset(train, constraints_, "ConstrainedTrainer::fit() (training set)");
  for (const RateConstraint& c : constraints_.constraints) {
    for (int group : {c.group_a, c.group_b}) {
      PARITY_CHECK(!rate_rows(train.y, train.s, c.label, group).empty(), "ConstrainedTrainer::fit(): constraint ",
                   c.name, " needs rows of ", cell_name(c, group), ", the training set has none");
    }
  }
  method_.start(constraints_, train);
  optimizer_.set_learning_rate(base_lr_);
  schedule_ = options_.epochs > 0 ? make_schedule(optimizer_, options_) : nullptr;
  average_ = ParameterAverage(model_.parameters());
}

void ConstrainedTrainer::train_batch(const data::Batch& batch, ConstrainedEpochRecord& record,
                                     std::vector<double>& c_sum, std::vector<double>& hard_sum, double& loss_sum) {
  auto forward = [&] { return batch_terms(model_(Var(batch.X)), batch.y, batch.s, constraints_, surrogate_); };
  BatchTerms terms;
  for (int step = 0; step < method_.inner_steps(); ++step) {
    terms = forward();
    if (step == 0) {
      loss_sum += sum(terms.losses.value()).item();
      bool skipped = false;
      for (std::size_t j = 0; j < terms.constraints.size(); ++j) {
        const auto& term = terms.constraints[j];
        if (!term) {
          ++record.skipped[j];
          skipped = true;
          continue;
        }
        c_sum[j] += term->value.value().item();
        hard_sum[j] += term->hard;
      }
      record.skipped_batches += skipped ? 1 : 0;
    }
    optimizer_.zero_grad();
    method_.objective(terms).backward();
    optimizer_.step();
  }
  method_.update(terms, [&] {
    NoGradGuard no_grad;
    return forward();
  });
}

ConstrainedEpochRecord ConstrainedTrainer::train_epoch(const data::Dataset& train, Rng& rng, int epoch) {
  model_.train();
  method_.begin_epoch(epoch);
  const std::size_t m = constraints_.size();
  ConstrainedEpochRecord record;
  record.epoch = epoch;
  record.lr = optimizer_.learning_rate();
  record.skipped.assign(m, 0);
  std::vector<double> c_sum(m, 0.0);
  std::vector<double> hard_sum(m, 0.0);
  double loss_sum = 0.0;
  const bool averaged = epoch > options_.epochs - options_.average_last;
  auto run_batches = [&](const auto& batches) {
    for (const data::Batch& batch : batches) {
      train_batch(batch, record, c_sum, hard_sum, loss_sum);
      ++record.batches;
      if (averaged) average_.add();
    }
  };
  if (options_.stratified) {
    run_batches(data::StratifiedBatches(train, options_.batches, rng));
  } else {
    run_batches(data::MiniBatches(train, options_.batches, rng));
  }
  if (train.size() > 0) record.loss = loss_sum / static_cast<double>(train.size());
  for (std::size_t j = 0; j < m; ++j) {
    const Index defined = record.batches - record.skipped[j];
    record.constraints.push_back(defined > 0 ? std::optional(c_sum[j] / static_cast<double>(defined)) : std::nullopt);
    record.hard_constraints.push_back(defined > 0 ? std::optional(hard_sum[j] / static_cast<double>(defined))
                                                  : std::nullopt);
  }
  record.multipliers = method_.multipliers();
  record.eta = method_.eta();
  if (schedule_) schedule_->step();
  if (epoch == options_.epochs && options_.average_last > 0) average_.assign();
  return record;
}

std::pair<double, FairnessReport> ConstrainedTrainer::evaluate(const data::Dataset& data) {
  const Tensor predicted = nn::predict_classes(model_, data.X, options_.eval_batch_size);
  FairnessReport report = fairness_report(group_confusions(data.y, predicted, data.s, constraints_.num_groups));
  const Confusion& all = report.overall;
  const double accuracy = static_cast<double>(all.tp + all.tn) / static_cast<double>(all.count());
  return {accuracy, std::move(report)};
}

std::vector<ConstrainedEpochRecord> ConstrainedTrainer::run(const data::Dataset& train,
                                                            const data::Dataset* validation, Rng& rng) {
  start(train);
  if (validation) check_dataset(*validation, constraints_, "ConstrainedTrainer::fit() (validation set)");
  std::vector<ConstrainedEpochRecord> history;
  for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
    ConstrainedEpochRecord record = train_epoch(train, rng, epoch);
    auto [train_accuracy, train_report] = evaluate(train);
    record.train_accuracy = train_accuracy;
    record.train_report = std::move(train_report);
    if (validation) {
      auto [accuracy, report] = evaluate(*validation);
      record.validation_accuracy = accuracy;
      record.validation_report = std::move(report);
    }
    history.push_back(std::move(record));
  }
  return history;
}

std::vector<ConstrainedEpochRecord> ConstrainedTrainer::fit(const data::Dataset& train, Rng& rng) {
  return run(train, nullptr, rng);
}

std::vector<ConstrainedEpochRecord> ConstrainedTrainer::fit(const data::Dataset& train,
                                                            const data::Dataset& validation, Rng& rng) {
  return run(train, &validation, rng);
}

}  // namespace parity::fairness
