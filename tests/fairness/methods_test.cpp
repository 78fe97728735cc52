// Each method's primal objective and dual update over two steps, on batch terms made of leaves
// (the losses l_i and the surrogate means m_a, m_b), with the numbers worked out in the comments.
// d J / d m_a and d J / d m_b are the weights the objective puts on the group means.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "autograd/functional.h"
#include "fairness/datasets.h"
#include "fairness/fairalm.h"
#include "fairness/lagrangian.h"
#include "fairness/penalties.h"

namespace parity::fairness {
namespace {

using testing::column;

// One constraint on a batch of two samples (y = 1, 0; s = 0, 1) with losses (0.2, 0.6), f = 0.4.
struct Terms {
  Var losses{column({0.2, 0.6}), true};
  Var m_a;
  Var m_b;
  BatchTerms terms;

  Terms(double ma, double mb, double sign = 1.0, double hard = 0.0)
      : m_a(Tensor::scalar(ma), true), m_b(Tensor::scalar(mb), true) {
    terms.losses = losses;
    terms.y = column({1, 0});
    terms.s = column({0, 1});
    terms.constraints.push_back(ConstraintTerm{m_a, m_b, sign, scale(m_a - m_b, sign), hard});
  }
  /// J, d J / d m_a, d J / d m_b.
  std::array<double, 3> objective(Method& method) {
    const Var j = method.objective(terms);
    j.backward();
    return {j.value().item(), m_a.grad().item(), m_b.grad().item()};
  }
};

data::Dataset two_group_data(std::vector<double> y, std::vector<double> s) {
  data::Dataset d;
  d.X = Tensor(Shape{static_cast<Index>(y.size()), 1});
  d.y = column(y);
  d.s = column(s);
  d.class_names = {"0", "1"};
  d.group_names = {"a", "b"};
  return d;
}

ConstraintSet one_constraint(double slack = 0.0) {
  return make_constraints({.kind = ConstraintKind::EqualOpportunity, .slack = slack}, 2);
}

Measure never_called() {
  return []() -> BatchTerms { throw std::logic_error("measure() must not be called"); };
}

Measure measured(double ma, double mb, double sign = 1.0) {
  return [=] { return Terms(ma, mb, sign).terms; };
}

TEST(FairAlmMethod, TwoStepsOfAlgorithm2) {
  FairAlm method({.eta = 0.5});
  const data::Dataset train = two_group_data({1, 0}, {0, 1});
  method.start(one_constraint(), train);
  // Step 1, lambda = 0: J = f + lambda c + eta (m_a + m_b) = 0.4 + 0 + 0.5 (0.9 + 0.5) = 1.1;
  // weights (lambda + eta, -(lambda - eta)) = (0.5, 0.5).
  Terms t1(0.9, 0.5);
  EXPECT_EQ(t1.objective(method), (std::array<double, 3>{0.4 + 0.7, 0.5, 0.5}));
  // The dual step reads c after the primal step (measured: 0.7 - 0.3 = 0.4), not before (0.4):
  // lambda = 0 + 0.5 * 0.4 = 0.2.
  method.update(t1.terms, measured(0.7, 0.3));
  EXPECT_NEAR(method.multipliers()[0], 0.2, 1e-15);
  // Step 2: weights (0.2 + 0.5, -(0.2 - 0.5)) = (0.7, 0.3); J = 0.4 + 0.2 * 0.4 + 0.5 * 1.4 = 1.18.
  Terms t2(0.9, 0.5);
  const auto [j2, ga2, gb2] = t2.objective(method);
  EXPECT_NEAR(j2, 1.18, 1e-15);
  EXPECT_NEAR(ga2, 0.7, 1e-15);
  EXPECT_NEAR(gb2, 0.3, 1e-15);
  // c after = 0.4 - 0.6 = -0.2: lambda = 0.2 - 0.1 = 0.1.
  method.update(t2.terms, measured(0.4, 0.6));
  EXPECT_NEAR(method.multipliers()[0], 0.1, 1e-15);
  // A complement surrogate (sign -1, c = -(m_a - m_b)): weights (-lambda + eta, lambda + eta) = (0.4, 0.6).
  Terms t3(0.9, 0.5, -1.0);
  const auto [j3, ga3, gb3] = t3.objective(method);
  EXPECT_NEAR(ga3, 0.4, 1e-15);
  EXPECT_NEAR(gb3, 0.6, 1e-15);
  EXPECT_EQ(method.multiplier_names(), (std::vector<std::string>{"lambda[tpr[0]-tpr[1]]"}));
}

TEST(FairAlmMethod, SlackSoftThresholdsTheDualStep) {
  FairAlm method({.eta = 0.5});
  method.start(one_constraint(0.3), two_group_data({1, 0}, {0, 1}));
  // lambda = S_{eta eps}(lambda + eta c) with eta eps = 0.15: c = 0.4 gives S(0.2) = 0.05;
  method.update(Terms(0.9, 0.5).terms, measured(0.9, 0.5));
  EXPECT_NEAR(method.multipliers()[0], 0.05, 1e-15);
  // c = -0.1 gives S(0.05 - 0.05) = 0; c = -0.5 gives S(-0.25) = -0.1.
  method.update(Terms(0.9, 0.5).terms, measured(0.4, 0.5));
  EXPECT_EQ(method.multipliers()[0], 0.0);
  method.update(Terms(0.9, 0.5).terms, measured(0.0, 0.5));
  EXPECT_NEAR(method.multipliers()[0], -0.1, 1e-15);
}

TEST(FairAlmMethod, SkippedConstraintKeepsItsMultiplier) {
  FairAlm method({.eta = 0.5});
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  BatchTerms empty = Terms(0.9, 0.5).terms;
  empty.constraints[0].reset();
  EXPECT_NEAR(method.objective(empty).value().item(), 0.4, 1e-15);  // f alone
  method.update(empty, never_called());
  EXPECT_EQ(method.multipliers()[0], 0.0);
}

// research/fairness.md sec. 1.2, line by line, with eta_0 = 1 and d = m_a - m_b = 0.4.
TEST(FairAlmReleasedMethod, TwoStepsOfTheReleasedCode) {
  FairAlmReleased method({.eta = 1.0});
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  EXPECT_EQ(method.inner_steps(), 5);
  method.begin_epoch(1);  // eta = 1.01 at the start of the first epoch
  EXPECT_DOUBLE_EQ(method.eta(), 1.01);
  // Step 1, lam0 = lam1 = 0: weights eta/4 +- (lam0 - lam1)/2 = (0.2525, 0.2525).
  Terms t1(0.9, 0.5);
  const auto [j1, ga1, gb1] = t1.objective(method);
  EXPECT_NEAR(j1, 0.4 + 0.2525 * 1.4, 1e-15);
  EXPECT_NEAR(ga1, 0.2525, 1e-15);
  EXPECT_NEAR(gb1, 0.2525, 1e-15);
  // d from the terms given (before the last inner step); measure() is not used:
  //   lam0 = (0 - 0)/2 + 1.01 * 0.4 / 2 = 0.202
  //   lam1 = (0 - 0.202)/2 - 0.202 = -0.303            Lambda = 0.505 = 1.25 eta d
  method.update(t1.terms, never_called());
  EXPECT_NEAR(method.multipliers()[0], 0.202, 1e-15);
  EXPECT_NEAR(method.multipliers()[1], -0.303, 1e-15);
  // Step 2: weights 0.2525 +- 0.505/2 = (0.505, 0).
  Terms t2(0.9, 0.5);
  const auto [j2, ga2, gb2] = t2.objective(method);
  EXPECT_NEAR(ga2, 0.505, 1e-15);
  EXPECT_NEAR(gb2, 0.0, 1e-15);
  //   lam0 = (0.202 + 0.303)/2 + 0.202 = 0.4545
  //   lam1 = (-0.303 - 0.4545)/2 - 0.202 = -0.58075    Lambda = 1.03525 (+0.53025 = 1.3125 eta d)
  method.update(t2.terms, never_called());
  EXPECT_NEAR(method.multipliers()[0], 0.4545, 1e-15);
  EXPECT_NEAR(method.multipliers()[1], -0.58075, 1e-15);
  EXPECT_EQ(method.multiplier_names(),
            (std::vector<std::string>{"lam0[tpr[0]-tpr[1]]", "lam1[tpr[0]-tpr[1]]"}));
}

// [lam0, lam1] <- M [lam0, lam1] + eta d [1/2, -3/4], M = [[1/2, -1/2], [-1/4, 3/4]]: the
// increment of Lambda = lam0 - lam1 is 5/4 eta d at the first step and 4/3 eta d - (1/12)(1/4)^(k-1)
// eta d at step k, tending to 4/3 eta d, while lam0 + lam1 settles (lam0 ~ -lam1).
TEST(FairAlmReleasedMethod, EffectiveDualStepIsFourThirds) {
  FairAlmReleased method({.eta = 0.5, .eta_growth = 1.0});
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  const double eta_d = 0.5 * 0.4;
  double previous = 0.0;
  for (int k = 1; k <= 30; ++k) {
    method.update(Terms(0.9, 0.5).terms, never_called());
    const double lambda = method.multipliers()[0] - method.multipliers()[1];
    const double expected = 4.0 / 3.0 - std::pow(0.25, k - 1) / 12.0;
    EXPECT_NEAR((lambda - previous) / eta_d, expected, 1e-12) << "step " << k;
    previous = lambda;
  }
  EXPECT_NEAR(method.multipliers()[0] + method.multipliers()[1], -eta_d / 3.0, 1e-12);
  method.begin_epoch(1);
  EXPECT_EQ(method.eta(), 0.5);  // eta_growth 1: constant
}

TEST(FairAlmReleasedMethod, RejectsSlack) {
  FairAlmReleased method;
  EXPECT_EQ(testing::error_message([&] { method.start(one_constraint(0.1), two_group_data({1, 0}, {0, 1})); }),
            "fairalm-released: the released code treats equalities, but constraint tpr[0]-tpr[1] has slack 0.1 "
            "(use fairalm, whose dual step handles a slack)");
}

TEST(PenaltyMethods, UnconstrainedIsTheMeanLoss) {
  Unconstrained method;
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  Terms t(0.9, 0.5);
  const Var j = method.objective(t.terms);
  j.backward();
  EXPECT_NEAR(j.value().item(), 0.4, 1e-15);
  EXPECT_FALSE(t.m_a.grad().defined());
  EXPECT_TRUE(method.multipliers().empty());
}

TEST(PenaltyMethods, L2PenaltyWithAndWithoutSlack) {
  L2Penalty method({.eta = 2.0});
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  // c = 0.4: J = 0.4 + (2/2) 0.16 = 0.56; d J / d m_a = eta c = 0.8, d J / d m_b = -0.8.
  Terms t1(0.9, 0.5);
  const auto [j1, ga1, gb1] = t1.objective(method);
  EXPECT_NEAR(j1, 0.56, 1e-15);
  EXPECT_NEAR(ga1, 0.8, 1e-15);
  EXPECT_NEAR(gb1, -0.8, 1e-15);
  // Sign -1: c = -0.4, d J / d m_a = eta c (-1) = 0.8 again (c^2 does not see the sign).
  Terms t2(0.9, 0.5, -1.0);
  EXPECT_NEAR(t2.objective(method)[1], 0.8, 1e-15);

  L2Penalty slack({.eta = 2.0});
  slack.start(one_constraint(0.3), two_group_data({1, 0}, {0, 1}));
  // c = 0.4, eps = 0.3: J = 0.4 + (0.1)^2 = 0.41, d J / d m_a = 2 * 0.1 = 0.2;
  Terms t3(0.9, 0.5);
  const auto [j3, ga3, gb3] = t3.objective(slack);
  EXPECT_NEAR(j3, 0.41, 1e-15);
  EXPECT_NEAR(ga3, 0.2, 1e-15);
  // c = -0.1 is within the slack: no penalty, no gradient through m.
  Terms t4(0.4, 0.5);
  const auto [j4, ga4, gb4] = t4.objective(slack);
  EXPECT_NEAR(j4, 0.4, 1e-15);
  EXPECT_EQ(ga4, 0.0);
}

// Training cells (y, s): (1, 0) x3, (0, 0) x1, (1, 1) x1, (0, 1) x3; n = 8, n_s = n_y = 4.
// w_{y,s} = n_s n_y / (n n_{y,s}): w_{1,0} = 16/24 = 2/3, w_{0,0} = 16/8 = 2, w_{1,1} = 2, w_{0,1} = 2/3.
TEST(PenaltyMethods, ReweighingUsesKamiranCaldersWeights) {
  Reweighing method;
  method.start(one_constraint(), two_group_data({1, 1, 1, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 1, 1, 1}));
  const auto& w = method.weights();
  EXPECT_NEAR(w[1][0], 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(w[0][0], 2.0, 1e-15);
  EXPECT_NEAR(w[1][1], 2.0, 1e-15);
  EXPECT_NEAR(w[0][1], 2.0 / 3.0, 1e-15);
  // Batch (y, s) = (1, 0), (0, 1) with losses (0.2, 0.6): J = (2/3 * 0.2 + 2/3 * 0.6) / 2 = 4/15,
  // d J / d l = (w_{1,0}, w_{0,1}) / 2 = (1/3, 1/3).
  Terms t(0.9, 0.5);
  const Var j = method.objective(t.terms);
  j.backward();
  EXPECT_NEAR(j.value().item(), 4.0 / 15.0, 1e-15);
  EXPECT_NEAR(t.losses.grad().data()[0], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(t.losses.grad().data()[1], 1.0 / 3.0, 1e-15);
}

TEST(LagrangianMethod, TwoStepsOfProjectedDescentAscent) {
  Lagrangian method({.eta = 0.5});
  method.start(one_constraint(0.1), two_group_data({1, 0}, {0, 1}));
  // Step 1, lambda = (0, 0): J = f, no weight on m. Dual at the same point (c = 0.4, simultaneous):
  //   lambda_+ = max(0, 0 + 0.5 (0.4 - 0.1)) = 0.15,  lambda_- = max(0, 0.5 (-0.4 - 0.1)) = 0.
  Terms t1(0.9, 0.5);
  EXPECT_EQ(t1.objective(method), (std::array<double, 3>{0.4, 0.0, 0.0}));
  method.update(t1.terms, never_called());
  EXPECT_NEAR(method.multipliers()[0], 0.15, 1e-15);
  EXPECT_EQ(method.multipliers()[1], 0.0);
  // Step 2: J = f + (0.15 - 0) c, weights (0.15, -0.15). c = -0.5:
  //   lambda_+ = max(0, 0.15 + 0.5 (-0.6)) = 0,  lambda_- = max(0, 0 + 0.5 (0.5 - 0.1)) = 0.2.
  Terms t2(0.0, 0.5);
  const auto [j2, ga2, gb2] = t2.objective(method);
  EXPECT_NEAR(j2, 0.4 + 0.15 * -0.5, 1e-15);
  EXPECT_NEAR(ga2, 0.15, 1e-15);
  EXPECT_NEAR(gb2, -0.15, 1e-15);
  method.update(t2.terms, never_called());
  EXPECT_NEAR(method.multipliers()[0], 0.0, 1e-15);
  EXPECT_NEAR(method.multipliers()[1], 0.2, 1e-15);
  EXPECT_EQ(method.multiplier_names(), (std::vector<std::string>{"lambda[tpr[0]-tpr[1] <= eps]",
                                                                 "lambda[-(tpr[0]-tpr[1]) <= eps]"}));
}

TEST(ProxyLagrangianMethod, StationaryDistribution) {
  // M = [[0.9, 0.2], [0.1, 0.8]]: 0.1 p_0 = 0.2 p_1, so p = (2/3, 1/3).
  const std::vector<double> p = stationary_distribution(Tensor(Shape{2, 2}, {0.9, 0.2, 0.1, 0.8}));
  EXPECT_NEAR(p[0], 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(p[1], 1.0 / 3.0, 1e-14);
}

// One constraint, eps = 0: m = 2 inequalities (c <= 0, -c <= 0), D = 3; radius r = 0.3, eta = 1.
TEST(ProxyLagrangianMethod, TwoStepsOfMultiplicativeSwapRegretUpdates) {
  ProxyLagrangian method({.eta = 1.0, .minimum_multiplier_radius = 0.3});
  method.start(one_constraint(), two_group_data({1, 0}, {0, 1}));
  // M_0: row 0 = 1 - r (D - 1)/D = 0.8, rows 1, 2 = r / D = 0.1, in every column; M_0 = v 1^T with
  // v = (0.8, 0.1, 0.1), so p = v.
  std::vector<double> p = method.multipliers();
  EXPECT_NEAR(p[0], 0.8, 1e-14);
  EXPECT_NEAR(p[1], 0.1, 1e-14);
  // Step 1: J = 0.8 f + 0.1 c + 0.1 (-c): weight 0 on m_a, 0.8 / 2 on each loss.
  Terms t1(0.9, 0.5, 1.0, 0.5);
  const auto [j1, ga1, gb1] = t1.objective(method);
  EXPECT_NEAR(j1, 0.8 * 0.4, 1e-15);
  EXPECT_NEAR(ga1, 0.0, 1e-15);
  EXPECT_NEAR(t1.losses.grad().data()[0], 0.4, 1e-15);
  // Dual with the hard gap 0.5: h = (0, 0.5, -0.5); log M[r][c] += h_r p_c, each column divided by
  // its sum, then entries raised to the floor r / D = 0.1:
  //   column 0 (p = 0.8): (0.8, 0.1 e^0.4, 0.1 e^-0.4) / Z = (0.787235, 0.146803, 0.065963 -> 0.1)
  //   columns 1, 2 (p = 0.1): (0.8, 0.1 e^0.05, 0.1 e^-0.05) / Z = (0.799800, 0.105101, 0.095099 -> 0.1)
  method.update(t1.terms, never_called());
  const Tensor m = method.matrix();
  for (Index c = 0; c < 3; ++c) {
    const double pc = c == 0 ? 0.8 : 0.1;
    const double z = 0.8 + 0.1 * std::exp(0.5 * pc) + 0.1 * std::exp(-0.5 * pc);
    EXPECT_NEAR(m.at({0, c}), 0.8 / z, 1e-14);
    EXPECT_NEAR(m.at({1, c}), 0.1 * std::exp(0.5 * pc) / z, 1e-14);
    EXPECT_NEAR(m.at({2, c}), 0.1, 1e-14);
  }
  EXPECT_NEAR(m.at({0, 0}), 0.787235, 1e-6);
  EXPECT_NEAR(m.at({1, 1}), 0.105101, 1e-6);
  // Step 2: p is the fixed point of p <- M p / sum(M p) (the floor leaves the columns summing to
  // slightly more than 1), and J puts p_1 - p_2 on m_a (sign +1).
  p = method.multipliers();
  std::vector<double> mp(3, 0.0);
  double total = 0.0;
  for (Index r = 0; r < 3; ++r) {
    for (Index c = 0; c < 3; ++c) mp[static_cast<std::size_t>(r)] += m.at({r, c}) * p[static_cast<std::size_t>(c)];
    total += mp[static_cast<std::size_t>(r)];
  }
  for (std::size_t r = 0; r < 3; ++r) EXPECT_NEAR(mp[r] / total, p[r], 1e-13);
  EXPECT_GT(p[1], 0.1);  // the violated inequality c <= 0 gained weight
  Terms t2(0.9, 0.5, 1.0, 0.5);
  const auto [j2, ga2, gb2] = t2.objective(method);
  EXPECT_NEAR(ga2, p[1] - p[2], 1e-15);
  EXPECT_NEAR(t2.losses.grad().data()[0], p[0] / 2.0, 1e-15);
}

}  // namespace
}  // namespace parity::fairness
