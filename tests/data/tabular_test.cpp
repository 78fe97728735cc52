// Tests for the load pipeline on generated tables: preprocessing fitted on the training part
// only (training columns standardised exactly, other parts by the training statistics), the
// stratified parts, the row report, unseen categories and the printed report.
#include "data/tabular.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// n rows: x = (7 i) mod 23 + offset, c in {a, b, c}, g in {m, f}, y = 1 when i mod 4 == 0;
// every 10th row has a missing x and every 15th an excluded kind.
std::string table_text(int n, double offset, const std::string& extra_category) {
  std::ostringstream out;
  out << "x,c,g,kind,y\n";
  for (int i = 0; i < n; ++i) {
    const std::string c = !extra_category.empty() && i % 5 == 1 ? extra_category : std::string(1, "abc"[i % 3]);
    out << (i % 10 == 9 ? "?" : std::to_string((7 * i) % 23 + offset)) << "," << c << "," << (i % 2 ? "m" : "f")
        << "," << (i % 15 == 14 ? "skip" : "keep") << "," << (i % 4 == 0 ? 1 : 0) << "\n";
  }
  return out.str();
}

Schema table_schema() {
  Schema s;
  s.features = {numeric("x"), categorical("c")};
  s.label = ValueMap::by_values("y", {"no", "yes"}, {{"0"}, {"1"}});
  s.sensitive = ValueMap::by_values("g", {"f", "m"}, {{"f"}, {"m"}});
  s.filters = {RowFilter::none_of("kind", {"skip"})};
  return s;
}

void column_moments(const Dataset& d, Index column, double& mean, double& stddev) {
  const auto n = static_cast<double>(d.size());
  mean = 0.0;
  for (Index i = 0; i < d.size(); ++i) mean += d.X.at({i, column}) / n;
  double squares = 0.0;
  for (Index i = 0; i < d.size(); ++i) squares += (d.X.at({i, column}) - mean) * (d.X.at({i, column}) - mean);
  stddev = std::sqrt(squares / n);
}

TEST(Tabular, LoadSplitFitsOnTrainOnly) {
  const RawTable table = parse_csv(table_text(200, 0.0, ""), "t.csv");
  Rng rng(3);
  const TabularData data = load_split(table, table_schema(), {0.6, 0.2, 0.2}, rng);
  // A row is counted by the filter first, otherwise for its missing x.
  const TableReport& report = data.report.tables.at(0);
  Index filtered = 0, missing = 0;
  for (int i = 0; i < 200; ++i) {
    if (i % 15 == 14) {
      ++filtered;
    } else if (i % 10 == 9) {
      ++missing;
    }
  }
  EXPECT_EQ(report.rows_read, 200);
  EXPECT_EQ(report.filtered.at(0).removed, filtered);
  EXPECT_EQ(report.dropped_missing, missing);
  EXPECT_EQ(report.rows_kept, 200 - filtered - missing);
  EXPECT_EQ(data.train.size() + data.validation.size() + data.test.size(), report.rows_kept);
  EXPECT_EQ(data.train.feature_names, (std::vector<std::string>{"x", "c=a", "c=b", "c=c"}));

  double mean = 0.0, stddev = 0.0;
  column_moments(data.train, 0, mean, stddev);
  EXPECT_NEAR(mean, 0.0, 1e-14);
  EXPECT_NEAR(stddev, 1.0, 1e-14);
  // The test part is encoded with the training mean and scale, so its moments are not 0 and 1.
  column_moments(data.test, 0, mean, stddev);
  EXPECT_GT(std::abs(mean) + std::abs(stddev - 1.0), 1e-3);
  const ColumnEncoding& x = data.preprocessor.encodings().at(0);
  const Preprocessor refit = Preprocessor::fit(table, select_rows(table, table_schema()).rows, table_schema());
  EXPECT_NE(x.mean, refit.encodings().at(0).mean);
}

TEST(Tabular, LoadSplitKeepsCellProportions) {
  const RawTable table = parse_csv(table_text(400, 0.0, ""), "t.csv");
  Rng rng(8);
  const TabularData data = load_split(table, table_schema(), {0.5, 0.25, 0.25}, rng);
  const auto all = data.train.class_group_counts();
  const auto test = data.test.class_group_counts();
  const auto validation = data.validation.class_group_counts();
  for (std::size_t y = 0; y < 2; ++y) {
    for (std::size_t g = 0; g < 2; ++g) {
      const Index m = all[y][g] + test[y][g] + validation[y][g];
      EXPECT_EQ(test[y][g], std::llround(0.25 * static_cast<double>(m)));
      EXPECT_EQ(validation[y][g], std::llround(0.25 * static_cast<double>(m)));
    }
  }
}

TEST(Tabular, LoadTrainTestCountsUnseenCategories) {
  const RawTable train = parse_csv(table_text(100, 0.0, ""), "train.csv");
  const RawTable test = parse_csv(table_text(50, 5.0, "d"), "test.csv");
  Rng rng(1);
  const TabularData data = load_train_test(train, test, table_schema(), 0.2, rng);
  ASSERT_EQ(data.report.tables.size(), 2u);
  EXPECT_EQ(data.report.tables[1].source, "test.csv");
  EXPECT_EQ(data.test.size(), data.report.tables[1].rows_kept);
  // Category "d" replaces c in test rows i % 5 == 1 that survive the filter and missing x.
  Index expected_unseen = 0;
  for (int i = 0; i < 50; ++i) expected_unseen += i % 5 == 1 && i % 15 != 14 && i % 10 != 9;
  ASSERT_EQ(data.report.test.unseen.size(), 1u);
  EXPECT_EQ(data.report.test.unseen[0].column, "c");
  EXPECT_EQ(data.report.test.unseen[0].value, "d");
  EXPECT_EQ(data.report.test.unseen[0].count, expected_unseen);
  EXPECT_EQ(data.report.validation.unseen_total(), 0);
  EXPECT_EQ(data.train.size() + data.validation.size(), data.report.tables[0].rows_kept);
  EXPECT_GT(data.validation.size(), 0);

  std::ostringstream printed;
  printed << data.report;
  EXPECT_NE(printed.str().find("test.csv: 50 rows read, 3 removed by kind none of {skip}, "), std::string::npos)
      << printed.str();
  EXPECT_NE(printed.str().find("  test c=d: " + std::to_string(expected_unseen)), std::string::npos);
  EXPECT_EQ(error_message([&] { load_train_test(train, test, table_schema(), 1.0, rng); }),
            "load_train_test(): validation_fraction 1 is not in [0, 1)");
}

}  // namespace
}  // namespace parity::data
