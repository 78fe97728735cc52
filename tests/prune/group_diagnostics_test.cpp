// Tests of prune/group_diagnostics.h on a linear three-class model with set weights and six
// samples in two groups: accuracy, loss and softmax margin per group by hand; the gradient norm
// against the gradient of the group's loss computed on its own; the Hessian eigenvalue equals the
// power iteration on the group's loss; max_samples bounds the Hessian to the first samples of
// each group; bad input.
#include "prune/group_diagnostics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "common/error_message.h"
#include "nn/classifier.h"
#include "nn/linear.h"
#include "nn/sequential.h"

namespace parity::prune {
namespace {

struct Bed {
  nn::Sequential model;
  data::Dataset data;
};

// Logits W x + b with W = [[1, 0], [0, 1], [-1, -1]], b = 0.
void build(Bed& s) {
  Rng rng(41);
  s.model.add(std::make_unique<nn::Linear>(2, 3, rng));
  s.model.set_parameter("0.weight", Var(Tensor(Shape{3, 2}, {1, 0, 0, 1, -1, -1}), true));
  s.model.set_parameter("0.bias", Var(Tensor(Shape{3}), true));
  s.data.X = Tensor(Shape{6, 2}, {2, 0, 0, 1, -1, -1, 1, 1, 0.5, 0, -2, 1});
  s.data.y = Tensor(Shape{6}, {0, 1, 2, 0, 1, 2});
  s.data.s = Tensor(Shape{6}, {0, 0, 0, 1, 1, 1});
  s.data.class_names = {"a", "b", "c"};
  s.data.group_names = {"g0", "g1"};
}

std::vector<double> softmax(double a, double b, double c) {
  const double t = std::exp(a) + std::exp(b) + std::exp(c);
  return {std::exp(a) / t, std::exp(b) / t, std::exp(c) / t};
}

TEST(GroupDiagnostics, ByHand) {
  Bed s;
  build(s);
  Rng rng(42);
  const GroupDiagnostics d = group_diagnostics(s.model, s.data, {.hessian = false}, rng);
  // Logits: (2,0,-2) (0,1,-1) (-1,-1,2) | (1,1,-2) (0.5,0,-0.5) (-2,1,1).
  // Predictions (lowest index on ties): 0 1 2 | 0 0 1; labels 0 1 2 | 0 1 2.
  EXPECT_DOUBLE_EQ(d.accuracy, 4.0 / 6.0);
  EXPECT_EQ(d.size, (std::vector<Index>{3, 3}));
  EXPECT_DOUBLE_EQ(d.accuracy_of[0], 1.0);
  EXPECT_DOUBLE_EQ(d.accuracy_of[1], 1.0 / 3.0);
  const std::vector<std::vector<double>> p{softmax(2, 0, -2), softmax(0, 1, -1), softmax(-1, -1, 2),
                                           softmax(1, 1, -2), softmax(0.5, 0, -0.5), softmax(-2, 1, 1)};
  const auto margin = [&](int i) {
    std::vector<double> q = p[static_cast<std::size_t>(i)];
    std::sort(q.begin(), q.end());
    return q[2] - q[1];
  };
  EXPECT_NEAR(d.margin[0], (margin(0) + margin(1) + margin(2)) / 3, 1e-15);
  EXPECT_NEAR(d.margin[1], (margin(3) + margin(4) + margin(5)) / 3, 1e-15);
  EXPECT_NEAR(d.loss[0], -(std::log(p[0][0]) + std::log(p[1][1]) + std::log(p[2][2])) / 3, 1e-15);
  EXPECT_NEAR(d.loss[1], -(std::log(p[3][0]) + std::log(p[4][1]) + std::log(p[5][2])) / 3, 1e-15);
  EXPECT_TRUE(d.hessian.empty());
}

TEST(GroupDiagnostics, GradientNormAndHessianOfTheGroupsLoss) {
  Bed s;
  build(s);
  Rng rng(43);
  const GroupDiagnostics d = group_diagnostics(s.model, s.data, {.power = {.max_iterations = 300, .tolerance = 1e-10}}, rng);
  Rng replay(43);
  for (Index g = 0; g < 2; ++g) {
    const std::vector<Index> rows{3 * g, 3 * g + 1, 3 * g + 2};
    const data::Dataset part = s.data.subset(rows);
    const Var loss = mean(nn::classifier_losses(s.model(Var(part.X)), part.y));
    double squares = 0.0;
    for (const Tensor& t : gradient(loss, s.model.parameters())) {
      for (double v : t) squares += v * v;
    }
    EXPECT_NEAR(d.gradient_norm[static_cast<std::size_t>(g)], std::sqrt(squares), 1e-14);
    const PowerIterationResult top =
        top_hessian_eigenvalue(loss, s.model.parameters(), {.max_iterations = 300, .tolerance = 1e-10}, replay);
    EXPECT_EQ(d.hessian[static_cast<std::size_t>(g)], top.eigenvalue);
    EXPECT_GT(top.eigenvalue, 0.0);  // softmax cross-entropy of an affine model is convex
  }
}

TEST(GroupDiagnostics, MaxSamplesBoundsTheHessianToTheFirstOfEachGroup) {
  Bed s;
  build(s);
  Rng rng(44);
  const PowerIterationOptions power{.max_iterations = 300, .tolerance = 1e-10};
  const GroupDiagnostics d = group_diagnostics(s.model, s.data, {.power = power, .max_samples = 1}, rng);
  const GroupDiagnostics all = group_diagnostics(s.model, s.data, {.power = power}, rng);
  EXPECT_EQ(d.loss, all.loss);  // the loss and its gradient use every sample
  EXPECT_EQ(d.gradient_norm, all.gradient_norm);
  Rng replay(44);
  for (Index first : {0, 3}) {
    const data::Dataset one = s.data.subset(std::vector<Index>{first});
    const Var loss = mean(nn::classifier_losses(s.model(Var(one.X)), one.y));
    EXPECT_EQ(d.hessian[static_cast<std::size_t>(first / 3)],
              top_hessian_eigenvalue(loss, s.model.parameters(), power, replay).eigenvalue);
  }
}

TEST(GroupDiagnostics, BadInput) {
  Bed s;
  build(s);
  Rng rng(45);
  data::Dataset missing = s.data;
  missing.group_names = {"g0", "g1", "g2"};
  EXPECT_EQ(testing::error_message([&] { group_diagnostics(s.model, missing, {}, rng); }),
            "group_diagnostics(): group 2 (g2) has no samples");
  EXPECT_EQ(testing::error_message([&] { group_diagnostics(s.model, s.data, {.max_samples = -1}, rng); }),
            "group_diagnostics(): max_samples must be >= 0, got -1");
  Rng other(46);
  nn::Sequential binary;
  binary.add(std::make_unique<nn::Linear>(2, 1, other));
  data::Dataset two = s.data;
  two.y = Tensor(Shape{6}, {0, 1, 1, 0, 1, 0});
  two.class_names = {"a", "b"};
  EXPECT_EQ(testing::error_message([&] { group_diagnostics(binary, two, {}, rng); }),
            "group_diagnostics(): the model's outputs must be [n, C] with C >= 2, got [6,1]");
}

}  // namespace
}  // namespace parity::prune
