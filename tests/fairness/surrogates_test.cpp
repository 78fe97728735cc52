// Surrogate values, constraint terms of a batch worked out by hand, the sign convention, empty
// cells, and the gradients of the composite surrogates against central differences.
#include "fairness/surrogates.h"

#include <gtest/gtest.h>

#include <cmath>

#include "autograd/functional.h"
#include "common/gradcheck.h"
#include "fairness/batch_terms.h"
#include "fairness/datasets.h"
#include "tensor/random.h"

namespace parity::fairness {
namespace {

using testing::column;

double softplus(double x) { return std::log1p(std::exp(x)); }
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(Surrogates, ValuesOfPsi) {
  const Var z(column({2.0, -1.0, 0.0}));
  const Tensor t = column({1, 0, 1});  // u = (2, 1, 0)
  const Tensor loss = smooth_indicator(SurrogateKind::Loss, z, t).value();
  EXPECT_NEAR(loss.data()[0], softplus(2.0), 1e-15);
  EXPECT_NEAR(loss.data()[1], softplus(1.0), 1e-15);
  EXPECT_DOUBLE_EQ(loss.data()[2], std::log(2.0));
  const Tensor sig = smooth_indicator(SurrogateKind::Sigmoid, z, t).value();
  EXPECT_NEAR(sig.data()[1], sigmoid(1.0), 1e-15);
  const Tensor hinge = smooth_indicator(SurrogateKind::Hinge, z, t).value();
  EXPECT_EQ(std::vector<double>(hinge.begin(), hinge.end()), (std::vector<double>{3.0, 2.0, 1.0}));
  const Tensor logit = smooth_indicator(SurrogateKind::Logit, z, t).value();
  EXPECT_EQ(std::vector<double>(logit.begin(), logit.end()), (std::vector<double>{2.0, 1.0, 0.0}));
  EXPECT_THROW(smooth_indicator(SurrogateKind::Loss, z, column({1, 0})), Error);
}

// Six samples:  i   0    1    2    3    4    5
//               z   2   -1   0.5 -0.5   1   -2
//               y   1    1    0    1    0    0
//               s   0    0    0    1    1    1
//            yhat   1    0    1    0    1    0
struct SixSamples {
  Var z{column({2.0, -1.0, 0.5, -0.5, 1.0, -2.0})};
  Tensor y = column({1, 1, 0, 1, 0, 0});
  Tensor s = column({0, 0, 0, 1, 1, 1});
};

TEST(BatchTerms, HandComputedValues) {
  const SixSamples b;
  // TPR, logit surrogate: m_0 = (2 - 1)/2 = 0.5, m_1 = -0.5, c = 1; hard TPR 1/2 - 0/1 = 0.5.
  const ConstraintSet eo = make_constraints({.kind = ConstraintKind::EqualizedOdds}, 2);
  BatchTerms t = batch_terms(b.z, b.y, b.s, eo, SurrogateKind::Logit);
  ASSERT_TRUE(t.constraints[0].has_value());
  EXPECT_DOUBLE_EQ(t.constraints[0]->mean_a.value().item(), 0.5);
  EXPECT_DOUBLE_EQ(t.constraints[0]->mean_b.value().item(), -0.5);
  EXPECT_DOUBLE_EQ(t.constraints[0]->value.value().item(), 1.0);
  EXPECT_DOUBLE_EQ(t.constraints[0]->hard, 0.5);
  // FPR: m_0 = 0.5 (row 2), m_1 = (1 - 2)/2 = -0.5, c = 1; hard FPR 1/1 - 1/2 = 0.5.
  EXPECT_DOUBLE_EQ(t.constraints[1]->value.value().item(), 1.0);
  EXPECT_DOUBLE_EQ(t.constraints[1]->hard, 0.5);
  // Losses: BCE(z, y) = softplus(-(2y - 1) z).
  EXPECT_NEAR(t.losses.value().data()[0], softplus(-2.0), 1e-15);
  EXPECT_NEAR(t.losses.value().data()[5], softplus(-2.0), 1e-15);

  // TPR, loss surrogate (the released code's): m_g = mean BCE(z, 1) over the positives of g,
  // ~ FNR_g; sign -1 so that c ~ TPR_0 - TPR_1:
  //   m_0 = (softplus(-2) + softplus(1)) / 2 = 0.720095..., m_1 = softplus(0.5) = 0.974077...
  //   c = -(m_0 - m_1) = 0.253982... > 0, as the hard gap 0.5.
  t = batch_terms(b.z, b.y, b.s, eo, SurrogateKind::Loss);
  EXPECT_EQ(t.constraints[0]->sign, -1.0);
  EXPECT_NEAR(t.constraints[0]->mean_a.value().item(), (softplus(-2.0) + softplus(1.0)) / 2.0, 1e-15);
  EXPECT_NEAR(t.constraints[0]->mean_b.value().item(), softplus(0.5), 1e-15);
  EXPECT_NEAR(t.constraints[0]->value.value().item(), 0.253982, 1e-6);
  // FPR, loss surrogate: BCE(z, 0) = softplus(z) ~ FPR, sign +1: softplus(0.5) - (softplus(1) + softplus(-2))/2.
  EXPECT_EQ(t.constraints[1]->sign, 1.0);
  EXPECT_NEAR(t.constraints[1]->value.value().item(), softplus(0.5) - (softplus(1.0) + softplus(-2.0)) / 2.0, 1e-15);

  // Selection rate against all groups, hinge: psi = max(0, 1 + z) = (3, 0, 1.5, 0.5, 2, 0);
  // m_0 = 4.5/3 = 1.5, m_all = 7/6, c_0 = 1/3; hard 2/3 - 3/6 = 1/6.
  const ConstraintSet dp =
      make_constraints({.kind = ConstraintKind::DemographicParity, .comparison = Comparison::GroupVsAll}, 2);
  t = batch_terms(b.z, b.y, b.s, dp, SurrogateKind::Hinge);
  EXPECT_DOUBLE_EQ(t.constraints[0]->value.value().item(), 1.5 - 7.0 / 6.0);
  EXPECT_DOUBLE_EQ(t.constraints[0]->hard, 2.0 / 3.0 - 0.5);

  // Accuracy, sigmoid: u = (2y - 1) z = (2, -1, -0.5, -0.5, -1, 2); both groups hold the margins
  // {2, -1, -0.5}, so c = 0; correct = (1, 0, 0, 0, 0, 1), hard 1/3 - 1/3 = 0.
  const ConstraintSet acc = make_constraints({.kind = ConstraintKind::AccuracyParity}, 2);
  t = batch_terms(b.z, b.y, b.s, acc, SurrogateKind::Sigmoid);
  EXPECT_NEAR(t.constraints[0]->mean_a.value().item(), (sigmoid(2.0) + sigmoid(-1.0) + sigmoid(-0.5)) / 3.0, 1e-15);
  EXPECT_NEAR(t.constraints[0]->value.value().item(), 0.0, 1e-15);
  EXPECT_EQ(t.constraints[0]->hard, 0.0);
}

TEST(BatchTerms, EmptyCellGivesNoTermNotNaN) {
  // Group 1 has no positives: the TPR constraint has no terms, the FPR constraint has.
  const Var z(column({1.0, -1.0, 0.5, -0.5}));
  const ConstraintSet eo = make_constraints({.kind = ConstraintKind::EqualizedOdds}, 2);
  const BatchTerms t = batch_terms(z, column({1, 0, 0, 0}), column({0, 0, 1, 1}), eo, SurrogateKind::Loss);
  EXPECT_FALSE(t.constraints[0].has_value());
  ASSERT_TRUE(t.constraints[1].has_value());
  EXPECT_TRUE(std::isfinite(t.constraints[1]->value.value().item()));
  EXPECT_EQ(t.skipped(), 1);
}

TEST(BatchTerms, ShapesAreChecked) {
  const ConstraintSet eo = make_constraints({}, 2);
  EXPECT_THROW(batch_terms(Var(Tensor(Shape{3, 2})), column({1, 0, 1}), column({0, 1, 0}), eo, SurrogateKind::Loss),
               Error);
  EXPECT_THROW(batch_terms(Var(column({1, 2})), column({1, 0, 1}), column({0, 1, 0}), eo, SurrogateKind::Loss), Error);
}

// For every kind and surrogate: when group 0's rows all have the event with margin 3 and group
// 1's none, r_0 - r_1 = 1 and the surrogate c must be positive too.
TEST(BatchTerms, SurrogateHasTheSignOfTheTrueGap) {
  const Tensor y = column({1, 0, 1, 0, 1, 0, 1, 0});
  const Tensor s = column({0, 0, 0, 0, 1, 1, 1, 1});
  for (ConstraintKind kind : {ConstraintKind::EqualOpportunity, ConstraintKind::FalsePositiveRate,
                              ConstraintKind::DemographicParity, ConstraintKind::AccuracyParity}) {
    const ConstraintSet set = make_constraints({.kind = kind}, 2);
    const RateConstraint& c = set.constraints[0];
    Tensor z(Shape{8});
    for (Index i = 0; i < 8; ++i) {
      const double event_sign = c.event == Event::PositivePrediction ? 1.0 : 2.0 * y.data()[i] - 1.0;
      z.data()[i] = (s.data()[i] == 0 ? 3.0 : -3.0) * event_sign;
    }
    for (SurrogateKind sk : {SurrogateKind::Loss, SurrogateKind::Sigmoid, SurrogateKind::Hinge, SurrogateKind::Logit}) {
      const BatchTerms t = batch_terms(Var(z), y, s, set, sk);
      EXPECT_EQ(t.constraints[0]->hard, 1.0) << constraint_kind_name(kind);
      EXPECT_GT(t.constraints[0]->value.value().item(), 0.5) << constraint_kind_name(kind) << " " << surrogate_name(sk);
    }
  }
}

// The surrogate means and constraint values of a linear model z = X w + b as functions of (w, b),
// for every surrogate, with three groups and constraints on every rate, against central
// differences (first and second order). Logits stay within |z| < 0.7, away from the hinge's kink.
TEST(BatchTerms, CompositeGradientsMatchFiniteDifferences) {
  Rng rng(11);
  const Index n = 18;
  const Tensor X = rng.uniform(Shape{n, 3}, -1.0, 1.0);
  Tensor y(Shape{n});
  Tensor s(Shape{n});
  for (Index i = 0; i < n; ++i) {
    y.data()[i] = static_cast<double>(i % 2);
    s.data()[i] = static_cast<double>((i / 2) % 3);
  }
  ConstraintSet set = make_constraints({.kind = ConstraintKind::EqualizedOdds, .comparison = Comparison::GroupVsAll}, 3);
  for (const ConstraintKind kind : {ConstraintKind::DemographicParity, ConstraintKind::AccuracyParity}) {
    for (const RateConstraint& c : make_constraints({.kind = kind}, 3).constraints) set.constraints.push_back(c);
  }
  const std::vector<Tensor> point{rng.uniform(Shape{3, 1}, -0.2, 0.2), Tensor(Shape{1}, {0.1})};
  for (SurrogateKind sk : {SurrogateKind::Loss, SurrogateKind::Sigmoid, SurrogateKind::Hinge, SurrogateKind::Logit}) {
    const ::parity::testing::VarFunction f = [&](const std::vector<Var>& p) {
      const Var z = matmul(Var(X), p[0]) + p[1];
      const BatchTerms t = batch_terms(z, y, s, set, sk);
      std::vector<Var> parts{reshape(mean(t.losses), Shape{1})};
      for (const auto& term : t.constraints) {
        for (const Var& v : {term->value, term->mean_a, term->mean_b}) parts.push_back(reshape(v, Shape{1}));
      }
      return concat(parts, 0);
    };
    ::parity::testing::expect_derivatives_match(std::string("surrogate ") + surrogate_name(sk), point, f, 5,
                                                {.directions = 3, .check_op_rules = false});
  }
}

}  // namespace
}  // namespace parity::fairness
