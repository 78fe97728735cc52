// Tests for the Preprocessor: standardisation with training statistics (hand-computed values),
// constant columns, one-hot over training categories, unseen categories, a test table with
// reordered columns, and the error paths.
#include "data/preprocess.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

const char* kTrain =
    "x,const,color,g,y\n"
    "1,5,red,a,0\n"
    "2,5,blue,b,1\n"
    "3,5,red,a,1\n"
    "6,5,green,b,0\n";

// Same columns in another order, an unseen color twice and a value outside the training range.
const char* kTest =
    "y,g,color,const,x\n"
    "1,b,blue,5,3\n"
    "0,a,pink,7,10\n"
    "1,a,pink,5,0\n";

Schema schema() {
  Schema s;
  s.features = {numeric("x"), numeric("const"), categorical("color")};
  s.label = ValueMap::by_values("y", {"neg", "pos"}, {{"0"}, {"1"}});
  s.sensitive = ValueMap::by_values("g", {"a", "b"}, {{"a"}, {"b"}});
  return s;
}

const std::vector<Index> kAllTrain{0, 1, 2, 3};

TEST(Preprocess, FitsTrainingStatistics) {
  const RawTable train = parse_csv(kTrain, "train.csv");
  const Preprocessor pre = Preprocessor::fit(train, kAllTrain, schema());
  ASSERT_EQ(pre.encodings().size(), 3u);
  // x = 1, 2, 3, 6: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5.
  EXPECT_DOUBLE_EQ(pre.encodings()[0].mean, 3.0);
  EXPECT_DOUBLE_EQ(pre.encodings()[0].scale, std::sqrt(3.5));
  EXPECT_EQ(pre.encodings()[1].mean, 5.0);
  EXPECT_EQ(pre.encodings()[1].scale, 1.0);
  EXPECT_EQ(pre.encodings()[2].categories, (std::vector<std::string>{"blue", "green", "red"}));
  EXPECT_EQ(pre.feature_names(),
            (std::vector<std::string>{"x", "const", "color=blue", "color=green", "color=red"}));
  EXPECT_EQ(pre.num_features(), 5);
}

TEST(Preprocess, TransformsTrainingRows) {
  const RawTable train = parse_csv(kTrain, "train.csv");
  const Preprocessor pre = Preprocessor::fit(train, kAllTrain, schema());
  const Dataset d = pre.transform(train, kAllTrain);
  const double sd = std::sqrt(3.5);
  const std::vector<double> expected{
      -2 / sd, 0, 0, 0, 1,  //
      -1 / sd, 0, 1, 0, 0,  //
      0,       0, 0, 0, 1,  //
      3 / sd,  0, 0, 1, 0};
  ASSERT_EQ(d.X.shape(), (Shape{4, 5}));
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(d.X.data()[i], expected[i], 1e-15) << i;
  EXPECT_EQ(std::vector<double>(d.y.begin(), d.y.end()), (std::vector<double>{0, 1, 1, 0}));
  EXPECT_EQ(std::vector<double>(d.s.begin(), d.s.end()), (std::vector<double>{0, 1, 0, 1}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"neg", "pos"}));
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.feature_names, pre.feature_names());
  // Training columns: mean 0, population std 1.
  double mean = 0.0;
  double squares = 0.0;
  for (Index i = 0; i < 4; ++i) mean += d.X.at({i, 0}) / 4;
  for (Index i = 0; i < 4; ++i) squares += (d.X.at({i, 0}) - mean) * (d.X.at({i, 0}) - mean) / 4;
  EXPECT_NEAR(mean, 0.0, 1e-15);
  EXPECT_NEAR(squares, 1.0, 1e-15);
}

