// Tests of prune/snl.h: the gradient of SNL's objective in the gates against central differences;
// one snapshot per budget, each frozen with exactly its budget of ReLUs, taken in order; the
// penalty grows exactly when the count stalls after the patience; budgets not reached are
// flagged; the dense model is untouched; the same seed gives the same gates; bad input.
#include "prune/snl.h"

#include <gtest/gtest.h>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "common/gradcheck.h"
#include "data/group_rules.h"
#include "nn/classifier.h"
#include "nn/predict.h"
#include "prune/distillation.h"
#include "prune/relu_gates.h"

namespace parity::prune {
namespace {

struct Bed {
  data::Dataset train;
  std::unique_ptr<nn::Sequential> dense;
};

Bed make_bed() {
  Rng rng(11);
  Bed s{data::make_group_rules({.n = 300}, rng), nullptr};
  s.dense = gated_mlp({11, 6, 6, 2}, rng);
  return s;
}

std::vector<double> gates_of(const nn::Module& model) {
  std::vector<double> out;
  for (const nn::GatedReLU* g : gated_relus(model)) {
    const Tensor a = g->gates();
    out.insert(out.end(), a.begin(), a.end());
  }
  return out;
}

TEST(Snl, ObjectiveGradientInTheGatesMatchesCentralDifferences) {
  Bed s = make_bed();
  Rng rng(12);
  const data::Dataset batch = s.train.subset(std::vector<Index>{0, 1, 2, 3, 4, 5, 6, 7});
  const Tensor teacher = nn::predict_logits(*s.dense, batch.X);
  make_gates_trainable(*s.dense);
  const Tensor g0 = rng.uniform(Shape{6}, 0.2, 1.0);
  const Tensor g1 = rng.uniform(Shape{6}, 0.2, 1.0);
  testing::expect_derivatives_match(
      "snl objective", {g0, g1},
      [&](const std::vector<Var>& x) {
        s.dense->set_parameter("1.gate", x[0]);
        s.dense->set_parameter("3.gate", x[1]);
        const Var logits = (*s.dense)(Var(batch.X));
        return mean(nn::classifier_losses(logits, batch.y) + distillation_losses(logits, teacher, 4.0)) +
               gate_l1(*s.dense) * 1e-2;
      },
      13);
}

TEST(Snl, OneFrozenSnapshotPerBudgetWithExactlyItsReLUs) {
  const Bed s = make_bed();
  const std::vector<double> before = gates_of(*s.dense);
  const Tensor before_out = nn::predict_logits(*s.dense, s.train.X);
  Rng rng(14);
  const std::vector<Index> budgets{12, 6, 3, 0};
  const SnlResult r = selective_linearization(*s.dense, s.train, budgets, {.penalty = 1e-2, .max_epochs = 400}, rng);
  ASSERT_EQ(r.snapshots.size(), budgets.size());
  int previous_epoch = 0;
  for (std::size_t j = 0; j < budgets.size(); ++j) {
    const SnlSnapshot& snap = r.snapshots[j];
    EXPECT_EQ(snap.budget, budgets[j]);
    EXPECT_TRUE(snap.reached) << j;
    EXPECT_LE(snap.relaxed_count, snap.budget);
    EXPECT_GE(snap.epoch, previous_epoch);
    previous_epoch = snap.epoch;
    EXPECT_EQ(relu_count(*snap.model, 0.5), budgets[j]);
    for (const nn::GatedReLU* g : gated_relus(*snap.model)) EXPECT_FALSE(g->is_trainable());
  }
  EXPECT_EQ(r.snapshots[0].epoch, 0);  // the dense model already has 12 ReLUs
  EXPECT_EQ(gates_of(*s.dense), before);
  const Tensor after_out = nn::predict_logits(*s.dense, s.train.X);
  for (Index i = 0; i < before_out.numel(); ++i) EXPECT_EQ(after_out.data()[i], before_out.data()[i]);
}

TEST(Snl, PenaltyGrowsExactlyWhenTheCountStallsAfterThePatience) {
  const Bed s = make_bed();
  Rng rng(15);
  const SnlOptions options{.penalty = 1e-3, .growth = 1.5, .patience = 3, .max_epochs = 60};
  const std::vector<Index> budgets{0};
  const SnlResult r = selective_linearization(*s.dense, s.train, budgets, options, rng);
  ASSERT_GE(r.epochs.size(), 2u);
  Index lowest = 12;
  for (std::size_t e = 0; e + 1 < r.epochs.size(); ++e) {
    const bool stalled = r.epochs[e].relu_count >= lowest && r.epochs[e].epoch >= options.patience;
    lowest = std::min(lowest, r.epochs[e].relu_count);
    EXPECT_DOUBLE_EQ(r.epochs[e + 1].penalty, r.epochs[e].penalty * (stalled ? 1.5 : 1.0)) << e;
  }
}

TEST(Snl, BudgetNotReachedIsFlaggedAndStillExact) {
  const Bed s = make_bed();
  Rng rng(16);
  const std::vector<Index> budgets{0};
  const SnlResult r = selective_linearization(*s.dense, s.train, budgets, {.penalty = 1e-6, .max_epochs = 2}, rng);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_FALSE(r.snapshots[0].reached);
  EXPECT_EQ(r.snapshots[0].epoch, 2);
  EXPECT_GT(r.snapshots[0].relaxed_count, 0);
  EXPECT_EQ(relu_count(*r.snapshots[0].model, 0.5), 0);
}

TEST(Snl, SameSeedSameGates) {
  const Bed s = make_bed();
  const std::vector<Index> budgets{4};
  Rng a(17), b(17);
  const SnlResult ra = selective_linearization(*s.dense, s.train, budgets, {.penalty = 1e-2, .max_epochs = 30}, a);
  const SnlResult rb = selective_linearization(*s.dense, s.train, budgets, {.penalty = 1e-2, .max_epochs = 30}, b);
  EXPECT_EQ(gates_of(*ra.snapshots[0].model), gates_of(*rb.snapshots[0].model));
  const auto pa = ra.snapshots[0].model->parameters();
  const auto pb = rb.snapshots[0].model->parameters();
  for (std::size_t i = 0; i < pa.size(); ++i) {
    for (Index k = 0; k < pa[i].value().numel(); ++k) EXPECT_EQ(pa[i].value().data()[k], pb[i].value().data()[k]);
  }
}

TEST(Snl, BadInput) {
  const Bed s = make_bed();
  Rng rng(18);
  const auto run = [&](std::vector<Index> budgets, SnlOptions o) {
    return testing::error_message([&] { selective_linearization(*s.dense, s.train, budgets, o, rng); });
  };
  EXPECT_EQ(run({6, 6}, {}), "selective_linearization(): budgets must be strictly decreasing, got 6 then 6");
  EXPECT_EQ(run({13}, {}), "selective_linearization(): budget 13 outside [0, 12] (the model's ReLU locations)");
  EXPECT_EQ(run({}, {}), "selective_linearization(): no budget given");
  EXPECT_EQ(run({1}, {.penalty = 0.0}), "selective_linearization(): penalty (lambda) must be finite and > 0, got 0");
  EXPECT_EQ(run({1}, {.growth = 0.5}), "selective_linearization(): growth must be finite and >= 1, got 0.5");
  EXPECT_EQ(run({1}, {.threshold = 1.0}), "selective_linearization(): threshold must be in [0, 1), got 1");
  Rng other(19);
  auto plain = nn::mlp({11, 4, 2}, "relu", other);
  const std::vector<Index> budgets{0};
  EXPECT_EQ(testing::error_message([&] { selective_linearization(*plain, s.train, budgets, {}, rng); }),
            "relu_locations(): the model has no GatedReLU layer, so no ReLU to linearise");
}

}  // namespace
}  // namespace parity::prune
