#include "optim/clip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "helpers.h"

namespace parity::optim {
namespace {

using testing::error_message;
using ::testing::HasSubstr;
using testing::set_gradient;

// Gradients (3, 4) and (12): total norm sqrt(9 + 16 + 144) = 13.
struct Params {
  Var a{Tensor(Shape{2}), true};
  Var b{Tensor(Shape{1}), true};
  Params() {
    set_gradient(a, Tensor(Shape{2}, {3.0, 4.0}));
    set_gradient(b, Tensor(Shape{1}, {12.0}));
  }
  std::vector<Var> list() const { return {a, b}; }
};

TEST(ClipGradNorm, ScalesAllGradientsByMaxNormOverTotalNorm) {
  Params p;
  EXPECT_DOUBLE_EQ(clip_grad_norm(p.list(), 6.5), 13.0);
  const double c = 6.5 / (13.0 + 1e-6);
  EXPECT_DOUBLE_EQ(p.a.grad().at({0}), 3.0 * c);
  EXPECT_DOUBLE_EQ(p.a.grad().at({1}), 4.0 * c);
  EXPECT_DOUBLE_EQ(p.b.grad().at({0}), 12.0 * c);
  // The clipped norm sits just below max_norm: 13 c = 6.5 (1 - 1e-6 / 13 + ...).
  EXPECT_LT(clip_grad_norm(p.list(), 1e9), 6.5);
  EXPECT_NEAR(clip_grad_norm(p.list(), 1e9), 6.5, 1e-6);
}

TEST(ClipGradNorm, LeavesGradientsBelowTheLimitUntouched) {
  Params p;
  EXPECT_DOUBLE_EQ(clip_grad_norm(p.list(), 20.0), 13.0);
  EXPECT_EQ(p.a.grad().at({0}), 3.0);
  EXPECT_EQ(p.a.grad().at({1}), 4.0);
  EXPECT_EQ(p.b.grad().at({0}), 12.0);
}

TEST(ClipGradNorm, AtExactlyMaxNormTheEpsilonStillScalesSlightly) {
  // c = 13 / (13 + 1e-6) < 1, as in PyTorch.
  Params p;
  clip_grad_norm(p.list(), 13.0);
  EXPECT_DOUBLE_EQ(p.b.grad().at({0}), 12.0 * 13.0 / (13.0 + 1e-6));
  EXPECT_LT(p.b.grad().at({0}), 12.0);
}

TEST(ClipGradNorm, SkipsParametersWithoutGradient) {
  Params p;
  Var c(Tensor(Shape{3}), true);
  EXPECT_DOUBLE_EQ(clip_grad_norm({p.a, c, p.b}, 100.0), 13.0);
  EXPECT_FALSE(c.grad().defined());
  EXPECT_EQ(clip_grad_norm({c}, 1.0), 0.0);
}

TEST(ClipGradNorm, HugeGradientsDoNotOverflowTheNorm) {
  // sum g^2 = 2.5e400 overflows float64; the norm itself, 5e200, does not.
  Var a(Tensor(Shape{2}), true);
  set_gradient(a, Tensor(Shape{2}, {3e200, 4e200}));
  EXPECT_DOUBLE_EQ(clip_grad_norm({a}, 1.0), 5e200);
  EXPECT_DOUBLE_EQ(a.grad().at({0}), 0.6);
  EXPECT_DOUBLE_EQ(a.grad().at({1}), 0.8);
}

TEST(ClipGradNorm, RejectsBadMaxNormAndNonFiniteGradients) {
  Params p;
  EXPECT_THAT(error_message([&] { clip_grad_norm(p.list(), 0.0); }),
              HasSubstr("clip_grad_norm(): max_norm must be > 0, got 0"));
  EXPECT_THAT(error_message([&] { clip_grad_norm(p.list(), -1.0); }), HasSubstr("got -1"));
  EXPECT_THAT(error_message([&] { clip_grad_norm(p.list(), NAN); }), HasSubstr("got nan"));
  set_gradient(p.b, Tensor(Shape{1}, {INFINITY}));
  EXPECT_THAT(
      error_message([&] { clip_grad_norm(p.list(), 1.0); }),
      HasSubstr("clip_grad_norm(): the gradient of parameter 1 holds a non-finite value (inf) at [0] of shape [1]"));
  EXPECT_EQ(p.a.grad().at({0}), 3.0);
  EXPECT_THAT(error_message([&] {
                clip_grad_norm({p.a, Var()}, 1.0);
              }),
              HasSubstr("clip_grad_norm(): parameter 1 is undefined"));
}

}  // namespace
}  // namespace parity::optim
