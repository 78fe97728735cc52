// Tests of prune/finetune.h: fine-tuning lowers the distillation objective and keeps the gates;
// the step count; with mu = 0 the mitigation trains bit for bit as plain fine-tuning (its
// multipliers stay 0), with mu > 0 the multipliers grow by mu times the summed violations and the
// weights move elsewhere; the same seed gives the same weights; bad input.
#include "prune/finetune.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/error_message.h"
#include "data/group_rules.h"
#include "nn/copy_model.h"
#include "prune/relu_gates.h"

namespace parity::prune {
namespace {

struct Bed {
  data::Dataset train;
  std::unique_ptr<nn::Sequential> dense;
  std::unique_ptr<nn::Sequential> linearised;
};

Bed make_bed() {
  Rng rng(21);
  Bed s{data::make_group_rules({.n = 500}, rng), nullptr, nullptr};
  s.dense = gated_mlp({11, 8, 8, 2}, rng);
  s.linearised = nn::copy_model(*s.dense);
  cull_last_layers(*s.linearised, 1);
  return s;
}

std::vector<double> weights(const nn::Module& model) {
  std::vector<double> out;
  for (const Var& p : model.parameters()) out.insert(out.end(), p.value().begin(), p.value().end());
  return out;
}

TEST(FineTune, LowersTheObjectiveAndKeepsTheGates) {
  Bed s = make_bed();
  Rng rng(22);
  const FineTuneResult r = fine_tune(*s.linearised, *s.dense, s.train, {.epochs = 6, .lr = 0.05}, rng);
  EXPECT_EQ(r.steps, 6 * 4);  // 500 samples in batches of 128
  ASSERT_EQ(r.epoch_loss.size(), 6u);
  EXPECT_LT(r.epoch_loss.back(), r.epoch_loss.front());
  EXPECT_TRUE(r.multipliers.empty());
  EXPECT_EQ(relu_count(*s.linearised, 0.5), 8);
}

TEST(FineTune, MitigationWithMuZeroIsPlainFineTuning) {
  Bed a = make_bed(), b = make_bed();
  Rng ra(23), rb(23);
  fine_tune(*a.linearised, *a.dense, a.train, {.epochs = 3}, ra);
  const FineTuneResult r = fine_tune(*b.linearised, *b.dense, b.train, {.epochs = 3, .mitigate = true, .mu = 0.0}, rb);
  EXPECT_EQ(weights(*a.linearised), weights(*b.linearised));
  EXPECT_EQ(r.multipliers, (std::vector<double>{0.0, 0.0}));
}

TEST(FineTune, MitigationRaisesTheMultipliersAndMovesTheWeights) {
  Bed a = make_bed(), b = make_bed();
  Rng ra(24), rb(24);
  fine_tune(*a.linearised, *a.dense, a.train, {.epochs = 3}, ra);
  const FineTuneResult one =
      fine_tune(*b.linearised, *b.dense, b.train, {.epochs = 1, .mitigate = true, .mu = 0.5}, rb);
  // After one epoch gamma_g = mu * sum over the epoch's batches of |L_g - L| > 0.
  ASSERT_EQ(one.multipliers.size(), 2u);
  EXPECT_GT(one.multipliers[0], 0.0);
  EXPECT_GT(one.multipliers[1], 0.0);
  const double largest = std::max(one.multipliers[0], one.multipliers[1]);
  EXPECT_NEAR(largest, 0.5 * 4 * one.epoch_max_violation[0], 1e-14 * largest);
  Bed c = make_bed();
  Rng rc(24);
  fine_tune(*c.linearised, *c.dense, c.train, {.epochs = 3, .mitigate = true, .mu = 0.5}, rc);
  EXPECT_NE(weights(*a.linearised), weights(*c.linearised));
}

TEST(FineTune, SameSeedSameWeights) {
  Bed a = make_bed(), b = make_bed();
  Rng ra(25), rb(25);
  fine_tune(*a.linearised, *a.dense, a.train, {.epochs = 2, .mitigate = true, .mu = 0.1}, ra);
  fine_tune(*b.linearised, *b.dense, b.train, {.epochs = 2, .mitigate = true, .mu = 0.1}, rb);
  EXPECT_EQ(weights(*a.linearised), weights(*b.linearised));
}

TEST(FineTune, BadInput) {
  Bed s = make_bed();
  Rng rng(26);
  const auto run = [&](FineTuneOptions o, const data::Dataset& d) {
    return testing::error_message([&] { fine_tune(*s.linearised, *s.dense, d, o, rng); });
  };
  EXPECT_EQ(run({.epochs = 0}, s.train), "fine_tune(): epochs must be >= 1, got 0");
  EXPECT_EQ(run({.momentum = 1.0}, s.train), "fine_tune(): momentum must be in [0, 1), got 1");
  EXPECT_EQ(run({.clip = 0.0}, s.train), "fine_tune(): clip must be finite and > 0, got 0");
  EXPECT_EQ(run({.mu = -1.0}, s.train), "fine_tune(): mu must be finite and >= 0, got -1");
  data::Dataset one_group = s.train;
  one_group.s = Tensor(Shape{one_group.size()});
  one_group.group_names = {"all"};
  EXPECT_EQ(run({.mitigate = true}, one_group), "fine_tune(): the mitigation needs at least two groups, got 1");
}

}  // namespace
}  // namespace parity::prune
