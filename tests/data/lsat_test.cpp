// Tests for the LSAT bar-passage loader on the real file (skipped when absent). Expected counts
// were computed once with an independent script straight from the file.
#include "data/lsat.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/data_dir.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::total_counts;

TEST(Lsat, RaceDropsRowsWithoutRace) {
  PARITY_REQUIRE_DATA(file, "lsat/bar_pass_prediction.csv");
  const TabularData data = load_lsat(file);
  const TableReport& report = data.report.tables.at(0);
  EXPECT_EQ(report.rows_read, 22407);
  EXPECT_EQ(report.dropped_missing, 16);
  EXPECT_EQ(report.rows_kept, 22391);
  EXPECT_EQ(data.train.feature_names, (std::vector<std::string>{"lsat", "ugpa"}));
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"non-white", "white"}));
  EXPECT_EQ(total_counts(data, false), (std::vector<Index>{1167, 21224}));
  EXPECT_EQ(total_counts(data, true), (std::vector<Index>{3675, 18716}));
  // Cells (y, s): (0, non-white) 538, (0, white) 629, (1, non-white) 3137, (1, white) 18087.
  EXPECT_EQ(data.test.class_group_counts(), (std::vector<std::vector<Index>>{{108, 126}, {627, 3617}}));
  // Training columns standardised exactly.
  for (Index column = 0; column < 2; ++column) {
    double sum = 0.0, squares = 0.0;
    for (Index i = 0; i < data.train.size(); ++i) sum += data.train.X.at({i, column});
    const double mean = sum / static_cast<double>(data.train.size());
    for (Index i = 0; i < data.train.size(); ++i) {
      squares += (data.train.X.at({i, column}) - mean) * (data.train.X.at({i, column}) - mean);
    }
    EXPECT_NEAR(mean, 0.0, 1e-12);
    EXPECT_NEAR(std::sqrt(squares / static_cast<double>(data.train.size())), 1.0, 1e-12);
  }
}

TEST(Lsat, DefaultFractionsHoldOutAStratifiedValidationPart) {
  PARITY_REQUIRE_DATA(file, "lsat/bar_pass_prediction.csv");
  const TabularData data = load_lsat(file, {.seed = 3});
  // round(0.1 m) of the cells 538, 629, 3137, 18087.
  EXPECT_EQ(data.validation.class_group_counts(), (std::vector<std::vector<Index>>{{54, 63}, {314, 1809}}));
}

TEST(Lsat, Gender) {
  PARITY_REQUIRE_DATA(file, "lsat/bar_pass_prediction.csv");
  const TabularData data = load_lsat(file, {.sensitive = LsatSensitive::Gender, .seed = 2});
  EXPECT_EQ(data.report.tables.at(0).dropped_missing, 5);
  EXPECT_EQ(data.report.tables.at(0).rows_kept, 22402);
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"female", "male"}));
  EXPECT_EQ(total_counts(data, true), (std::vector<Index>{9826, 12576}));
  EXPECT_EQ(total_counts(data, false), (std::vector<Index>{1169, 21233}));
}

}  // namespace
}  // namespace parity::data
