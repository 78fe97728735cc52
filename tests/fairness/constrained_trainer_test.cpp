// The constrained training loop: where the dual step measures, skipped batches, stratified
// batches, reports, determinism and bad input.
#include "fairness/constrained_trainer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fairness/datasets.h"
#include "fairness/fairalm.h"
#include "fairness/selection.h"
#include "nn/linear.h"
#include "optim/sgd.h"

namespace parity::fairness {
namespace {

using testing::column;
using testing::error_message;

data::Dataset dataset(std::vector<double> x, std::vector<double> y, std::vector<double> s, int groups = 2) {
  data::Dataset d;
  const auto n = static_cast<Index>(x.size());
  d.X = Tensor(Shape{n, 1}, std::move(x));
  d.y = column(y);
  d.s = column(s);
  d.class_names = {"0", "1"};
  const std::vector<std::string> names{"g0", "g1", "g2"};
  d.group_names.assign(names.begin(), names.begin() + groups);
  return d;
}

struct LinearModel {
  Rng init{1};
  nn::Linear model{1, 1, init};
  optim::SGD sgd{model.parameters(), {.lr = 0.1}};
  LinearModel() {
    model.weight().node()->value.fill_(0.0);
    model.bias().node()->value.fill_(0.0);
  }
};

const ConstraintSet kParity = make_constraints({.kind = ConstraintKind::DemographicParity}, 2);

// x = (1, 2, 3, 4), y = (1, 0, 1, 0), s = (0, 0, 1, 1), theta = (w, b) = 0, one full batch.
// Logit surrogate: c = a.theta with a = mean_{s=0} x~ - mean_{s=1} x~ = (-2, 0); e = (5, 2).
// grad f at 0 = (1/4) sum (1/2 - y_i) x~_i = (0.25, 0); with eta = 0.1, lr 0.1 and lambda = 0:
//   theta_1 = -0.1 ((0.25, 0) + 0.1 (5, 2)) = (-0.075, -0.02),  c(theta_1) = 0.15,
//   lambda_1 = eta c(theta_1) = 0.015 (c before the step is 0).
TEST(ConstrainedTrainer, FairAlmDualStepMeasuresAfterThePrimalStep) {
  const data::Dataset d = dataset({1, 2, 3, 4}, {1, 0, 1, 0}, {0, 0, 1, 1});
  LinearModel setup;
  FairAlm method({.eta = 0.1});
  ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Logit, method,
                             {.epochs = 1, .batches = {.batch_size = 4, .shuffle = false}});
  Rng rng(0);
  const auto history = trainer.fit(d, rng);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_NEAR(setup.model.weight().value().item(), -0.075, 1e-15);
  EXPECT_NEAR(setup.model.bias().value().item(), -0.02, 1e-15);
  EXPECT_NEAR(history[0].multipliers[0], 0.015, 1e-15);
  EXPECT_EQ(history[0].constraints[0], 0.0);  // at the batch's first forward pass
  EXPECT_EQ(history[0].skipped_batches, 0);
  EXPECT_DOUBLE_EQ(history[0].eta, 0.1);
  EXPECT_NEAR(history[0].loss, std::log(2.0), 1e-15);
  // theta_1 predicts class 0 everywhere: accuracy 1/2, selection rates equal.
  EXPECT_EQ(history[0].train_accuracy, 0.5);
  EXPECT_EQ(history[0].train_report->gap(Gap::DemographicParityDifference).value, 0.0);
  EXPECT_EQ(trainer.multiplier_names(), (std::vector<std::string>{"lambda[selection[0]-selection[1]]"}));
}

// Batches of 2 without shuffling: rows {0, 1} are all group 0 (the constraint is skipped, its
// multiplier kept), rows {2, 3} hold both groups.
TEST(ConstrainedTrainer, EmptyCellsSkipTheTermAndAreCounted) {
  const data::Dataset d = dataset({1, 2, 3, 4}, {1, 0, 1, 0}, {0, 0, 0, 1});
  LinearModel setup;
  FairAlm method({.eta = 0.1});
  ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, method,
                             {.epochs = 2, .batches = {.batch_size = 2, .shuffle = false}});
  Rng rng(0);
  const auto history = trainer.fit(d, rng);
  for (const auto& r : history) {
    EXPECT_EQ(r.batches, 2);
    EXPECT_EQ(r.skipped_batches, 1);
    EXPECT_EQ(r.skipped, (std::vector<Index>{1}));
    ASSERT_TRUE(r.constraints[0].has_value());
    EXPECT_TRUE(std::isfinite(*r.constraints[0]));
    EXPECT_TRUE(std::isfinite(r.multipliers[0]));
  }
  // Stratified batches put both groups in every batch of this set? Group 1 has one row, so with
  // two batches one of them still misses it; with one batch none does.
  LinearModel again;
  FairAlm method2({.eta = 0.1});
  ConstrainedTrainer stratified(again.model, again.sgd, kParity, SurrogateKind::Loss, method2,
                                {.epochs = 1, .batches = {.batch_size = 2}, .stratified = true});
  EXPECT_EQ(stratified.fit(d, rng)[0].skipped_batches, 1);
}

