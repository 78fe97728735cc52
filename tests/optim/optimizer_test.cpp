#include "optim/optimizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>

#include "helpers.h"
#include "optim/adam.h"
#include "optim/sgd.h"
#include "tensor/random.h"

namespace parity::optim {
namespace {

using testing::error_message;
using ::testing::HasSubstr;
using testing::set_gradient;

Var leaf(std::vector<double> values) {
  const Index n = static_cast<Index>(values.size());
  return Var(Tensor(Shape{n}, std::move(values)), true);
}

TEST(Optimizer, RejectsBadParameterLists) {
  Var p = leaf({1.0, 2.0});
  EXPECT_THAT(error_message([] { SGD sgd({}); }), HasSubstr("SGD(): empty parameter list"));
  EXPECT_THAT(error_message([&] { SGD sgd({p, Var()}); }), HasSubstr("SGD(): parameter 1 is undefined"));
  EXPECT_THAT(error_message([&] { SGD sgd({p * 2.0}); }), HasSubstr("SGD(): parameter 0 is not a leaf"));
  EXPECT_THAT(error_message([] { Adam adam({Var(Tensor(Shape{2}), false)}); }),
              HasSubstr("Adam(): parameter 0 does not require grad"));
  EXPECT_THAT(error_message([&] {
                AdamW adamw({p, leaf({3.0}), p});
              }),
              HasSubstr("AdamW(): parameter 2 appears more than once in the parameter list"));
}

TEST(Optimizer, LearningRateCanBeSetAndIsValidated) {
  SGD sgd({leaf({1.0})}, {.lr = 0.5});
  EXPECT_EQ(sgd.learning_rate(), 0.5);
  sgd.set_learning_rate(0.25);
  EXPECT_EQ(sgd.learning_rate(), 0.25);
  EXPECT_THAT(error_message([&] { sgd.set_learning_rate(-1.0); }),
              HasSubstr("SGD::set_learning_rate(): lr must be finite and >= 0, got -1"));
  EXPECT_THAT(error_message([&] { sgd.set_learning_rate(INFINITY); }), HasSubstr("got inf"));
  EXPECT_EQ(sgd.learning_rate(), 0.25);
}

TEST(Optimizer, ZeroGradResetsEveryGradient) {
  Var a = leaf({1.0});
  Var b = leaf({2.0, 3.0});
  Adam adam({a, b});
  sum(a * 2.0).backward();
  sum(b).backward();
  adam.zero_grad();
  EXPECT_FALSE(a.grad().defined());
  EXPECT_FALSE(b.grad().defined());
}

TEST(Optimizer, ParametersWithoutGradientAreSkipped) {
  Var a = leaf({1.0});
  Var b = leaf({2.0, 3.0});
  Adam adam({a, b}, {.lr = 0.1});
  set_gradient(a, Tensor(Shape{1}, {1.0}));
  adam.step();
  EXPECT_EQ(adam.step_count(0), 1);
  EXPECT_EQ(adam.step_count(1), 0);
  EXPECT_FALSE(adam.exp_avg(1).defined());
  EXPECT_EQ(b.value().at({0}), 2.0);
  EXPECT_EQ(b.value().at({1}), 3.0);
}

TEST(Optimizer, NonFiniteGradientNamesParameterAndIndexAndChangesNothing) {
  Var a = leaf({1.0, 2.0});
  Var b = leaf({3.0, 4.0, 5.0});
  SGD sgd({a, b}, {.lr = 0.1, .momentum = 0.9});
  set_gradient(a, Tensor(Shape{2}, {1.0, 1.0}));
  set_gradient(b, Tensor(Shape{3}, {1.0, 1.0, NAN}));
  EXPECT_THAT(error_message([&] { sgd.step(); }),
              HasSubstr("SGD::step(): gradient of parameter 1 holds a non-finite value (nan) at flat index 2 "
                        "of shape [3]"));
  // Gradients are checked before any update: parameter 0 is untouched and has no state.
  EXPECT_EQ(a.value().at({0}), 1.0);
  EXPECT_FALSE(sgd.momentum_buffer(0).defined());
  set_gradient(b, Tensor(Shape{3}, {-INFINITY, 1.0, 1.0}));
  EXPECT_THAT(error_message([&] { sgd.step(); }),
              HasSubstr("parameter 1 holds a non-finite value (-inf) at flat index 0"));
}

TEST(Optimizer, OverflowingUpdateIsReported) {
  Var a = leaf({1.0, 2.0});
  SGD sgd({a}, {.lr = 1e300});
  set_gradient(a, Tensor(Shape{2}, {0.0, 1e10}));
  EXPECT_THAT(error_message([&] { sgd.step(); }),
              HasSubstr("SGD::step(): the update overflowed parameter 0 to -inf at flat index 1 of shape [2] "
                        "(learning rate 1e+300 too large?)"));
}

TEST(Optimizer, ChangedParameterShapeIsReported) {
  Var a = leaf({1.0, 2.0});
  SGD sgd({a}, {.lr = 0.1, .momentum = 0.9});
  set_gradient(a, Tensor(Shape{2}, {1.0, 1.0}));
  sgd.step();
  a.mutable_value() = Tensor(Shape{3});
  set_gradient(a, Tensor(Shape{3}));
  EXPECT_THAT(
      error_message([&] { sgd.step(); }),
      HasSubstr("SGD::step(): state of parameter 0 has shape [2] but the parameter now has shape [3]"));
}

TEST(Optimizer, SetMasksStoresCopiesAlignedWithParametersAndZeroesMaskedEntries) {
  Var a = leaf({1.0, 2.0});
  Var b = leaf({3.0, 4.0, 5.0});
  SGD sgd({a, b});
  ASSERT_EQ(sgd.masks().size(), 2u);
  EXPECT_FALSE(sgd.masks()[0].defined() || sgd.masks()[1].defined());
  Tensor mask(Shape{3}, {1.0, 0.0, 1.0});
  sgd.set_masks({Tensor(), mask});
  mask.data()[0] = 0.0;  // the optimiser keeps its own copy
  EXPECT_FALSE(sgd.masks()[0].defined());
  EXPECT_EQ(sgd.masks()[1].at({0}), 1.0);
  EXPECT_EQ(a.value().at({1}), 2.0);
  EXPECT_EQ(b.value().at({0}), 3.0);
  EXPECT_EQ(b.value().at({1}), 0.0);
  sgd.set_masks({Tensor(), Tensor()});
  EXPECT_FALSE(sgd.masks()[1].defined());
}

TEST(Optimizer, BadMasksNameTheParameterAndChangeNothing) {
  Var a = leaf({1.0, 2.0});
  Var b = leaf({3.0, 4.0, 5.0});
  Adam adam({a, b});
  EXPECT_EQ(error_message([&] {
              adam.set_masks({Tensor(Shape{2}, {1.0, 0.0})});
            }),
            "Adam::set_masks(): 1 masks for 2 parameters");
  EXPECT_EQ(error_message([&] {
              adam.set_masks({Tensor(Shape{2}, {1.0, 0.0}), Tensor(Shape{2})});
            }),
            "Adam::set_masks(): mask 1 has shape [2] but parameter 1 has shape [3]");
  EXPECT_EQ(error_message([&] {
              adam.set_masks({Tensor(Shape{2}, {0.0, 1.0}), Tensor(Shape{3}, {1.0, -1.0, 0.0})});
            }),
            "Adam::set_masks(): mask 1 must hold only 0 or 1, got -1 at [1] of shape [3]");
  EXPECT_FALSE(adam.masks()[0].defined());
  EXPECT_EQ(a.value().at({0}), 1.0);
}

TEST(Optimizer, ChangedShapeOfAMaskedParameterIsReported) {
  Var a = leaf({1.0, 2.0});
  SGD sgd({a}, {.lr = 0.1, .momentum = 0.9});
  sgd.set_masks({Tensor(Shape{2}, {0.0, 1.0})});
  set_gradient(a, Tensor(Shape{2}, {1.0, 1.0}));
  sgd.step();
  a.mutable_value() = Tensor(Shape{3});
  set_gradient(a, Tensor(Shape{3}));
  EXPECT_EQ(error_message([&] { sgd.step(); }),
            "SGD::step(): mask of parameter 0 has shape [2] but the parameter has shape [3]");
  EXPECT_EQ(error_message([&] {
              sgd.set_masks({Tensor(Shape{3}, {1.0, 0.0, 1.0})});
            }),
            "SGD::set_masks(): state of parameter 0 has shape [2] but the parameter now has shape [3]");
  EXPECT_EQ(sgd.masks()[0].shape(), Shape{2});
}

TEST(Optimizer, SameInputsGiveBitwiseSameResults) {
  const auto run = [] {
    Rng rng(7);
    Var w(rng.normal(Shape{5, 3}), true);
    const Tensor target = rng.normal(Shape{5, 3});
    AdamW adamw({w}, {.lr = 0.05});
    testing::minimise(adamw, 25, [&] { return sum(mse(w, target)); });
    return w.value().clone();
  };
  const Tensor first = run();
  const Tensor second = run();
  EXPECT_EQ(std::memcmp(first.data(), second.data(), sizeof(double) * 15), 0);
}

// Masks. The loss sum((w - target)^2) uses w directly (not w * mask), so the gradient is non-zero at
// masked entries: the optimiser alone must hold them at zero. The loss is separable, so unmasked entries
// must evolve bitwise as in an unmasked run.
struct MaskCase {
  const char* name;
  std::function<std::unique_ptr<Optimizer>(std::vector<Var>)> make;
  /// The optimiser's state tensors of parameter 0.
  std::function<std::vector<Tensor>(const Optimizer&)> state;
};

void PrintTo(const MaskCase& c, std::ostream* os) { *os << c.name; }

std::vector<Tensor> sgd_state(const Optimizer& o) { return {dynamic_cast<const SGD&>(o).momentum_buffer(0)}; }

std::vector<Tensor> adam_state(const Optimizer& o) {
  const auto& adam = dynamic_cast<const Adam&>(o);
  std::vector<Tensor> state = {adam.exp_avg(0), adam.exp_avg_sq(0)};
  if (adam.options().amsgrad) state.push_back(adam.max_exp_avg_sq(0));
  return state;
}

std::vector<MaskCase> mask_cases() {
  return {
      {"SgdMomentumWeightDecay",
       [](std::vector<Var> p) {
         return std::make_unique<SGD>(
             p, SGDOptions{.lr = 0.05, .momentum = 0.9, .dampening = 0.1, .weight_decay = 0.1});
       },
       sgd_state},
      {"SgdNesterov",
       [](std::vector<Var> p) {
         return std::make_unique<SGD>(
             p, SGDOptions{.lr = 0.05, .momentum = 0.9, .weight_decay = 0.1, .nesterov = true});
       },
       sgd_state},
      {"Adam",
       [](std::vector<Var> p) {
         return std::make_unique<Adam>(p, AdamOptions{.lr = 0.05, .weight_decay = 0.1});
       },
       adam_state},
      {"AdamAmsgrad",
       [](std::vector<Var> p) { return std::make_unique<Adam>(p, AdamOptions{.lr = 0.05, .amsgrad = true}); },
       adam_state},
      {"AdamW",
       [](std::vector<Var> p) {
         return std::make_unique<AdamW>(p, AdamWOptions{.lr = 0.05, .weight_decay = 0.1});
       },
       adam_state},
  };
}

class MaskTest : public ::testing::TestWithParam<MaskCase> {
 protected:
  MaskTest()
      : rng_(2024),
        w0_(rng_.normal(Shape{4, 5})),
        target_(rng_.normal(Shape{4, 5})),
        mask_(rng_.bernoulli(Shape{4, 5}, 0.5)) {
    Index zeros = 0;
    for (const double m : mask_) zeros += m == 0.0 ? 1 : 0;
    EXPECT_GT(zeros, 0);
    EXPECT_LT(zeros, mask_.numel());
  }

