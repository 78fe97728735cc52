#include "experiment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "common/data_dir.h"
#include "robust/solvers.h"
#include "tensor/check.h"

namespace parity::cli {
namespace {

TEST(Evaluate, CountsThePredictionsOfEachTestGroup) {
  const NamedData data = load_dataset("unfair2d", {}, 4, {.unfair2d = {.train = 10, .test = 200}});
  const TestEvaluation right = evaluate(data.test, data.test.y);
  EXPECT_EQ(right.accuracy, 1.0);
  EXPECT_EQ(right.report.groups, fairness::group_confusions(data.test.y, data.test.y, data.test.s, 2));
  EXPECT_EQ(right.report.gap(fairness::Gap::EqualOpportunityDifference).value, 0.0);
  Tensor flipped = data.test.y.clone();
  for (double& v : flipped) v = 1.0 - v;
  EXPECT_EQ(evaluate(data.test, flipped).accuracy, 0.0);
}

TEST(Evaluate, AucOfEachGroupFromTheScores) {
  // Rows (y, s, score): group 0 ranks its positive above both negatives (AUC 1); group 1 has
  // its negative above its positive (AUC 0). Overall the positives (0.9, 0.3) win 3 + 2 of the
  // 6 pairs with the negatives (0.1, 0.2, 0.8).
  data::Dataset test;
  test.X = Tensor(Shape{5, 1});
  test.y = Tensor(Shape{5}, {1, 0, 0, 1, 0});
  test.s = Tensor(Shape{5}, {0, 0, 0, 1, 1});
  test.class_names = {"0", "1"};
  test.group_names = {"a", "b"};
  TestEvaluation evaluation = evaluate(test, test.y);
  add_auc(evaluation, test, Tensor(Shape{5}, {0.9, 0.1, 0.2, 0.3, 0.8}));
  ASSERT_EQ(evaluation.group_auc.size(), 2u);
  EXPECT_EQ(evaluation.group_auc[0], 1.0);
  EXPECT_EQ(evaluation.group_auc[1], 0.0);
  EXPECT_EQ(evaluation.overall_auc, (3.0 + 2.0) / 6.0);
  EXPECT_EQ(to_json(evaluation)["groups"][1]["auc"], 0.0);
}

TEST(TestEvaluation, JsonNamesTheGapsAsTheGapList) {
  // Group 0: TN 3, FP 1, FN 2, TP 4; group 1: TN 5, FP 0, FN 1, TP 4.
  const std::vector<fairness::Confusion> groups = {{.tn = 3, .fp = 1, .fn = 2, .tp = 4},
                                                   {.tn = 5, .fp = 0, .fn = 1, .tp = 4}};
  const TestEvaluation test{.accuracy = 16.0 / 20.0, .report = fairness::fairness_report(groups)};
  const nlohmann::json j = to_json(test);
  EXPECT_EQ(j["accuracy"], 16.0 / 20.0);
  EXPECT_EQ(j["groups"][1]["tn"], 5);
  EXPECT_EQ(j["overall"]["count"], 20);
  const nlohmann::json& gaps = j["gaps"];
  ASSERT_EQ(gaps.size(), fairness::kGapCount);
  EXPECT_EQ(gaps["demographic_parity_difference"]["value"], 5.0 / 10.0 - 4.0 / 10.0);   // selection rates
  EXPECT_EQ(gaps["false_positive_rate_difference"]["value"], 1.0 / 4.0 - 0.0 / 5.0);    // separation, y = 0
  EXPECT_EQ(gaps["equal_opportunity_difference"]["value"], 4.0 / 5.0 - 4.0 / 6.0);      // separation, y = 1
  EXPECT_EQ(gaps["false_omission_rate_difference"]["value"], 2.0 / 5.0 - 1.0 / 6.0);    // sufficiency, yhat = 0
  EXPECT_EQ(gaps["predictive_parity_difference"]["value"], 4.0 / 4.0 - 4.0 / 5.0);      // sufficiency, yhat = 1
  EXPECT_EQ(gaps["predictive_parity_difference"]["max_group"], 1);
  EXPECT_EQ(gaps["predictive_parity_difference"]["skipped_groups"], nlohmann::json::array());
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
  const NamedData data = load_dataset("unfair2d", {}, 1, {.unfair2d = {.train = 100, .test = 200}});
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
  EXPECT_EQ(to_json(first)["test"]["gaps"], to_json(second)["test"]["gaps"]);
}

TEST(SolverPerturbs, FalseOnlyForNoneAndNamesAnUnknownSolver) {
  for (const std::string& name : solver_names()) EXPECT_EQ(solver_perturbs(name), name != "none") << name;
  EXPECT_THROW(solver_perturbs("newton"), Error);
}

TEST(ToJson, InnerComparisonCarriesTheSpeedUpAndUnconvergedSubproblems) {
  const robust::InnerComparison c{.radius = 0.1, .samples = 8, .trs_seconds = 0.5, .pgd_seconds = 2.0,
                                  .trs_unconverged = 3};
  const nlohmann::json j = to_json(c);
  EXPECT_EQ(j["radius"].get<double>(), 0.1);
  EXPECT_EQ(j["samples"].get<Index>(), 8);
  EXPECT_EQ(j["speedup"].get<double>(), 4.0);
  EXPECT_EQ(j["trs_unconverged"].get<Index>(), 3);
}

TEST(ToJson, HistoryCountsUnconvergedSubproblems) {
  const NamedData data = load_dataset("unfair2d", {}, 1, {.unfair2d = {.train = 20, .test = 20}});
  TrainingOptions options;
  options.epochs = 1;
  TrainedModel trained = train_model(data, options);
  trained.history[0].unconverged_subproblems = 7;
  EXPECT_EQ(to_json(trained)["history"][0]["unconverged_subproblems"].get<Index>(), 7);
}

TEST(MovableMask, ZeroForFixedFeaturesAndNamesUnknownOnes) {
  const NamedData data = load_dataset("unfair2d", {}, 0, {.unfair2d = {.train = 10, .test = 10}});
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
  const NamedData data = load_dataset("unfair2d", {}, 2, {.unfair2d = {.train = 50, .test = 50}});
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
    EXPECT_STREQ(e.what(),
                 "load_dataset(): unknown dataset 'mnist', expected one of unfair2d, adult, adult-race, adult-full, "
                 "lsat, compas, german, celeba");
  }
  try {
    load_dataset("unfair2d", {}, 0, {.label = "y"});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "load_dataset(): a label ('y') can be chosen only for celeba, not for unfair2d");
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

TEST(LoadDataset, OrSkipPrintsWhyAndReturnsNothing) {
  std::ostringstream out;
  EXPECT_FALSE(load_dataset_or_skip("adult", "/nonexistent", 0, "Adult MLP", out).has_value());
  EXPECT_EQ(out.str(),
            "Adult MLP: skipped (load_dataset(): file /nonexistent/adult/adult.data not found (set --data-dir or "
            "PARITY_DATA_DIR to the folder holding adult/adult.data))\n\n");
  const std::optional<NamedData> unfair2d = load_dataset_or_skip("unfair2d", {}, 0, "Unfair2D", out);
  ASSERT_TRUE(unfair2d.has_value());
  EXPECT_EQ(unfair2d->train.num_features(), 2);
}

TEST(LoadDataset, AdultRaceGroupsAndCeleba) {
  PARITY_REQUIRE_DATA(adult, "adult/adult.data");
  PARITY_REQUIRE_DATA(celeba_attributes, "celeba_attrs/list_attr_celeba.txt.gz");
  const std::filesystem::path dir = parity::testing::data_dir();

  const NamedData race = load_dataset("adult-race", dir, 0);
  EXPECT_EQ(race.train.X.shape(), (Shape{30162, 5}));
  EXPECT_EQ(race.test.group_counts(), (std::vector<Index>{149, 408, 1411, 122, 12970}));

  const NamedData celeba = load_dataset("celeba", dir, 0);
  EXPECT_EQ(celeba.train.X.shape(), (Shape{162770, 38}));
  EXPECT_EQ(celeba.validation.X.shape(), (Shape{19867, 38}));
  EXPECT_EQ(celeba.test.X.shape(), (Shape{19962, 38}));
  EXPECT_EQ(celeba.train.group_names, (std::vector<std::string>{"Female", "Male"}));
  EXPECT_EQ(celeba.train.class_names, (std::vector<std::string>{"not_Attractive", "Attractive"}));

  const NamedData blond = load_dataset("celeba", dir, 0, {.label = "Blond_Hair"});
  EXPECT_EQ(blond.train.X.shape(), (Shape{162770, 38}));
  EXPECT_EQ(blond.train.class_names, (std::vector<std::string>{"not_Blond_Hair", "Blond_Hair"}));
  const auto& names = blond.train.feature_names;
  EXPECT_EQ(std::count(names.begin(), names.end(), "Attractive"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "Blond_Hair"), 0);
}

TEST(LoadDataset, AdultFullHas103FeaturesAndAValidationPart) {
  PARITY_REQUIRE_DATA(adult, "adult/adult.data");
  const std::filesystem::path dir = parity::testing::data_dir();
  const NamedData full = load_dataset("adult-full", dir, 0, {.validation_fraction = 0.2});
  EXPECT_EQ(full.train.num_features(), 103);
  EXPECT_EQ(full.train.size() + full.validation.size(), 30162);
  EXPECT_NEAR(static_cast<double>(full.validation.size()), 0.2 * 30162, 4.0);
  EXPECT_EQ(full.test.size(), 15060);
  EXPECT_EQ(full.train.group_names, (std::vector<std::string>{"Female", "Male"}));

  const NamedData race = load_dataset("adult-full", dir, 0, {.sensitive = "race"});
  EXPECT_EQ(race.train.num_features(), 103);
  EXPECT_EQ(race.train.num_groups(), 5);
  EXPECT_EQ(race.validation.size(), 0);
}

TEST(LoadDataset, SplitTablesCutTheValidationPartFromTheTrainingShare) {
  PARITY_REQUIRE_DATA(compas, "compas/compas-scores-two-years.csv");
  const std::filesystem::path dir = parity::testing::data_dir();
  const NamedData plain = load_dataset("compas", dir, 3);
  const NamedData held_out = load_dataset("compas", dir, 3, {.validation_fraction = 0.25});
  EXPECT_EQ(plain.validation.size(), 0);
  EXPECT_EQ(held_out.train.size() + held_out.validation.size(), plain.train.size());
  EXPECT_NEAR(static_cast<double>(held_out.validation.size()), 0.25 * static_cast<double>(plain.train.size()), 4.0);
  EXPECT_NEAR(static_cast<double>(held_out.test.size()), static_cast<double>(plain.test.size()), 4.0);
}

TEST(LoadDataset, NamesTheKnownSensitiveAttributes) {
  try {
    load_dataset("german", "/nonexistent", 0, {.sensitive = "race"});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "load_dataset(): unknown sensitive attribute 'race' for german, expected one of sex, age");
  }
  try {
    load_dataset("unfair2d", {}, 0, {.sensitive = "sex"});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "load_dataset(): unknown sensitive attribute 'sex' for unfair2d, which has fixed groups");
  }
  try {
    load_dataset("unfair2d", {}, 0, {.validation_fraction = 1.0});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "load_dataset(): the validation fraction must be in [0, 1), got 1");
  }
  const NamedData with_validation = load_dataset("unfair2d", {}, 0, {.unfair2d = {.train = 10, .test = 10, .validation = 7},
                                                                     .validation_fraction = 0.5});
  EXPECT_EQ(with_validation.validation.size(), 7);
}

}  // namespace
}  // namespace parity::cli