TEST(ConstrainedTrainer, StratifiedBatchesAvoidSkips) {
  // Two rows per (y, s) cell, batches of 4: every batch holds one row of each cell.
  const data::Dataset d = dataset({1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 0, 0, 1, 1, 0, 0}, {0, 0, 0, 0, 1, 1, 1, 1});
  const ConstraintSet eo = make_constraints({.kind = ConstraintKind::EqualizedOdds}, 2);
  LinearModel setup;
  FairAlm method({.eta = 0.1});
  ConstrainedTrainer trainer(setup.model, setup.sgd, eo, SurrogateKind::Sigmoid, method,
                             {.epochs = 3, .batches = {.batch_size = 4}, .stratified = true});
  Rng rng(4);
  for (const auto& r : trainer.fit(d, rng)) {
    EXPECT_EQ(r.batches, 2);
    EXPECT_EQ(r.skipped_batches, 0);
  }
}

TEST(ConstrainedTrainer, SameSeedsSameHistory) {
  const data::Dataset d = dataset({1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 0, 0, 1, 0, 1, 0}, {0, 0, 0, 0, 1, 1, 1, 1});
  auto run = [&] {
    LinearModel setup;
    auto method = make_method("proxy-lagrangian", {.eta = 0.5});
    ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Hinge, *method,
                               {.epochs = 3, .batches = {.batch_size = 3}});
    Rng rng(9);
    return trainer.fit(d, d, rng);
  };
  const auto a = run();
  const auto b = run();
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_EQ(a[e].loss, b[e].loss);
    EXPECT_EQ(a[e].multipliers, b[e].multipliers);
    EXPECT_EQ(a[e].constraints, b[e].constraints);
    EXPECT_EQ(a[e].validation_accuracy, b[e].validation_accuracy);
  }
}

TEST(ConstrainedTrainer, GroupAbsentFromValidationLeavesGapsUndefinedNotNaN) {
  const data::Dataset train = dataset({1, 2, 3, 4}, {1, 0, 1, 0}, {0, 0, 1, 1});
  const data::Dataset validation = dataset({1, 2}, {1, 0}, {0, 0});
  LinearModel setup;
  auto method = make_method("fairalm", {.eta = 0.1});
  ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, *method, {.epochs = 1});
  Rng rng(0);
  const auto history = trainer.fit(train, validation, rng);
  const Disparity& gap = history[0].validation_report->gap(Gap::DemographicParityDifference);
  EXPECT_FALSE(gap.defined());
  EXPECT_EQ(gap.skipped_groups, (std::vector<int>{1}));
  const RunSummary summary = validation_summary(history[0], Gap::DemographicParityDifference);
  EXPECT_FALSE(summary.gap.has_value());
  EXPECT_EQ(error_message([&] { select_nvp(std::vector<RunSummary>{summary}); }),
            "select_nvp(): no run with accuracy >= 0.9 * 0.5 has a defined gap");
}

TEST(ParameterAverage, MeanOfTheAddedValues) {
  Var a(Tensor(Shape{2}, {1.0, 2.0}), true);
  Var b(Tensor(Shape{1}, {-3.0}), true);
  ParameterAverage average({a, b});
  EXPECT_EQ(error_message([&] { average.assign(); }), "ParameterAverage::assign(): no parameter values were added");
  const std::vector<std::vector<double>> as{{1.0, 2.0}, {3.0, 6.0}, {8.0, -2.0}};
  const std::vector<double> bs{-3.0, 0.0, 6.0};
  for (std::size_t t = 0; t < as.size(); ++t) {
    a.node()->value.copy_(Tensor(Shape{2}, as[t]));
    b.node()->value.fill_(bs[t]);
    average.add();
  }
  EXPECT_EQ(average.count(), 3);
  average.assign();
  EXPECT_DOUBLE_EQ(a.value().at({0}), 4.0);
  EXPECT_DOUBLE_EQ(a.value().at({1}), 2.0);
  EXPECT_DOUBLE_EQ(b.value().item(), 1.0);
}

