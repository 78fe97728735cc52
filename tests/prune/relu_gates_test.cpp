// Tests of prune/relu_gates.h: counting the ReLU locations; binarisation to an exact budget with
// the largest gates kept and ties in forward order; the layer cull; gate_l1 and its gradient
// against central differences; a gated MLP with every gate 1 equals the ReLU MLP of the same
// draws, and with every gate 0 the product of its layers' affine maps to 1e-12; bad input.
#include "prune/relu_gates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "common/gradcheck.h"
#include "nn/linear.h"
#include "tensor/blas.h"
#include "tensor/creation.h"

namespace parity::prune {
namespace {

std::unique_ptr<nn::Sequential> small_model(std::uint64_t seed) {
  Rng rng(seed);
  return gated_mlp({3, 4, 3, 2}, rng);
}

std::vector<double> all_gates(const nn::Module& model) {
  std::vector<double> out;
  for (const nn::GatedReLU* g : gated_relus(model)) {
    const Tensor a = g->gates();
    out.insert(out.end(), a.begin(), a.end());
  }
  return out;
}

TEST(ReluGates, CountsLocationsAndActiveGates) {
  auto model = small_model(1);
  EXPECT_EQ(relu_locations(*model), 7);
  EXPECT_EQ(relu_count(*model), 7);
  make_gates_trainable(*model);
  gated_relus(*model)[0]->set_gates(Tensor(Shape{4}, {0.5, 0.005, -0.2, 0.011}));
  EXPECT_EQ(relu_count(*model), 2 + 3);
}

// Gates 0.9 0.1 0.5 0.3 | 0.5 0.2 0.95, binarised to `budget`.
std::vector<double> binarised_gates(Index budget) {
  auto model = small_model(2);
  make_gates_trainable(*model);
  gated_relus(*model)[0]->set_gates(Tensor(Shape{4}, {0.9, 0.1, 0.5, 0.3}));
  gated_relus(*model)[1]->set_gates(Tensor(Shape{3}, {0.5, 0.2, 0.95}));
  binarise_to_budget(*model, budget);
  for (const nn::GatedReLU* g : gated_relus(*model)) EXPECT_FALSE(g->is_trainable());
  EXPECT_EQ(relu_count(*model), budget);
  return all_gates(*model);
}

TEST(ReluGates, BinarisesToExactlyTheBudgetKeepingTheLargestGates) {
  for (Index budget = 0; budget <= 7; ++budget) {
    const std::vector<double> gates = binarised_gates(budget);
    EXPECT_EQ(std::count(gates.begin(), gates.end(), 1.0), budget);
    EXPECT_EQ(std::count(gates.begin(), gates.end(), 0.0), 7 - budget);
  }
  // 0.95 and 0.9, then of the tie 0.5 / 0.5 the unit of the first layer.
  EXPECT_EQ(binarised_gates(3), (std::vector<double>{1, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(binarised_gates(4), (std::vector<double>{1, 0, 1, 0, 1, 0, 1}));
}

TEST(ReluGates, CullRemovesTheLastLayersReLUs) {
  auto model = small_model(3);
  EXPECT_EQ(cull_count(*model, 0), 7);
  EXPECT_EQ(cull_count(*model, 1), 4);
  EXPECT_EQ(cull_count(*model, 2), 0);
  cull_last_layers(*model, 1);
  EXPECT_EQ(all_gates(*model), (std::vector<double>{1, 1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(relu_count(*model), 4);
}

TEST(ReluGates, GateL1AndItsGradient) {
  auto model = small_model(4);
  EXPECT_EQ(gate_l1(*model).value().item(), 0.0);  // frozen gates are constants
  make_gates_trainable(*model);
  gated_relus(*model)[1]->set_gates(Tensor(Shape{3}, {-0.5, 0.25, 2.0}));
  EXPECT_NEAR(gate_l1(*model).value().item(), 4.0 + 0.5 + 0.25 + 2.0, 1e-15);
  const Tensor a(Shape{3}, {-0.5, 0.25, 2.0});
  testing::expect_derivatives_match(
      "gate_l1", {a},
      [&](const std::vector<Var>& x) {
        model->set_parameter("3.gate", x[0]);
        return gate_l1(*model);
      },
      7);
}

TEST(ReluGates, AllOnesIsTheReluMlpAndAllZerosTheProductOfAffineMaps) {
  Rng a(5), b(5);
  auto gated = gated_mlp({3, 6, 5, 2}, a);
  auto plain = nn::mlp({3, 6, 5, 2}, "relu", b);
  Rng rng(6);
  const Tensor X = rng.normal(Shape{10, 3});
  const Tensor yg = (*gated)(Var(X)).value();
  const Tensor yp = (*plain)(Var(X)).value();
  for (Index i = 0; i < yg.numel(); ++i) EXPECT_EQ(yg.data()[i], yp.data()[i]);

  binarise_to_budget(*gated, 0);
  // W3 (W2 (W1 x + b1) + b2) + b3 = A x + c with A = W3 W2 W1, c = W3 (W2 b1 + b2) + b3.
  const auto params = gated->parameters();
  const Tensor& W1 = params[0].value();
  const Tensor& b1 = params[1].value();
  const Tensor& W2 = params[2].value();
  const Tensor& b2 = params[3].value();
  const Tensor& W3 = params[4].value();
  const Tensor& b3 = params[5].value();
  const Tensor A = matmul(W3, matmul(W2, W1));
  const Tensor c1 = matmul(W2, b1.reshape({6, 1})).reshape({5});
  Tensor c2 = c1.clone();
  c2.add_(b2);
  Tensor c = matmul(W3, c2.reshape({5, 1})).reshape({2});
  c.add_(b3);
  const Tensor y = (*gated)(Var(X)).value();
  for (Index i = 0; i < 10; ++i) {
    for (Index k = 0; k < 2; ++k) {
      double expected = c.at({k});
      for (Index j = 0; j < 3; ++j) expected += A.at({k, j}) * X.at({i, j});
      EXPECT_NEAR(y.at({i, k}), expected, 1e-12 * std::max(1.0, std::abs(expected)));
    }
  }
}

TEST(ReluGates, BadInput) {
  auto model = small_model(8);
  EXPECT_EQ(testing::error_message([&] { binarise_to_budget(*model, 8); }),
            "binarise_to_budget(): budget must be in [0, 7] (the model's ReLU locations), got 8");
  EXPECT_EQ(testing::error_message([&] { cull_last_layers(*model, 3); }),
            "cull_last_layers(): k must be in [0, 2] (the model's GatedReLU layers), got 3");
  Rng rng(9);
  auto plain = nn::mlp({2, 3, 1}, "relu", rng);
  EXPECT_EQ(testing::error_message([&] { relu_locations(*plain); }),
            "relu_locations(): the model has no GatedReLU layer, so no ReLU to linearise");
  EXPECT_EQ(testing::error_message([&] { gated_mlp({3}, rng); }),
            "gated_mlp(): need at least input and output widths, got 1 widths");
}

}  // namespace
}  // namespace parity::prune
