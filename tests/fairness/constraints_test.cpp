// Constraint sets for G groups, their names, and the name parsing of the options.
#include "fairness/constraints.h"

#include <gtest/gtest.h>

#include "fairness/datasets.h"
#include "fairness/method.h"
#include "fairness/surrogates.h"

namespace parity::fairness {
namespace {

using testing::error_message;

TEST(Constraints, PairwiseForTwoGroupsIsThePapersSingleConstraint) {
  const ConstraintSet set = make_constraints({.kind = ConstraintKind::EqualOpportunity}, 2);
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set.constraints[0].name, "tpr[0]-tpr[1]");
  EXPECT_EQ(set.constraints[0].event, Event::PositivePrediction);
  EXPECT_EQ(set.constraints[0].label, 1);
  EXPECT_EQ(set.constraints[0].group_a, 0);
  EXPECT_EQ(set.constraints[0].group_b, 1);
  EXPECT_EQ(set.num_groups, 2);
}

TEST(Constraints, ThreeGroupsPairwiseAndGroupVsAll) {
  const ConstraintSet pairs = make_constraints(
      {.kind = ConstraintKind::EqualizedOdds, .comparison = Comparison::Pairwise, .slack = 0.05}, 3);
  EXPECT_EQ(pairs.names(), (std::vector<std::string>{"tpr[0]-tpr[1]", "tpr[0]-tpr[2]", "tpr[1]-tpr[2]",
                                                     "fpr[0]-fpr[1]", "fpr[0]-fpr[2]", "fpr[1]-fpr[2]"}));
  for (const RateConstraint& c : pairs.constraints) EXPECT_EQ(c.slack, 0.05);
  EXPECT_EQ(pairs.constraints[3].label, 0);

  const ConstraintSet all = make_constraints(
      {.kind = ConstraintKind::DemographicParity, .comparison = Comparison::GroupVsAll}, 3);
  EXPECT_EQ(all.names(),
            (std::vector<std::string>{"selection[0]-selection[all]", "selection[1]-selection[all]",
                                      "selection[2]-selection[all]"}));
  EXPECT_EQ(all.constraints[2].group_b, kAllGroups);
  EXPECT_EQ(all.constraints[2].label, kAnyLabel);

  const ConstraintSet acc = make_constraints({.kind = ConstraintKind::AccuracyParity}, 2);
  EXPECT_EQ(acc.constraints[0].event, Event::CorrectPrediction);
  const ConstraintSet fpr = make_constraints({.kind = ConstraintKind::FalsePositiveRate}, 2);
  EXPECT_EQ(fpr.constraints[0].name, "fpr[0]-fpr[1]");
}

TEST(Constraints, RateRowsSelectTheCells) {
  const Tensor y = testing::column({1, 0, 1, 1, 0});
  const Tensor s = testing::column({0, 0, 1, 0, 1});
  EXPECT_EQ(rate_rows(y, s, 1, 0), (std::vector<Index>{0, 3}));
  EXPECT_EQ(rate_rows(y, s, 1, kAllGroups), (std::vector<Index>{0, 2, 3}));
  EXPECT_EQ(rate_rows(y, s, kAnyLabel, 1), (std::vector<Index>{2, 4}));
  EXPECT_TRUE(rate_rows(y, s, 0, 2).empty());
}

TEST(Constraints, BadInput) {
  EXPECT_EQ(error_message([] { make_constraints({}, 1); }),
            "make_constraints(): a fairness constraint needs at least 2 groups, got 1");
  EXPECT_EQ(error_message([] { make_constraints({.slack = -0.1}, 2); }),
            "make_constraints(): slack must be finite and >= 0, got -0.1");
}

TEST(Names, RoundTripAndUnknownNames) {
  for (ConstraintKind k : {ConstraintKind::EqualOpportunity, ConstraintKind::FalsePositiveRate,
                           ConstraintKind::EqualizedOdds, ConstraintKind::DemographicParity,
                           ConstraintKind::AccuracyParity}) {
    EXPECT_EQ(parse_constraint_kind(constraint_kind_name(k)), k);
  }
  for (SurrogateKind k : {SurrogateKind::Loss, SurrogateKind::Sigmoid, SurrogateKind::Hinge, SurrogateKind::Logit}) {
    EXPECT_EQ(parse_surrogate(surrogate_name(k)), k);
  }
  EXPECT_EQ(parse_comparison("group-vs-all"), Comparison::GroupVsAll);
  EXPECT_EQ(parse_comparison(comparison_name(Comparison::Pairwise)), Comparison::Pairwise);
  for (const std::string& name : method_names()) EXPECT_EQ(make_method(name)->name(), name);

  EXPECT_EQ(error_message([] { parse_constraint_kind("deo"); }),
            "parse_constraint_kind(): unknown constraint name 'deo', expected one of: equal-opportunity, "
            "false-positive-rate, equalized-odds, demographic-parity, accuracy-parity");
  EXPECT_EQ(error_message([] { parse_surrogate("probit"); }),
            "parse_surrogate(): unknown surrogate name 'probit', expected one of: loss, sigmoid, hinge, logit");
  EXPECT_EQ(error_message([] { parse_comparison("all"); }),
            "parse_comparison(): unknown comparison name 'all', expected one of: group-vs-all, pairwise");
  EXPECT_EQ(error_message([] { make_method("alm"); }),
            "make_method(): unknown method name 'alm', expected one of: fairalm, fairalm-released, none, l2, "
            "reweight, lagrangian, proxy-lagrangian");
}

TEST(Names, MethodOptionsAreChecked) {
  EXPECT_EQ(error_message([] { make_method("fairalm", {.eta = 0.0}); }),
            "make_method(): eta must be positive and finite, got 0");
  EXPECT_EQ(error_message([] { make_method("lagrangian", {.eta = -1.0}); }),
            "make_method(): eta must be positive and finite, got -1");
  EXPECT_EQ(error_message([] { make_method("l2", {.eta = 1.0, .eta_growth = 0.0}); }),
            "make_method(): eta_growth must be positive and finite, got 0");
  EXPECT_EQ(error_message([] { make_method("fairalm-released", {.eta = 1.0, .inner_steps = 0}); }),
            "make_method(): inner_steps must be at least 1, got 0");
  EXPECT_EQ(error_message([] { make_method("proxy-lagrangian", {.minimum_multiplier_radius = 1.0}); }),
            "proxy-lagrangian: minimum_multiplier_radius must be in (0, 1), got 1");
  // eta is unused by the unconstrained model and by reweighing.
  EXPECT_EQ(make_method("none", {.eta = 0.0})->name(), std::string("none"));
  EXPECT_EQ(make_method("fairalm-released")->inner_steps(), 5);
  EXPECT_EQ(make_method("fairalm")->inner_steps(), 1);
}

}  // namespace
}  // namespace parity::fairness