// The rate of epoch e = 1..E: cosine lr_0 (f + (1 - f) (1 + cos(pi (e - 1) / E)) / 2); step lr_0
// up to ceil(E / 2), f lr_0 after. A second fit() starts again from lr_0.
TEST(ConstrainedTrainer, LearningRateDecayPerEpoch) {
  const data::Dataset d = dataset({1, 2, 3, 4}, {1, 0, 1, 0}, {0, 0, 1, 1});
  const double pi = std::acos(-1.0);
  for (LrDecay decay : {LrDecay::Cosine, LrDecay::Step}) {
    LinearModel setup;  // SGD at lr_0 = 0.1
    auto method = make_method("none", {});
    ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, *method,
                               {.epochs = 5, .lr_decay = decay, .lr_final_fraction = 0.2});
    for (int fit = 0; fit < 2; ++fit) {
      Rng rng(0);
      const auto history = trainer.fit(d, rng);
      ASSERT_EQ(history.size(), 5u);
      for (int e = 1; e <= 5; ++e) {
        const double expected = decay == LrDecay::Cosine ? 0.1 * (0.2 + 0.8 * (1 + std::cos(pi * (e - 1) / 5)) / 2)
                                                         : (e <= 3 ? 0.1 : 0.02);
        EXPECT_NEAR(history[e - 1].lr, expected, 1e-15) << "epoch " << e;
      }
    }
  }
  EXPECT_EQ(parse_lr_decay("cosine"), LrDecay::Cosine);
  EXPECT_EQ(error_message([] { parse_lr_decay("exp"); }),
            "parse_lr_decay(): unknown decay 'exp', expected none, cosine or step");
}

// Two batches per epoch, no shuffling, method none: the averaged model of the last 2 of 3 epochs
// is the mean of the four iterates after those epochs' batches, taken from a reference that runs
// the same SGD steps one half of the data at a time.
TEST(ConstrainedTrainer, AveragesTheIteratesOfTheLastEpochs) {
  const data::Dataset d = dataset({1, 2, 3, 4}, {1, 0, 1, 0}, {0, 1, 0, 1});
  const std::vector<data::Dataset> halves{dataset({1, 2}, {1, 0}, {0, 1}), dataset({3, 4}, {1, 0}, {0, 1})};
  LinearModel reference;
  auto none = make_method("none", {});
  ConstrainedTrainer step(reference.model, reference.sgd, kParity, SurrogateKind::Sigmoid, *none,
                          {.epochs = 1, .batches = {.batch_size = 2, .shuffle = false}});
  step.start(d);
  Rng rng(0);
  double w_sum = 0.0, b_sum = 0.0;
  for (int epoch = 1; epoch <= 3; ++epoch) {
    for (const data::Dataset& half : halves) {
      step.train_epoch(half, rng, 1);
      if (epoch >= 2) {
        w_sum += reference.model.weight().value().item();
        b_sum += reference.model.bias().value().item();
      }
    }
  }
  LinearModel averaged;
  auto none2 = make_method("none", {});
  ConstrainedTrainer trainer(averaged.model, averaged.sgd, kParity, SurrogateKind::Sigmoid, *none2,
                             {.epochs = 3, .batches = {.batch_size = 2, .shuffle = false}, .average_last = 2});
  const auto history = trainer.fit(d, rng);
  EXPECT_EQ(history[2].batches, 2);
  EXPECT_NE(w_sum / 4, reference.model.weight().value().item());  // the average is not the last iterate
  EXPECT_NEAR(averaged.model.weight().value().item(), w_sum / 4, 1e-15);
  EXPECT_NEAR(averaged.model.bias().value().item(), b_sum / 4, 1e-15);
}

TEST(ConstrainedTrainer, BadInput) {
  LinearModel setup;
  FairAlm method;
  ConstrainedTrainer trainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, method);
  Rng rng(0);
  // One group in the data, two in the constraints.
  EXPECT_EQ(error_message([&] { trainer.fit(dataset({1, 2}, {1, 0}, {0, 0}, 1), rng); }),
            "ConstrainedTrainer::fit() (training set): the data have 1 groups, the constraints 2");
  // Equal opportunity needs positives of group 1.
  const ConstraintSet eo = make_constraints({.kind = ConstraintKind::EqualOpportunity}, 2);
  ConstrainedTrainer eo_trainer(setup.model, setup.sgd, eo, SurrogateKind::Loss, method);
  EXPECT_EQ(error_message([&] { eo_trainer.fit(dataset({1, 2, 3}, {1, 0, 0}, {0, 1, 1}), rng); }),
            "ConstrainedTrainer::fit(): constraint tpr[0]-tpr[1] needs rows of group 1 with y = 1, the training set "
            "has none");
  EXPECT_EQ(error_message([&] {
              ConstrainedTrainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, method, {.epochs = -1});
            }),
            "ConstrainedTrainer(): epochs must be >= 0, got -1");
  EXPECT_EQ(error_message([&] {
              ConstrainedTrainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, method,
                                 {.lr_decay = LrDecay::Cosine, .lr_final_fraction = 0.0});
            }),
            "ConstrainedTrainer(): lr_final_fraction must be in (0, 1], got 0");
  EXPECT_EQ(error_message([&] {
              ConstrainedTrainer(setup.model, setup.sgd, kParity, SurrogateKind::Loss, method,
                                 {.epochs = 3, .average_last = 4});
            }),
            "ConstrainedTrainer(): average_last must be in [0, epochs = 3], got 4");
}

}  // namespace
}  // namespace parity::fairness
