// Tests of prune/scores.h: the straight-through weight's value is exactly W (.) M; its gradients
// are those of the relaxed path M(S) = M0 + |S| - |S0| (checked by central differences) for the
// scores and of W (.) M0 for the weights; the implicit-gradient term against hand values; the
// score initialisation (scaled per layer, the weights themselves globally); install/restore/freeze
// on a model.
#include "prune/scores.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "nn/sequential.h"
#include "tensor/elementwise.h"

namespace parity::prune {
namespace {

// A smooth loss of an effective weight: sum(tanh(E) * C) + 0.5 sum(E^2).
Var loss_of(const Var& effective, const Tensor& c) {
  return sum(mul_constant(tanh(effective), c)) + 0.5 * sum(square(effective));
}

TEST(StraightThrough, ValueIsExactlyTheMaskedWeight) {
  Rng rng(1);
  const Tensor w = rng.normal(Shape{3, 4});
  const Tensor s = rng.normal(Shape{3, 4});
  const Tensor m = rng.bernoulli(Shape{3, 4}, 0.5);
  const Var e = straight_through_weight(Var(w, true), Var(s, true), m);
  for (Index k = 0; k < w.numel(); ++k) EXPECT_EQ(e.value().data()[k], w.data()[k] * m.data()[k]);
}

TEST(StraightThrough, GradientsMatchTheRelaxedPathByCentralDifferences) {
  Rng rng(2);
  const Tensor w = rng.normal(Shape{3, 4});
  const Tensor s0 = rng.normal(Shape{3, 4});
  const Tensor m = rng.bernoulli(Shape{3, 4}, 0.5);
  const Tensor c = rng.normal(Shape{3, 4});
  Var wv(w, true), sv(s0, true);
  loss_of(straight_through_weight(wv, sv, m), c).backward();
  const double h = 1e-6;
  // Relaxed path in S: the mask is M0 + |S| - |S0|; in W: the mask is M0.
  const auto relaxed_in_s = [&](const Tensor& s) {
    Tensor mask = m.clone();
    for (Index k = 0; k < s.numel(); ++k) mask.data()[k] += std::abs(s.data()[k]) - std::abs(s0.data()[k]);
    return loss_of(Var(w * mask), c).value().item();
  };
  const auto in_w = [&](const Tensor& x) { return loss_of(Var(x * m), c).value().item(); };
  for (Index k = 0; k < w.numel(); ++k) {
    Tensor up = s0.clone(), down = s0.clone();
    up.data()[k] += h;
    down.data()[k] -= h;
    EXPECT_NEAR(sv.grad().data()[k], (relaxed_in_s(up) - relaxed_in_s(down)) / (2 * h), 1e-7) << k;
    Tensor wu = w.clone(), wd = w.clone();
    wu.data()[k] += h;
    wd.data()[k] -= h;
    EXPECT_NEAR(wv.grad().data()[k], (in_w(wu) - in_w(wd)) / (2 * h), 1e-7) << k;
  }
}

TEST(StraightThrough, ImplicitGradientTermsByHand) {
  Var s(Tensor(Shape{1, 2}, {0.5, -1.0}), true);
  Var w(Tensor(Shape{1, 2}, {2.0, 3.0}), true);
  sum(mul_constant(s, Tensor(Shape{1, 2}, {4.0, -2.0}))).backward();  // g_S = (4, -2)
  sum(mul_constant(w, Tensor(Shape{1, 2}, {1.0, 5.0}))).backward();   // g_W = (1, 5)
  add_implicit_gradient({s}, {w}, true, 0.1);
  // g_S - 0.1 g_S g_W = (4 - 0.4, -2 + 1.0)
  EXPECT_DOUBLE_EQ(s.grad().data()[0], 3.6);
  EXPECT_DOUBLE_EQ(s.grad().data()[1], -1.0);
  add_implicit_gradient({s}, {w}, false, 0.1);
  // g - 0.1 g^2 with g = (3.6, -1.0)
  EXPECT_DOUBLE_EQ(s.grad().data()[0], 3.6 - 0.1 * 3.6 * 3.6);
  EXPECT_DOUBLE_EQ(s.grad().data()[1], -1.0 - 0.1);
}

TEST(ScoreMasks, ScaledInitialisationInstallRestoreAndFreeze) {
  Rng rng(3);
  auto model = nn::mlp({5, 8, 1}, "relu", rng);
  const Tensor w0 = model->named_parameters()[0].second.value().clone();
  ScoreMasks scores(*model, 0.5, Scope::PerLayer);
  ASSERT_EQ(scores.paths(), (std::vector<std::string>{"0.weight", "2.weight"}));
  double largest = 0.0;
  for (Index k = 0; k < w0.numel(); ++k) largest = std::max(largest, std::abs(w0.data()[k]));
  for (Index k = 0; k < w0.numel(); ++k) {
    EXPECT_NEAR(scores.scores()[0].value().data()[k], std::sqrt(6.0 / 5.0) * w0.data()[k] / largest, 1e-15);
  }
  // Per layer, the first mask is the magnitude mask.
  const auto magnitude = top_k_masks({w0}, 0.5, Scope::PerLayer);
  const auto first = scores.masks();
  for (Index k = 0; k < w0.numel(); ++k) EXPECT_EQ(first[0].data()[k], magnitude[0].data()[k]);
  scores.install();
  EXPECT_FALSE(model->named_parameters()[0].second.is_leaf());
  const Tensor x = rng.normal(Shape{4, 5});
  sum((*model)(Var(x))).backward();
  scores.restore();
  EXPECT_TRUE(model->named_parameters()[0].second.is_leaf());
  EXPECT_TRUE(scores.scores()[0].grad().defined());
  EXPECT_TRUE(scores.weights()[0].grad().defined());
  scores.freeze();
  for (Index k = 0; k < w0.numel(); ++k) {
    EXPECT_EQ(model->mask("0.weight").data()[k], first[0].data()[k]);
    EXPECT_EQ(model->named_parameters()[0].second.value().data()[k], w0.data()[k] * first[0].data()[k]);
  }
  // Globally the scores are the weights, so the first mask is the global magnitude mask.
  auto other = nn::mlp({5, 8, 1}, "relu", rng);
  ScoreMasks global(*other, 0.7, Scope::Global);
  const auto named = other->named_parameters();
  std::vector<Tensor> weights;
  for (std::size_t i = 0; i < global.paths().size(); ++i) {
    const Tensor& w = global.weights()[i].value();
    weights.push_back(w);
    for (Index k = 0; k < w.numel(); ++k) EXPECT_EQ(global.scores()[i].value().data()[k], w.data()[k]);
  }
  const auto global_magnitude = top_k_masks(weights, 0.7, Scope::Global);
  const auto global_first = global.masks();
  for (std::size_t i = 0; i < weights.size(); ++i) {
    for (Index k = 0; k < weights[i].numel(); ++k)
      EXPECT_EQ(global_first[i].data()[k], global_magnitude[i].data()[k]);
  }
  EXPECT_EQ(testing::error_message([&] { ScoreMasks(*model, 1.0, Scope::Global); }).substr(0, 28),
            "ScoreMasks(): sparsity 1 is ");
}

}  // namespace
}  // namespace parity::prune