  /// `steps` steps on sum((w - target)^2), calling after_step (when given) after each.
  void train(Optimizer& optimizer, const Var& w, int steps, const std::function<void()>& after_step = {}) {
    for (int k = 0; k < steps; ++k) {
      optimizer.zero_grad();
      sum(mse(w, target_)).backward();
      optimizer.step();
      if (after_step) after_step();
    }
  }

  /// Whether t is exactly zero at every masked entry.
  bool zero_where_masked(const Tensor& t) const {
    for (Index k = 0; k < t.numel(); ++k) {
      if (mask_.data()[k] == 0.0 && t.data()[k] != 0.0) return false;
    }
    return true;
  }

  bool nonzero_where_masked(const Tensor& t) const {
    for (Index k = 0; k < t.numel(); ++k) {
      if (mask_.data()[k] == 0.0 && t.data()[k] == 0.0) return false;
    }
    return true;
  }

  Rng rng_;
  Tensor w0_;
  Tensor target_;
  Tensor mask_;
};

TEST_P(MaskTest, MaskedEntriesAndStateStayExactlyZero) {
  Var w(w0_.clone(), true);
  Var reference(w0_.clone(), true);
  auto optimizer = GetParam().make({w});
  optimizer->set_masks({mask_});
  ASSERT_TRUE(zero_where_masked(w.value()));
  auto reference_optimizer = GetParam().make({reference});
  int step = 0;
  train(*optimizer, w, 60, [&] {
    ++step;
    ASSERT_TRUE(zero_where_masked(w.value())) << "step " << step;
    for (const Tensor& s : GetParam().state(*optimizer)) ASSERT_TRUE(zero_where_masked(s)) << "step " << step;
  });
  train(*reference_optimizer, reference, 60);
  for (Index k = 0; k < w.value().numel(); ++k) {
    if (mask_.data()[k] == 1.0) {
      EXPECT_EQ(w.value().data()[k], reference.value().data()[k]) << "entry " << k;
    }
  }
}

TEST_P(MaskTest, MaskSetDuringTrainingClearsStateAndIsNotRevived) {
  Var w(w0_.clone(), true);
  auto optimizer = GetParam().make({w});
  train(*optimizer, w, 10);
  // Momentum and moments are non-zero at the entries about to be pruned, so a missed clear would show.
  for (const Tensor& s : GetParam().state(*optimizer)) ASSERT_TRUE(nonzero_where_masked(s));
  optimizer->set_masks({mask_});
  for (const Tensor& s : GetParam().state(*optimizer)) ASSERT_TRUE(zero_where_masked(s));
  int step = 0;
  train(*optimizer, w, 40, [&] {
    ++step;
    ASSERT_TRUE(zero_where_masked(w.value())) << "step " << step;
    for (const Tensor& s : GetParam().state(*optimizer)) ASSERT_TRUE(zero_where_masked(s)) << "step " << step;
  });
}

TEST_P(MaskTest, StepClearsTheStateOfAMaskedParameterWithoutGradient) {
  Var w(w0_.clone(), true);
  auto optimizer = GetParam().make({w});
  optimizer->set_masks({mask_});
  train(*optimizer, w, 3);
  // Values written at masked entries behind the optimiser's back (copies of a Tensor share its
  // storage) are cleared by the next step, even one without a gradient.
  w.mutable_value().fill_(5.0);
  for (Tensor s : GetParam().state(*optimizer)) s.fill_(5.0);
  optimizer->zero_grad();
  optimizer->step();
  EXPECT_TRUE(zero_where_masked(w.value()));
  for (const Tensor& s : GetParam().state(*optimizer)) EXPECT_TRUE(zero_where_masked(s));
}

INSTANTIATE_TEST_SUITE_P(Optimizers, MaskTest, ::testing::ValuesIn(mask_cases()),
                         [](const ::testing::TestParamInfo<MaskCase>& test) {
                           return std::string(test.param.name);
                         });

}  // namespace
}  // namespace parity::optim
