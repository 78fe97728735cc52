// Tests of the reference code's data selections (`--setup reference`): sizes, label coding,
// the balance of the LSAT sample, the standardisation and the refusal of other datasets.
#include "reference_setups.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/data_dir.h"
#include "common/error_message.h"

namespace parity::cli {
namespace {

// Mean and sample standard deviation of column j of X.
std::pair<double, double> column_stats(const Tensor& X, Index j) {
  const Index n = X.size(0);
  const Index d = X.size(1);
  double sum = 0.0;
  for (Index i = 0; i < n; ++i) sum += X.data()[i * d + j];
  const double mu = sum / static_cast<double>(n);
  double squares = 0.0;
  for (Index i = 0; i < n; ++i) squares += (X.data()[i * d + j] - mu) * (X.data()[i * d + j] - mu);
  return {mu, std::sqrt(squares / static_cast<double>(n - 1))};
}

TEST(ReferenceSetups, Unfair2DHas200TrainingAnd50TestPoints) {
  const NamedData d = load_reference_setup("unfair2d", "", 42);
  EXPECT_EQ(d.train.size(), 200);
  EXPECT_EQ(d.test.size(), 50);
}

TEST(ReferenceSetups, AdultIsTheFirst10000RowsWithLabelOneForLowIncome) {
  PARITY_REQUIRE_DATA(file, "adult/adult.data");
  const NamedData d = load_reference_setup("adult", file.parent_path().parent_path(), 0);
  EXPECT_EQ(d.train.size(), 10000);
  EXPECT_EQ(d.test.size(), 16280);
  EXPECT_EQ(d.train.class_names[1], "<=50K");
  // adult.data's second row (the first the reference keeps): 50, education-num 13, <=50K, Male.
  EXPECT_EQ(d.train.y.data()[0], 1.0);
  EXPECT_EQ(d.train.s.data()[0], 1.0);
  // About three quarters of the incomes are <=50K.
  double low = 0.0;
  for (Index i = 0; i < d.train.size(); ++i) low += d.train.y.data()[i];
  EXPECT_GT(low / 10000.0, 0.7);
  EXPECT_LT(low / 10000.0, 0.8);
}

TEST(ReferenceSetups, LsatTrainsOnABalancedSampleAndTestsOnOtherRows) {
  PARITY_REQUIRE_DATA(file, "lsat/bar_pass_prediction.csv");
  const NamedData d = load_reference_setup("lsat", file.parent_path().parent_path(), 3);
  const std::vector<std::vector<Index>> train = d.train.class_group_counts();
  const std::vector<std::vector<Index>> test = d.test.class_group_counts();
  // The smallest (pass_bar, race) cell, failed non-white, has 540 rows (16 without race included).
  for (const auto& row : train) {
    for (Index count : row) EXPECT_EQ(count, 432);
  }
  for (const auto& row : test) {
    for (Index count : row) EXPECT_EQ(count, 108);
  }
  for (Index j = 0; j < 2; ++j) {
    const auto [mu, sd] = column_stats(d.train.X, j);
    EXPECT_NEAR(mu, 0.0, 1e-12);
    EXPECT_NEAR(sd, 1.0, 1e-12);
  }
}

TEST(ReferenceSetups, OtherDatasetsAreRefused) {
  EXPECT_EQ(parity::testing::error_message([] { load_reference_setup("german", "", 0); }),
            "load_reference_setup(): no reference set-up for 'german', expected one of unfair2d, adult, lsat");
}

}  // namespace
}  // namespace parity::cli