TEST(Preprocess, TestRowsUseTrainingStatisticsAndCountUnseen) {
  const RawTable train = parse_csv(kTrain, "train.csv");
  const RawTable test = parse_csv(kTest, "test.csv");
  const Preprocessor pre = Preprocessor::fit(train, kAllTrain, schema());
  TransformReport report;
  const Dataset d = pre.transform(test, std::vector<Index>{0, 1, 2}, &report);
  const double sd = std::sqrt(3.5);
  const std::vector<double> expected{
      0,      0, 1, 0, 0,  //
      7 / sd, 2, 0, 0, 0,  // const 7 against the training constant 5: (7 - 5) / 1
      -3 / sd, 0, 0, 0, 0};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(d.X.data()[i], expected[i], 1e-15) << i;
  EXPECT_EQ(std::vector<double>(d.y.begin(), d.y.end()), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(std::vector<double>(d.s.begin(), d.s.end()), (std::vector<double>{1, 0, 0}));
  ASSERT_EQ(report.unseen.size(), 1u);
  EXPECT_EQ(report.unseen[0].column, "color");
  EXPECT_EQ(report.unseen[0].value, "pink");
  EXPECT_EQ(report.unseen[0].count, 2);
  // A second transform adds to the same report.
  pre.transform(test, std::vector<Index>{2}, &report);
  EXPECT_EQ(report.unseen[0].count, 3);
  EXPECT_EQ(report.unseen_total(), 3);
}

TEST(Preprocess, NonNumberErrorNamesFileLineAndColumn) {
  const RawTable train = parse_csv("x,g,y\n1,a,0\n2,b,1\nabc,b,1\n", "bad.csv");
  Schema s = schema();
  s.features = {numeric("x")};
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, std::vector<Index>{0, 1, 2}, s); }),
            "Preprocessor::fit(): bad.csv:4: column 'x' (#0): 'abc' is not a number");
  const Preprocessor pre = Preprocessor::fit(train, std::vector<Index>{0, 1}, s);
  EXPECT_EQ(error_message([&] { pre.transform(train, std::vector<Index>{2}); }),
            "Preprocessor::transform(): bad.csv:4: column 'x' (#0): 'abc' is not a number");
}

TEST(Preprocess, MissingCellsAreRefused) {
  const RawTable train = parse_csv("x,g,y\n1,a,0\n?,b,1\n", "m.csv");
  Schema s = schema();
  s.features = {numeric("x")};
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, std::vector<Index>{0, 1}, s); }),
            "Preprocessor::fit(): m.csv:3: column 'x' (#0): missing value '?' (select rows with select_rows() first)");
}

TEST(Preprocess, SingleSensitiveGroupIsRefused) {
  const RawTable train = parse_csv(kTrain, "train.csv");
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, std::vector<Index>{0, 2}, schema()); }),
            "Preprocessor::fit(): train.csv: sensitive column 'g' (#3) has a single group ('a') in the 2 training "
            "rows; 2 groups are needed");
  Schema three = schema();
  three.sensitive = ValueMap::by_values("g", {"a", "b", "c"}, {{"a"}, {"b"}, {"c"}});
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, kAllTrain, three); }),
            "Preprocessor::fit(): train.csv: sensitive column 'g' (#3): group 'c' (id 2) has none of the 4 training "
            "rows");
}

TEST(Preprocess, LabelOutsideMappingAndBadRows) {
  const RawTable train = parse_csv(kTrain, "train.csv");
  Schema s = schema();
  s.label = ValueMap::by_values("y", {"neg"}, {{"0"}});
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, kAllTrain, s); }),
            "map_values(): train.csv:3: column 'y' (#4): value '1' is outside the mapping ('0' -> 0)");
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, std::vector<Index>{}, schema()); }),
            "Preprocessor::fit(): no training rows in train.csv");
  EXPECT_EQ(error_message([&] { Preprocessor::fit(train, std::vector<Index>{4}, schema()); }),
            "Preprocessor::fit(): row 4 out of range for the 4 rows of train.csv");
}

}  // namespace
}  // namespace parity::data
