// Tests for the UCI Adult loader on the real files (skipped when absent). Expected counts and
// statistics were computed once with an independent script straight from the files.
#include "data/adult.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "common/data_dir.h"

namespace parity::data {
namespace {

// Number of one-hot columns per source column, from names "column=value".
std::map<std::string, int> one_hot_widths(const std::vector<std::string>& names) {
  std::map<std::string, int> widths;
  for (const std::string& name : names) {
    const std::size_t eq = name.find('=');
    if (eq != std::string::npos) ++widths[name.substr(0, eq)];
  }
  return widths;
}

void moments(const Dataset& d, Index column, double& mean, double& stddev) {
  const auto n = static_cast<double>(d.size());
  double sum = 0.0;
  for (Index i = 0; i < d.size(); ++i) sum += d.X.at({i, column});
  mean = sum / n;
  double squares = 0.0;
  for (Index i = 0; i < d.size(); ++i) squares += (d.X.at({i, column}) - mean) * (d.X.at({i, column}) - mean);
  stddev = std::sqrt(squares / n);
}

#define PARITY_REQUIRE_ADULT()                                  \
  PARITY_REQUIRE_DATA(train_file, "adult/adult.data");          \
  PARITY_REQUIRE_DATA(test_file, "adult/adult.test")

TEST(Adult, FullVariantWithSex) {
  PARITY_REQUIRE_ADULT();
  const TabularData data = load_adult(train_file, test_file);
  EXPECT_EQ(data.train.X.shape(), (Shape{30162, 101}));
  EXPECT_EQ(data.test.X.shape(), (Shape{15060, 101}));
  EXPECT_EQ(data.validation.size(), 0);
  EXPECT_EQ(data.train.class_counts(), (std::vector<Index>{22654, 7508}));
  EXPECT_EQ(data.test.class_counts(), (std::vector<Index>{11360, 3700}));
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"Female", "Male"}));
  EXPECT_EQ(data.train.group_counts(), (std::vector<Index>{9782, 20380}));
  EXPECT_EQ(data.test.group_counts(), (std::vector<Index>{4913, 10147}));
  EXPECT_EQ(data.train.class_group_counts(), (std::vector<std::vector<Index>>{{8670, 13984}, {1112, 6396}}));

  const std::map<std::string, int> widths = one_hot_widths(data.train.feature_names);
  EXPECT_EQ(widths, (std::map<std::string, int>{{"education", 16}, {"marital-status", 7}, {"native-country", 41},
                                                {"occupation", 14}, {"race", 5}, {"relationship", 6},
                                                {"workclass", 7}}));
  for (const std::string& name : data.train.feature_names) {
    EXPECT_NE(name, "fnlwgt");
    EXPECT_NE(name.rfind("sex", 0), 0u) << name;
  }
  ASSERT_EQ(data.report.tables.size(), 2u);
  EXPECT_EQ(data.report.tables[0].rows_read, 32561);
  EXPECT_EQ(data.report.tables[0].dropped_missing, 2399);
  EXPECT_EQ(data.report.tables[1].rows_read, 16281);
  EXPECT_EQ(data.report.tables[1].dropped_missing, 1221);
  // Holand-Netherlands occurs only in training; the test file has no new category.
  EXPECT_EQ(data.report.test.unseen_total(), 0);
}

TEST(Adult, StandardisationUsesTrainingStatistics) {
  PARITY_REQUIRE_ADULT();
  const TabularData data = load_adult(train_file, test_file);
  ASSERT_EQ(data.train.feature_names[0], "age");
  ASSERT_EQ(data.train.feature_names[4], "hours-per-week");
  const ColumnEncoding& age = data.preprocessor.encodings()[0];
  EXPECT_NEAR(age.mean, 38.437901995888865, 1e-12);
  EXPECT_NEAR(age.scale, 13.134447039742648, 1e-12);
  double mean = 0.0, stddev = 0.0;
  for (Index column = 0; column < 5; ++column) {
    moments(data.train, column, mean, stddev);
    EXPECT_NEAR(mean, 0.0, 1e-12) << column;
    EXPECT_NEAR(stddev, 1.0, 1e-12) << column;
  }
  // Test columns under the training statistics (independent computation).
  moments(data.test, 0, mean, stddev);
  EXPECT_NEAR(mean, 0.025157107591847548, 1e-12);
  EXPECT_NEAR(stddev, 1.018712952960372, 1e-12);
  moments(data.test, 4, mean, stddev);
  EXPECT_NEAR(mean, 0.0016991659579159433, 1e-12);
  EXPECT_NEAR(stddev, 1.0068987241515353, 1e-12);
}

