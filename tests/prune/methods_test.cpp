// Tests of prune/methods.h on a small GroupRules set and MLP: every method ends with exactly the
// requested number of pruned weights (masks and values), globally and per layer; masked weights
// are exact zeros after all the optimiser steps; imp rewinds to the given weights; runs are
// bitwise reproducible; bad input (a bad sparsity, an unknown method, rewind weights that do not
// fit, a fairness method on data with one group) is named.
#include "prune/methods.h"

#include <gtest/gtest.h>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "data/batches.h"
#include "data/group_rules.h"
#include "nn/linear.h"
#include "nn/loss.h"
#include "optim/adam.h"
#include "tensor/scalar_math.h"

namespace parity::prune {
namespace {

using testing::error_message;

data::Dataset small_data() {
  Rng rng(7);
  return data::make_group_rules({.n = 600, .p_minority = 0.3}, rng);
}

std::unique_ptr<nn::Sequential> trained_model(const data::Dataset& train) {
  Rng rng(8);
  auto model = nn::mlp({11, 16, 16, 1}, "relu", rng);
  optim::Adam adam(model->parameters(), {.lr = 1e-2});
  for (int e = 0; e < 5; ++e) {
    for (const data::Batch& b : data::MiniBatches(train, {.batch_size = 100}, rng)) {
      adam.zero_grad();
      nn::BCEWithLogitsLoss()(reshape((*model)(Var(b.X)), Shape{b.X.size(0)}), b.y).backward();
      adam.step();
    }
  }
  return model;
}

PruneOptions small_options(double sparsity, Scope scope) {
  return {.sparsity = sparsity,
          .scope = scope,
          .epochs = 3,
          .mask_epochs = 2,
          .imp_rounds = 2,
          .batch_size = 100};
}

TEST(PruneMethods, EveryMethodReachesTheExactSparsityAndKeepsMaskedWeightsAtZero) {
  const data::Dataset train = small_data();
  for (const MethodSpec& m : method_specs()) {
    for (const Scope scope : {Scope::Global, Scope::PerLayer}) {
      for (const double s : {0.5, 0.9}) {
        auto model = trained_model(train);
        Rng rng(9);
        int epochs_seen = 0;
        const PruneResult r = prune_model(*model, train, m, small_options(s, scope), rng,
                                          [&](const EpochInfo& info, nn::Sequential&) {
                                            EXPECT_EQ(info.epoch, ++epochs_seen);
                                            EXPECT_EQ(info.total, 3);
                                          });
        EXPECT_EQ(epochs_seen, 3) << m.name;
        EXPECT_GT(r.weight_steps + r.score_steps, 0) << m.name;
        const auto named = model->named_parameters();
        const auto masks = model->masks();
        Index masked = 0, total = 0;
        for (std::size_t i = 0; i < named.size(); ++i) {
          if (named[i].second.shape().rank() < 2) {
            EXPECT_FALSE(masks[i].defined()) << m.name << " masks " << named[i].first;
            continue;
          }
          ASSERT_TRUE(masks[i].defined()) << m.name << " " << named[i].first;
          Index zeros = 0;
          for (Index k = 0; k < masks[i].numel(); ++k) {
            if (masks[i].data()[k] != 0.0) continue;
            ++zeros;
            ASSERT_EQ(named[i].second.value().data()[k], 0.0) << m.name << " " << named[i].first << " " << k;
          }
          if (scope == Scope::PerLayer) {
            EXPECT_EQ(zeros, masks[i].numel() - kept_count(masks[i].numel(), s))
                << m.name << " " << named[i].first;
          }
          masked += zeros;
          total += masks[i].numel();
        }
        if (scope == Scope::Global) {
          EXPECT_EQ(masked, total - kept_count(total, s)) << m.name << " " << s;
        }
        EXPECT_EQ(count_zeros(*model).total_zeros(), masked) << m.name;  // no kept weight is exactly 0
      }
    }
  }
}

TEST(PruneMethods, RunsAreBitwiseReproducible) {
  const data::Dataset train = small_data();
  for (const char* name : {"bifp", "bifp-pdf", "imp"}) {
    std::vector<std::vector<double>> runs;
    for (int k = 0; k < 2; ++k) {
      auto model = trained_model(train);
      Rng rng(10);
      prune_model(*model, train, find_method(name), small_options(0.8, Scope::Global), rng);
      std::vector<double> all;
      for (const Var& p : model->parameters())
        all.insert(all.end(), p.value().data(), p.value().data() + p.value().numel());
      runs.push_back(std::move(all));
    }
    EXPECT_EQ(runs[0], runs[1]) << name;
  }
}

// With one round and a zero learning rate, imp leaves exactly the rewind values on the survivors
// of the trained weights' magnitude mask (biases rewound, unmasked); without rewind values it
// keeps the trained ones.
TEST(PruneMethods, ImpRewindsTheSurvivorsToTheGivenWeights) {
  const data::Dataset train = small_data();
  Rng init_rng(20);
  auto initial = nn::mlp({11, 16, 16, 1}, "relu", init_rng);
  for (const bool given : {true, false}) {
    auto model = trained_model(train);
    std::vector<Tensor> trained, expected;
    for (const Var& p : model->parameters()) trained.push_back(p.value().clone());
    for (const Var& p : (given ? *initial : *model).parameters()) expected.push_back(p.value().clone());
    const std::vector<Tensor> masks = top_k_masks(prunable_values(*model), 0.8, Scope::Global);
    PruneOptions o = small_options(0.8, Scope::Global);
    o.imp_rounds = 1;
    o.lr = 0.0;
    if (given) o.rewind_weights = expected;
    Rng rng(21);
    prune_model(*model, train, find_method("imp"), o, rng);
    const std::vector<Var> params = model->parameters();
    std::size_t mask = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
      const bool masked = params[i].value().shape().rank() >= 2;
      for (Index k = 0; k < params[i].value().numel(); ++k) {
        const double keep = masked ? masks[mask].data()[k] : 1.0;
        ASSERT_EQ(params[i].value().data()[k], keep * expected[i].data()[k]) << given << " " << i << " " << k;
      }
      if (masked) ++mask;
    }
    EXPECT_EQ(mask, masks.size());
  }
}

TEST(PruneMethods, BilevelAlternationCountsOneWeightAndOneScoreStepPerBatch) {
  const data::Dataset train = small_data();
  PruneOptions o = small_options(0.9, Scope::Global);
  o.implicit_gradient = ImplicitGradient::Paper;
  o.implicit_scale = 1e-4;
  auto model = trained_model(train);
  Rng rng(11);
  const PruneResult r = prune_model(*model, train, find_method("bip"), o, rng);
  EXPECT_EQ(r.score_steps, 2 * 6);
  EXPECT_EQ(r.weight_steps, 2 * 6 + 6);
}

// One bi-level iteration by hand: f(x) = w . x with w = (-0.5, 0.48), one sample (x = (1, 2), y = 1),
// half the weights kept. Lower step: Adam's first step on the masked weight is -lr g / (|g| + eps).
// Upper step: the straight-through score gradient (sigma(f) - 1) x (.) W1 (.) sign(S0), then SGD's
// first momentum step S1 = S0 - 0.1 (g_S + 1e-4 S0). The step flips the mask to the other weight.
TEST(PruneMethods, OneBilevelIterationByHand) {
  data::Dataset one;
  one.X = Tensor(Shape{1, 2}, {1.0, 2.0});
  one.y = Tensor(Shape{1}, {1.0});
  one.s = Tensor(Shape{1}, {0.0});
  one.class_names = {"negative", "positive"};
  one.group_names = {"all"};
  Rng init(13);
  nn::Sequential model;
  model.add(std::make_unique<nn::Linear>(2, 1, init, false));
  const double w0[2] = {-0.5, 0.48};
  Tensor& w = model.parameters()[0].mutable_value();
  w.data()[0] = w0[0];
  w.data()[1] = w0[1];
  // By hand. With the global scope the scores start at w, so the first mask keeps weight 0.
  const double s0[2] = {w0[0], w0[1]};
  const double f0 = w0[0] * 1.0;
  const double g0 = (scalar::sigmoid(f0) - 1.0) * 1.0;
  const double w1[2] = {w0[0] - 1e-3 * g0 / (std::abs(g0) + 1e-8), w0[1]};
  const double f1 = w1[0] * 1.0;
  const double x[2] = {1.0, 2.0};
  double s1[2];
  for (int k = 0; k < 2; ++k) {
    const double g_s = (scalar::sigmoid(f1) - 1.0) * x[k] * w1[k] * (s0[k] > 0 ? 1.0 : -1.0);
    s1[k] = s0[k] - 0.1 * (g_s + 1e-4 * s0[k]);
  }
  ASSERT_LT(std::abs(s1[0]), std::abs(s1[1]));  // the example flips the mask
  Rng rng(14);
  const PruneOptions o{.sparsity = 0.5, .epochs = 1, .mask_epochs = 1, .imp_rounds = 1, .batch_size = 1};
  const PruneResult r = prune_model(model, one, find_method("bip"), o, rng);
  EXPECT_EQ(r.weight_steps, 1);
  EXPECT_EQ(r.score_steps, 1);
  EXPECT_EQ(model.mask("0.weight").data()[0], 0.0);
  EXPECT_EQ(model.mask("0.weight").data()[1], 1.0);
  EXPECT_EQ(model.parameters()[0].value().data()[0], 0.0);
  EXPECT_NEAR(model.parameters()[0].value().data()[1], w1[1], 1e-15);
}

TEST(PruneMethods, TwoOutputHeadIsTheSoftmaxCrossEntropy) {
  Rng rng(15);
  const Tensor out = rng.normal(Shape{5, 2});
  const Tensor labels(Shape{5}, {0, 1, 1, 0, 1});
  const double bce = nn::BCEWithLogitsLoss()(binary_logit(Var(out)), labels).value().item();
  const double ce = nn::CrossEntropyLoss()(Var(out), labels).value().item();
  EXPECT_NEAR(bce, ce, 1e-15);
  const Tensor one = rng.normal(Shape{5, 1});
  const Var z = binary_logit(Var(one));
  for (Index i = 0; i < 5; ++i) EXPECT_EQ(z.value().data()[i], one.data()[i]);
  EXPECT_EQ(error_message([] {
              binary_logit(Var(Tensor(Shape{5, 3})));
            }),
            "binary_logit(): a binary classifier's outputs must have shape [b, 1] or [b, 2], got [5,3]");
  // A two-output model prunes like a one-output one: exact counts, masked zeros.
  const data::Dataset train = small_data();
  auto model = nn::mlp({11, 16, 2}, "relu", rng);
  prune_model(*model, train, find_method("bifp-pdf"), small_options(0.8, Scope::Global), rng);
  const SparsityCount count = count_zeros(*model);
  EXPECT_EQ(count.total_zeros(), count.total_size() - kept_count(count.total_size(), 0.8));
}

TEST(PruneMethods, BadInputIsNamed) {
  data::Dataset train = small_data();
  auto model = trained_model(train);
  Rng rng(12);
  EXPECT_EQ(error_message([&] { find_method("random"); }),
            "find_method(): unknown pruning method 'random', expected one of magnitude, magnitude+fair-ft, "
            "magnitude+fair-ft-pdf, "
            "imp, hydra, "
            "bip, bifp, bifp-pdf, bifp-no-mask, bifp-no-weight");
  EXPECT_EQ(error_message([&] {
              prune_model(*model, train, find_method("bifp"), small_options(1.0, Scope::Global), rng);
            }).substr(0, 31),
            "prune_model(): sparsity 1 is ou");
  PruneOptions o = small_options(0.5, Scope::Global);
  o.mask_epochs = 4;
  EXPECT_EQ(error_message([&] { prune_model(*model, train, find_method("bip"), o, rng); }),
            "prune_model(): mask_epochs must lie in [1, epochs = 3], got 4");
  // The epoch splits bind only the methods that have them: magnitude ignores mask_epochs and
  // imp_rounds, imp checks its rounds.
  o.imp_rounds = 4;
  EXPECT_EQ(error_message([&] { prune_model(*model, train, find_method("magnitude"), o, rng); }),
            "<no parity::Error thrown>");
  EXPECT_EQ(error_message([&] { prune_model(*model, train, find_method("imp"), o, rng); }),
            "prune_model(): imp_rounds must lie in [1, epochs = 3], got 4");
  o = small_options(0.5, Scope::Global);
  o.rewind_weights = {Tensor(Shape{2})};
  EXPECT_EQ(error_message([&] { prune_model(*model, train, find_method("imp"), o, rng); }),
            "prune_model(): rewind_weights must hold one tensor per parameter (6), got 1");
  for (const Var& p : model->parameters()) o.rewind_weights.push_back(p.value().clone());
  o.rewind_weights.erase(o.rewind_weights.begin());
  std::swap(o.rewind_weights[0], o.rewind_weights[1]);
  EXPECT_EQ(error_message([&] { prune_model(*model, train, find_method("imp"), o, rng); }),
            "prune_model(): rewind_weights[0] must have the parameter's shape [16,11], got [16]");
  for (Index i = 0; i < train.size(); ++i) train.s.data()[i] = 0.0;
  train.group_names = {"all"};
  EXPECT_EQ(error_message([&] {
              prune_model(*model, train, find_method("bifp"), small_options(0.5, Scope::Global), rng);
            }),
            "prune_model(): method bifp needs at least two groups, but the data have 1");
  EXPECT_NO_THROW(
      prune_model(*model, train, find_method("magnitude"), small_options(0.5, Scope::Global), rng));
}

}  // namespace
}  // namespace parity::prune
