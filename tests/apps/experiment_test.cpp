#include "experiment.h"

#include <gtest/gtest.h>

#include "robust/solvers.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

TEST(GapsOf, ReadsTheFastAndFairCriteriaFromTheReport) {
  // Group 0: TN 3, FP 1, FN 2, TP 4; group 1: TN 5, FP 0, FN 1, TP 4.
  const fairness::FairnessReport report =
      fairness::fairness_report({{.tn = 3, .fp = 1, .fn = 2, .tp = 4}, {.tn = 5, .fp = 0, .fn = 1, .tp = 4}});
  const FairnessGaps gaps = gaps_of(report);
  EXPECT_DOUBLE_EQ(gaps.accuracy, 16.0 / 20.0);
  EXPECT_DOUBLE_EQ(*gaps.independence, 5.0 / 10.0 - 4.0 / 10.0);   // selection rates
  EXPECT_DOUBLE_EQ(*gaps.separation_y0, 1.0 / 4.0 - 0.0 / 5.0);    // FPR
  EXPECT_DOUBLE_EQ(*gaps.separation_y1, 4.0 / 5.0 - 4.0 / 6.0);    // TPR
  EXPECT_DOUBLE_EQ(*gaps.sufficiency_yhat0, 2.0 / 5.0 - 1.0 / 6.0);  // P(y=1 | yhat=0)
  EXPECT_DOUBLE_EQ(*gaps.sufficiency_yhat1, 4.0 / 4.0 - 4.0 / 5.0);  // PPV
}

TEST(MakeSolver, NamesTheKnownSolversOnAnUnknownOne) {
  Rng rng(0);
  for (const std::string& name : solver_names()) {
    TrainingOptions options;
    options.solver = name;
    EXPECT_EQ(make_solver(options, rng)->name(), name);
  }
  TrainingOptions bad;
  bad.solver = "newton";
  try {
    make_solver(bad, rng);
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "make_solver(): unknown solver 'newton', expected one of trs, pgd, fgsm, random, none");
  }
}

TEST(TrainModel, SameSeedGivesTheSameModelAndMetrics) {
  const NamedData data = load_dataset("unfair2d", {}, 1, {.train = 100, .test = 200});
  TrainingOptions options;
  options.epochs = 2;
  options.radius = 0.1;
  const TrainedModel first = train_model(data, options);
  const TrainedModel second = train_model(data, options);
  const std::vector<Var> a = first.model->parameters();
  const std::vector<Var> b = second.model->parameters();
  for (std::size_t p = 0; p < a.size(); ++p) {
    for (Index i = 0; i < a[p].value().numel(); ++i) ASSERT_EQ(a[p].value().data()[i], b[p].value().data()[i]);
  }
  EXPECT_EQ(first.test.accuracy, second.test.accuracy);
  EXPECT_EQ(first.history.size(), 2u);
  EXPECT_EQ(to_json(first)["test"]["accuracy"].get<double>(), first.test.accuracy);
}

TEST(CompareInnerSolvers, LogisticRegressionIsSolvedExactlyByBoth) {
  // With logit w.x + b the loss grows along -+w only, so both solvers reach x -+ r w / |w|:
  // PGD with steps of r/4 from 0 after exactly 4 steps, TRS in one solve, never the hard case.
  const NamedData data = load_dataset("unfair2d", {}, 3, {.train = 200, .test = 300});
  TrainingOptions options;
  options.solver = "none";
  options.epochs = 5;
  TrainedModel trained = train_model(data, options);
  const InnerComparison c = compare_inner_solvers(*trained.model, data.test, 0.1, {.repeats = 1});
  EXPECT_EQ(c.samples, 300);
  EXPECT_EQ(c.pgd_unmatched, 0);
  EXPECT_LE(c.max_relative_gap, 1e-6);
  EXPECT_LE(c.max_pgd_advantage, 1e-12);
  EXPECT_EQ(c.mean_pgd_steps, 4.0);
  EXPECT_EQ(c.hard_cases, 0);
  EXPECT_GT(c.trs_seconds, 0.0);
}

TEST(MovableMask, ZeroForFixedFeaturesAndNamesUnknownOnes) {
  const NamedData data = load_dataset("unfair2d", {}, 0, {.train = 10, .test = 10});
  EXPECT_FALSE(movable_mask(data.train, {}).defined());
  const Tensor mask = movable_mask(data.train, {"x2"});
  ASSERT_EQ(mask.shape(), Shape{2});
  EXPECT_EQ(mask.data()[0], 1.0);
  EXPECT_EQ(mask.data()[1], 0.0);
  try {
    movable_mask(data.train, {"x3"});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "movable_mask(): unknown feature 'x3', the features are: x1, x2");
  }
}

TEST(TrainModel, FixedFeaturesStayUnperturbedAndEpochsAreReported) {
  // With x2 fixed, an affine logit's worst case moves x1 alone: x1 -+ r sign(w1).
  const NamedData data = load_dataset("unfair2d", {}, 2, {.train = 50, .test = 50});
  TrainingOptions options;
  options.epochs = 3;
  options.fixed_features = {"x2"};
  std::vector<int> epochs;
  const TrainedModel trained = train_model(data, options, [&epochs](int epoch) { epochs.push_back(epoch); });
  EXPECT_EQ(epochs, (std::vector<int>{1, 2, 3}));
  Rng rng(0);
  std::unique_ptr<robust::InnerSolver> solver = make_solver(options, rng);
  const robust::InnerResult inner = solver->solve(nn::sample_loss(*trained.model, data.test.y), data.test.X,
                                                  options.radius, movable_mask(data.test, options.fixed_features));
  for (Index i = 0; i < data.test.size(); ++i) {
    EXPECT_EQ(inner.perturbation.data()[2 * i + 1], 0.0);
    EXPECT_NEAR(std::abs(inner.perturbation.data()[2 * i]), options.radius, 1e-12);
  }
}

TEST(LoadDataset, NamesTheKnownDatasetsAndTheMissingFile) {
  try {
    load_dataset("mnist", {}, 0);
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "load_dataset(): unknown dataset 'mnist', expected one of unfair2d, adult, lsat, compas, german");
  }
  try {
    load_dataset("adult", "/nonexistent", 0);
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "load_dataset(): file /nonexistent/adult/adult.data not found (set --data-dir or PARITY_DATA_DIR to "
                 "the folder holding adult/adult.data)");
  }
}

}  // namespace
}  // namespace parity::cli