TEST(Adult, RaceAndSensitiveAsFeature) {
  PARITY_REQUIRE_ADULT();
  const TabularData race = load_adult(train_file, test_file, {.sensitive = AdultSensitive::Race});
  EXPECT_EQ(race.train.X.shape(), (Shape{30162, 98}));
  EXPECT_EQ(race.train.group_names, (std::vector<std::string>{"non-white", "White"}));
  EXPECT_EQ(race.train.group_counts(), (std::vector<Index>{4229, 25933}));
  EXPECT_EQ(race.test.group_counts(), (std::vector<Index>{2090, 12970}));
  EXPECT_EQ(one_hot_widths(race.train.feature_names).count("race"), 0u);
  EXPECT_EQ(one_hot_widths(race.train.feature_names).at("sex"), 2);

  // The 103-feature set-up: Full with sex, the sex one-hot kept as features.
  const TabularData with_sex = load_adult(train_file, test_file, {.sensitive_as_feature = true});
  EXPECT_EQ(with_sex.train.X.shape(), (Shape{30162, 103}));
  EXPECT_EQ(with_sex.test.X.shape(), (Shape{15060, 103}));
  EXPECT_EQ(one_hot_widths(with_sex.train.feature_names).at("sex"), 2);
  EXPECT_EQ(with_sex.train.group_names, (std::vector<std::string>{"Female", "Male"}));
}

TEST(Adult, RaceAsFiveGroups) {
  PARITY_REQUIRE_ADULT();
  const TabularData data =
      load_adult(train_file, test_file, {.sensitive = AdultSensitive::RaceGroups, .validation_fraction = 0.1});
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"Amer-Indian-Eskimo", "Asian-Pac-Islander", "Black",
                                                               "Other", "White"}));
  EXPECT_EQ(one_hot_widths(data.train.feature_names).count("race"), 0u);
  // Training file cells [y][race]; validation holds round(0.1 m) of each.
  const std::vector<std::vector<Index>> all{{252, 647, 2451, 210, 19094}, {34, 248, 366, 21, 6839}};
  const std::vector<std::vector<Index>> validation{{25, 65, 245, 21, 1909}, {3, 25, 37, 2, 684}};
  EXPECT_EQ(data.validation.class_group_counts(), validation);
  const std::vector<std::vector<Index>> train = data.train.class_group_counts();
  for (std::size_t y = 0; y < 2; ++y) {
    for (std::size_t g = 0; g < 5; ++g) EXPECT_EQ(train[y][g] + validation[y][g], all[y][g]) << y << " " << g;
  }
  EXPECT_EQ(data.test.group_counts(), (std::vector<Index>{149, 408, 1411, 122, 12970}));
  // With race as a feature, its five one-hot columns come back: all 103 columns.
  const TabularData with_race = load_adult(train_file, test_file,
                                           {.sensitive = AdultSensitive::RaceGroups, .sensitive_as_feature = true});
  EXPECT_EQ(with_race.train.X.shape(), (Shape{30162, 103}));
  EXPECT_EQ(one_hot_widths(with_race.train.feature_names).at("race"), 5);
}

TEST(Adult, ContinuousVariant) {
  PARITY_REQUIRE_ADULT();
  const TabularData data = load_adult(train_file, test_file, {.features = AdultFeatures::Continuous});
  EXPECT_EQ(data.train.feature_names,
            (std::vector<std::string>{"age", "education-num", "capital-gain", "capital-loss", "hours-per-week"}));
  EXPECT_EQ(data.train.X.shape(), (Shape{30162, 5}));
  EXPECT_EQ(data.test.X.shape(), (Shape{15060, 5}));
  EXPECT_EQ(data.train.class_counts(), (std::vector<Index>{22654, 7508}));
}

TEST(Adult, ValidationCarvedFromTrain) {
  PARITY_REQUIRE_ADULT();
  const TabularData data = load_adult(train_file, test_file, {.validation_fraction = 0.2, .seed = 5});
  // Per (y, s) cell m, validation gets round(0.2 m): 1734 + 2797 + 222 + 1279.
  EXPECT_EQ(data.validation.size(), 6032);
  EXPECT_EQ(data.train.size(), 24130);
  EXPECT_EQ(data.validation.class_group_counts(), (std::vector<std::vector<Index>>{{1734, 2797}, {222, 1279}}));
  EXPECT_EQ(data.test.size(), 15060);
  // The scaler is fitted on the 24,130 remaining training rows only.
  double mean = 0.0, stddev = 0.0;
  moments(data.train, 0, mean, stddev);
  EXPECT_NEAR(mean, 0.0, 1e-12);
  EXPECT_NEAR(stddev, 1.0, 1e-12);
  moments(data.validation, 0, mean, stddev);
  EXPECT_GT(std::abs(mean), 1e-6);
}

}  // namespace
}  // namespace parity::data
