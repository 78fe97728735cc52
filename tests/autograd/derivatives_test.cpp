// Known Hessians and the per-sample input Hessians of batched losses.
#include "autograd/derivatives.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "tensor/blas.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/creation.h"
#include "tensor/random.h"
#include "tensor/scalar_math.h"
#include "tensor/shape_ops.h"

namespace parity {
namespace {

using ::testing::HasSubstr;

void expect_all_near(const Tensor& actual, const Tensor& expected, double tol) {
  ASSERT_EQ(actual.shape(), expected.shape());
  for (Index i = 0; i < actual.numel(); ++i) {
    EXPECT_NEAR(actual.data()[i], expected.data()[i], tol * std::max(1.0, std::abs(expected.data()[i]))) << "at " << i;
  }
}

// Chunks change the row count of BLAS calls, and OpenBLAS's dgemm may round a row
// differently depending on its position relative to the matrix edge and to the thread
// partition; results then agree to a few units in the last place, not bitwise.
void expect_equal_to_rounding(const Tensor& a, const Tensor& b) {
  ASSERT_EQ(a.shape(), b.shape());
  double scale = 0.0;
  for (double v : b) scale = std::max(scale, std::abs(v));
  for (Index i = 0; i < a.numel(); ++i) {
    ASSERT_LE(std::abs(a.data()[i] - b.data()[i]), 8 * std::numeric_limits<double>::epsilon() * scale) << "at " << i;
  }
}

TEST(Derivatives, QuadraticFormHessianIsTheMatrix) {
  // f(x) = 1/2 x^T A x with symmetric A: grad = A x, H = A.
  Rng rng(11);
  const Tensor m = rng.normal(Shape{5, 5});
  const Tensor a = add(m, transpose(m));
  const Var a_const(a);
  const Function f = [&](const Var& x) {
    return scale(sum(mul(reshape(x, Shape{1, 5}), transpose(matmul(a_const, reshape(x, Shape{5, 1}))))), 0.5);
  };
  const Tensor x = rng.normal(Shape{5});
  expect_all_near(hessian(f, x), a, 1e-14);
  expect_all_near(gradient(f, x), matmul(a, x.reshape(Shape{5, 1})).reshape(Shape{5}), 1e-13);
}

Var rosenbrock(const Var& x) {
  // sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
  const Index n = x.shape()[0];
  Var head = slice_rows(x, 0, n - 1);
  Var tail = slice_rows(x, 1, n);
  return sum(scale(square(tail - square(head)), 100.0) + square(1.0 - head));
}

TEST(Derivatives, RosenbrockAtTheMinimumAndAnotherPoint) {
  // At (1, 1): grad 0, H = [[802, -400], [-400, 200]].
  const Tensor minimum(Shape{2}, {1.0, 1.0});
  expect_all_near(gradient(rosenbrock, minimum), Tensor(Shape{2}), 1e-14);
  expect_all_near(hessian(rosenbrock, minimum), Tensor(Shape{2, 2}, {802, -400, -400, 200}), 1e-14);
  // At (x, y): H = [[1200x^2 - 400y + 2, -400x], [-400x, 200]].
  const double x = -1.2;
  const double y = 1.0;
  expect_all_near(hessian(rosenbrock, Tensor(Shape{2}, {x, y})),
                  Tensor(Shape{2, 2}, {1200 * x * x - 400 * y + 2, -400 * x, -400 * x, 200}), 1e-14);
  // Three dimensions: H is tridiagonal; entry (1,1) = 202 + 1200 x1^2 - 400 x2.
  const Tensor p(Shape{3}, {0.5, -0.3, 0.8});
  const Tensor h = hessian(rosenbrock, p);
  EXPECT_NEAR(h.at({1, 1}), 202 + 1200 * 0.09 - 400 * 0.8, 1e-12);
  EXPECT_EQ(h.at({0, 2}), 0.0);
}

TEST(Derivatives, LogisticLossInputHessianHasClosedForm) {
  // l(x) = softplus(w.x + b) - y (w.x + b): grad = (s - y) w, H = s (1 - s) w w^T, s = sigmoid(w.x + b).
  Rng rng(5);
  const Index batch = 7;
  const Index d = 4;
  const Tensor w = rng.normal(Shape{d, 1});
  const double b = 0.3;
  const Tensor X = rng.normal(Shape{batch, d});
  const Tensor y = rng.bernoulli(Shape{batch, 1}, 0.5);
  const Var w_var(w, true);
  const Function losses = [&](const Var& x) {
    return reshape(bce_with_logits(matmul(x, w_var) + b, y), Shape{batch});
  };
  const InputHessians h = input_hessians(losses, X);
  for (Index i = 0; i < batch; ++i) {
    double z = b;
    for (Index j = 0; j < d; ++j) z += X.at({i, j}) * w.at({j, 0});
    const double s = scalar::sigmoid(z);
    EXPECT_NEAR(h.loss.at({i}), scalar::softplus(z) - y.at({i, 0}) * z, 1e-14);
    for (Index j = 0; j < d; ++j) {
      EXPECT_NEAR(h.gradient.at({i, j}), (s - y.at({i, 0})) * w.at({j, 0}), 1e-14);
      for (Index k = 0; k < d; ++k) {
        EXPECT_NEAR(h.hessian.at({i, j, k}), s * (1 - s) * w.at({j, 0}) * w.at({k, 0}), 1e-14);
      }
    }
  }
}

struct Mlp {
  Var w1, b1, w2, b2;
  Var operator()(const Var& x) const { return matmul(tanh(matmul(x, w1) + b1), w2) + b2; }
};

Mlp random_mlp(Rng& rng, Index d, Index width) {
  return {Var(rng.normal(Shape{d, width}, 0.0, 0.7), true), Var(rng.normal(Shape{width}), true),
          Var(rng.normal(Shape{width, 1}, 0.0, 0.5), true), Var(rng.normal(Shape{1}), true)};
}

TEST(Derivatives, MlpInputHessiansMatchAPerSampleLoopOfHessian) {
  Rng rng(9);
  const Index batch = 6;
  const Index d = 3;
  const Mlp mlp = random_mlp(rng, d, 5);
  const Tensor X = rng.normal(Shape{batch, d});
  const Tensor y = rng.bernoulli(Shape{batch, 1}, 0.5);
  const Function losses = [&](const Var& x) { return reshape(bce_with_logits(mlp(x), y), Shape{batch}); };
  const InputHessians h = input_hessians(losses, X);
  for (Index i = 0; i < batch; ++i) {
    const Tensor target = slice_rows(y, i, i + 1);
    const Function one = [&](const Var& x) { return sum(bce_with_logits(mlp(reshape(x, Shape{1, d})), target)); };
    const Tensor xi = slice_rows(X, i, i + 1).reshape(Shape{d});
    expect_all_near(slice_rows(h.hessian, i, i + 1).reshape(Shape{d, d}), hessian(one, xi), 1e-13);
    expect_all_near(slice_rows(h.gradient, i, i + 1).reshape(Shape{d}), gradient(one, xi), 1e-13);
  }
}

TEST(Derivatives, InputHessiansMatchFiniteDifferencesOfTheGradientWithFewAndManyRows) {
  // The last layer writes the Hessians in place per direction (d <= B) or per sample (d > B);
  // both against central differences of each sample's AD gradient, and symmetric.
  Rng rng(23);
  for (const auto& [batch, d] : {std::pair<Index, Index>{9, 4}, std::pair<Index, Index>{3, 7}}) {
    const Mlp mlp = random_mlp(rng, d, 6);
    const Tensor X = rng.normal(Shape{batch, d});
    const Tensor y = rng.bernoulli(Shape{batch, 1}, 0.5);
    const Function losses = [&](const Var& x) { return reshape(bce_with_logits(mlp(x), y), Shape{batch}); };
    const InputHessians h = input_hessians(losses, X);
    const double step = 1e-5;
    for (Index i = 0; i < batch; ++i) {
      const Tensor target = slice_rows(y, i, i + 1);
      const Function one = [&](const Var& x) { return sum(bce_with_logits(mlp(reshape(x, Shape{1, d})), target)); };
      const Tensor xi = slice_rows(X, i, i + 1).reshape(Shape{d});
      for (Index k = 0; k < d; ++k) {
        Tensor plus = xi.clone();
        Tensor minus = xi.clone();
        plus.data()[k] += step;
        minus.data()[k] -= step;
        const Tensor g_plus = gradient(one, plus);
        const Tensor g_minus = gradient(one, minus);
        for (Index j = 0; j < d; ++j) {
          const double difference = (g_plus.data()[j] - g_minus.data()[j]) / (2 * step);
          EXPECT_NEAR(h.hessian.at({i, k, j}), difference, 1e-7) << batch << "x" << d << " sample " << i;
          EXPECT_NEAR(h.hessian.at({i, k, j}), h.hessian.at({i, j, k}), 1e-12);
        }
      }
    }
  }
}

TEST(Derivatives, ChunkedInputHessiansAgreeToRounding) {
  Rng rng(21);
  const Index batch = 10;
  const Index d = 5;
  const Mlp mlp = random_mlp(rng, d, 8);
  const Tensor X = rng.normal(Shape{batch, d});
  const Tensor y = rng.bernoulli(Shape{batch, 1}, 0.5);
  // Blocks of rows see their own rows of the labels.
  const SampleLoss losses(
      [&](const Var& x, const Tensor& labels) { return reshape(bce_with_logits(mlp(x), labels), Shape{x.shape()[0]}); },
      y);
  const InputHessians whole = input_hessians(losses, X);
  for (const InputHessianOptions options :
       {InputHessianOptions{.max_directions = 2}, InputHessianOptions{.max_samples = 3},
        InputHessianOptions{.max_directions = 1, .max_samples = 4}, InputHessianOptions{.tangent_bytes = 1000}}) {
    const InputHessians chunked = input_hessians(losses, X, options);
    expect_equal_to_rounding(chunked.loss, whole.loss);
    expect_equal_to_rounding(chunked.gradient, whole.gradient);
    expect_equal_to_rounding(chunked.hessian, whole.hessian);
  }
}

TEST(Derivatives, HvpWithManyDirectionsEqualsOneAtATime) {
  Rng rng(4);
  const Mlp mlp = random_mlp(rng, 3, 4);
  const Function f = [&](const Var& x) { return sum(softplus(mlp(reshape(x, Shape{2, 3})))); };
  const Tensor x = rng.normal(Shape{6});
  const Tensor directions = rng.normal(Shape{4, 6});
  const Tensor together = hvp(f, x, directions);
  for (Index k = 0; k < 4; ++k) {
    const Tensor one = hvp(f, x, slice_rows(directions, k, k + 1).reshape(Shape{6}));
    expect_all_near(slice_rows(together, k, k + 1).reshape(Shape{6}), one, 1e-15);
  }
}

TEST(Derivatives, JvpOfAVectorFunction) {
  // f(x) = exp(x) elementwise: J = diag(exp(x)).
  const Tensor x(Shape{2}, {0.0, 1.0});
  const Tensor v(Shape{2}, {2.0, 3.0});
  const Function f = [](const Var& in) { return exp(in); };
  expect_all_near(jvp(f, x, v), Tensor(Shape{2}, {2.0, 3.0 * std::exp(1.0)}), 1e-15);
}

TEST(Derivatives, ConstantFunctionHasZeroDerivatives) {
  const Function f = [](const Var&) { return Var(Tensor::scalar(2.0)); };
  const Tensor x(Shape{2}, {1.0, 2.0});
  expect_all_near(gradient(f, x), Tensor(Shape{2}), 0.0);
  expect_all_near(hessian(f, x), Tensor(Shape{2, 2}), 0.0);
}

using ::parity::testing::error_message;

TEST(Derivatives, BadInputGetsClearErrors) {
  const Function f = [](const Var& x) { return sum(square(x)); };
  const Tensor x(Shape{3}, {1.0, 2.0, 3.0});
  EXPECT_EQ(error_message([&] { hvp(f, x, Tensor(Shape{2, 2})); }),
            "hvp(): directions of shape [2,2] for x of shape [3], expected [3] or [K] + [3]");
  EXPECT_EQ(error_message([&] { gradient([](const Var& v) { return exp(v); }, x); }),
            "gradient(): the function must return a scalar, got shape [3]");
  EXPECT_THAT(error_message([&] { gradient(f, Tensor(Shape{1}, {std::nan("")})); }),
              HasSubstr("gradient(): x holds a non-finite value (nan) at [0] of shape [1]"));
  EXPECT_EQ(error_message([&] { input_hessians(f, Tensor(Shape{4, 2})); }),
            "input_hessians(): per-sample losses must have shape [4], got []");
  EXPECT_EQ(error_message([&] { input_hessians(f, Tensor(Shape{4})); }),
            "input_hessians(): X must be [B, ...] with rank >= 2, got [4]");
  EXPECT_EQ(error_message([&] { input_hessians(f, Tensor(Shape{4, 2}), {.max_samples = 2, .threads = 0}); }),
            "input_hessians(): threads must be >= 1, got 0");
}

}  // namespace
}  // namespace parity
