// Tests for schemas: number parsing, value maps (lists and thresholds), row filters with their
// counts, the missing-value policies, and the messages of the error paths.
#include "data/schema.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// Five people; row 3 has a missing age, row 4 an empty city.
const char* kPeople =
    "name,age,city,sex,income\n"
    "ann,30,Oslo,F,high\n"
    "bob,45,Rome,M,low\n"
    "cid,19,Oslo,M,low\n"
    "dan,?,Rome,M,high\n"
    "eve,52,,F,low\n";

Schema people_schema() {
  Schema schema;
  schema.features = {numeric("age"), categorical("city")};
  schema.label = ValueMap::by_values("income", {"low", "high"}, {{"low"}, {"high"}});
  schema.sensitive = ValueMap::by_values("sex", {"F", "M"}, {{"F"}, {"M"}});
  return schema;
}

TEST(Schema, ParseNumberAcceptsWholeFiniteNumbersOnly) {
  EXPECT_EQ(parse_number("42"), 42.0);
  EXPECT_EQ(parse_number("-0.5"), -0.5);
  EXPECT_EQ(parse_number("+1e3"), 1000.0);
  EXPECT_EQ(parse_number("13.5"), 13.5);
  for (const char* bad : {"", "abc", "1,5", "12a", " 1", "inf", "nan", "1e999", "+"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
}

TEST(Schema, ValueMapValidation) {
  EXPECT_EQ(error_message([] { ValueMap::by_values("c", {"a", "b"}, {{"x"}}); }),
            "ValueMap::by_values(): map of column 'c' has 2 names and 1 value lists; need as many, at least one");
  EXPECT_EQ(error_message([] { ValueMap::by_values("c", {"a", "b"}, {{"x", "y"}, {"y"}}); }),
            "ValueMap::by_values(): map of column 'c' lists value 'y' more than once");
  EXPECT_EQ(error_message([] { ValueMap::above("age", std::numeric_limits<double>::infinity(), "young", "old"); }),
            "ValueMap::above(): threshold of column 'age' is not finite: inf");
}

TEST(Schema, MapValuesByListsAndThreshold) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  const std::vector<Index> rows{0, 1, 2, 4};
  EXPECT_EQ(map_values(t, rows, people_schema().label), (std::vector<Index>{1, 0, 0, 0}));
  EXPECT_EQ(map_values(t, rows, people_schema().sensitive), (std::vector<Index>{0, 1, 1, 0}));
  // German-style age > 25: 30 and 45 and 52 are above, 19 is not.
  EXPECT_EQ(map_values(t, rows, ValueMap::above("age", 25, "young", "old")), (std::vector<Index>{1, 1, 0, 1}));
}

TEST(Schema, MapValuesErrorsNameFileLineAndColumn) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  const std::vector<Index> rows{0, 3};
  EXPECT_EQ(error_message([&] { map_values(t, rows, ValueMap::by_values("income", {"low"}, {{"low"}})); }),
            "map_values(): people.csv:2: column 'income' (#4): value 'high' is outside the mapping ('low' -> 0)");
  EXPECT_EQ(error_message([&] { map_values(t, rows, ValueMap::above("age", 25, "young", "old")); }),
            "map_values(): people.csv:5: column 'age' (#1): '?' is not a number (threshold map)");
}

TEST(Schema, SelectRowsDropsMissingInUsedColumnsAndCounts) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  const RowSelection selection = select_rows(t, people_schema());
  EXPECT_EQ(selection.rows, (std::vector<Index>{0, 1, 2}));
  EXPECT_EQ(selection.report.source, "people.csv");
  EXPECT_EQ(selection.report.rows_read, 5);
  EXPECT_EQ(selection.report.dropped_missing, 2);
  EXPECT_EQ(selection.report.rows_kept, 3);
}

TEST(Schema, MissingOnlyInUnusedColumnsKeepsTheRow) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  Schema schema = people_schema();
  schema.features = {categorical("city")};
  EXPECT_EQ(select_rows(t, schema).rows, (std::vector<Index>{0, 1, 2, 3}));
  schema.missing_in_any_column = true;
  EXPECT_EQ(select_rows(t, schema).rows, (std::vector<Index>{0, 1, 2}));
}

TEST(Schema, MissingPolicyFailNamesTheCell) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  Schema schema = people_schema();
  schema.missing_policy = MissingPolicy::Fail;
  EXPECT_EQ(error_message([&] { select_rows(t, schema); }),
            "select_rows(): people.csv:5: column 'age' (#1): missing value '?' (the missing-value policy is Fail)");
}

TEST(Schema, FiltersRemoveRowsAndCountThemInOrder) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  Schema schema = people_schema();
  schema.missing_values = {"?"};
  schema.filters = {RowFilter::in_range("age", 20, 50), RowFilter::none_of("city", {"Rome"}),
                    RowFilter::one_of("sex", {"F"})};
  const RowSelection selection = select_rows(t, schema);
  // ann passes all; bob fails city; cid and eve fail age; dan (missing age) fails the range.
  EXPECT_EQ(selection.rows, (std::vector<Index>{0}));
  ASSERT_EQ(selection.report.filtered.size(), 3u);
  EXPECT_EQ(selection.report.filtered[0].filter, "age in [20, 50]");
  EXPECT_EQ(selection.report.filtered[0].removed, 3);
  EXPECT_EQ(selection.report.filtered[1].filter, "city none of {Rome}");
  EXPECT_EQ(selection.report.filtered[1].removed, 1);
  EXPECT_EQ(selection.report.filtered[2].filter, "sex one of {F}");
  EXPECT_EQ(selection.report.filtered[2].removed, 0);
  EXPECT_EQ(selection.report.dropped_missing, 0);
}

TEST(Schema, FilterErrors) {
  const RawTable t = parse_csv(kPeople, "people.csv");
  Schema schema = people_schema();
  schema.filters = {RowFilter::in_range("city", 0, 1)};
  EXPECT_EQ(error_message([&] { select_rows(t, schema); }),
            "select_rows(): people.csv:2: column 'city' (#2): 'Oslo' is not a number (filter city in [0, 1])");
  EXPECT_EQ(error_message([] { RowFilter::in_range("age", 2, 1); }),
            "RowFilter::in_range(): empty range [2, 1] for column 'age'");
  schema.filters = {RowFilter::one_of("town", {"Oslo"})};
  EXPECT_EQ(error_message([&] { select_rows(t, schema); }),
            "select_rows(): people.csv: no column 'town'; columns are: name, age, city, sex, income");
}

}  // namespace
}  // namespace parity::data
