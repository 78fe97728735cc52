// Tests for the CSV reader: RFC 4180 quoting, line ends, blank and comment lines, trimming,
// column lookup with duplicated names, and the message of every error path.
#include "data/csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

std::vector<std::string> row(const RawTable& t, Index r) {
  std::vector<std::string> out;
  for (Index c = 0; c < t.num_columns(); ++c) out.push_back(t.cell(r, c));
  return out;
}

TEST(Csv, ReadsHeaderAndRows) {
  const RawTable t = parse_csv("a,b,c\n1,2,3\n4,5,6\n", "t.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(row(t, 0), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(row(t, 1), (std::vector<std::string>{"4", "5", "6"}));
  EXPECT_EQ(t.lines, (std::vector<Index>{2, 3}));
  EXPECT_EQ(t.where(1), "t.csv:3");
}

TEST(Csv, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  const RawTable t = parse_csv("id,desc,n\n1,\"Poss 3,4 MDMA (Ecstasy)\",2\n2,\"say \"\"hi\"\"\",3\n"
                               "3,\"two\nlines\",4\n4,\"\",5\n",
                               "q.csv");
  ASSERT_EQ(t.num_rows(), 4);
  EXPECT_EQ(t.cell(0, 1), "Poss 3,4 MDMA (Ecstasy)");
  EXPECT_EQ(t.cell(1, 1), "say \"hi\"");
  EXPECT_EQ(t.cell(2, 1), "two\nlines");
  EXPECT_EQ(t.cell(3, 1), "");
  // The record with a line break starts on line 4; the next one on line 6.
  EXPECT_EQ(t.lines, (std::vector<Index>{2, 3, 4, 6}));
}

TEST(Csv, CrlfLineEndsAndTrailingEmptyLine) {
  const RawTable t = parse_csv("a,b\r\n1,\"x\"\r\n2,\r\n\r\n", "crlf.csv");
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(row(t, 0), (std::vector<std::string>{"1", "x"}));
  EXPECT_EQ(row(t, 1), (std::vector<std::string>{"2", ""}));
  const RawTable no_final_newline = parse_csv("a,b\n1,2", "n.csv");
  EXPECT_EQ(row(no_final_newline, 0), (std::vector<std::string>{"1", "2"}));
}

TEST(Csv, SkipsAUtf8ByteOrderMark) {
  const RawTable t = parse_csv("\xEF\xBB\xBFid,v\n1,2\n", "bom.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"id", "v"}));
}

TEST(Csv, HeaderlessWithNamesTrimAndComments) {
  CsvOptions options;
  options.header = false;
  options.column_names = {"age", "work", "label"};
  options.trim = true;
  options.comment_prefix = "|";
  const RawTable t = parse_csv("|1x3 Cross validator\n39, State-gov , <=50K.\n50,\t \"a, b\" ,>50K\n\n", "h", options);
  EXPECT_EQ(t.columns, options.column_names);
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(row(t, 0), (std::vector<std::string>{"39", "State-gov", "<=50K."}));
  EXPECT_EQ(row(t, 1), (std::vector<std::string>{"50", "a, b", ">50K"}));
  EXPECT_EQ(t.lines, (std::vector<Index>{2, 3}));
}

TEST(Csv, HeaderlessWithoutNamesNumbersColumns) {
  CsvOptions options;
  options.header = false;
  options.delimiter = ' ';
  const RawTable t = parse_csv("A11 6 1\nA12 48 2\n", "g", options);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(row(t, 1), (std::vector<std::string>{"A12", "48", "2"}));
}

TEST(Csv, SpaceDelimiterIsNotTrimmed) {
  CsvOptions options;
  options.header = false;
  options.delimiter = ' ';
  options.trim = true;
  const RawTable t = parse_csv("a  b\n", "s", options);
  EXPECT_EQ(row(t, 0), (std::vector<std::string>{"a", "", "b"}));
}

TEST(Csv, ColumnsByNameAndIndex) {
  const RawTable t = parse_csv("x,p,y,p\n1,7,2,7\n3,8,4,8\n", "dup.csv");
  EXPECT_EQ(t.column_index("x", "f()"), 0);
  EXPECT_EQ(t.column_index("y", "f()"), 2);
  // Duplicated but identical: not ambiguous, the first occurrence is used.
  EXPECT_EQ(t.column_index("p", "f()"), 1);
  EXPECT_EQ(t.column_index(ColumnRef::at(3), "f()"), 3);
  EXPECT_EQ(t.column_index(ColumnRef::at(3, "p"), "f()"), 3);
  EXPECT_EQ(t.describe_column(3), "column 'p' (#3)");
  EXPECT_EQ(ColumnRef("x").describe(), "'x'");
  EXPECT_EQ(ColumnRef::at(3).describe(), "#3");
  EXPECT_EQ(ColumnRef::at(3, "p").describe(), "#3 'p'");
}

TEST(Csv, ColumnLookupErrors) {
  const RawTable t = parse_csv("x,p,y,p\n1,7,2,7\n3,8,4,9\n", "dup.csv");
  EXPECT_EQ(error_message([&] { t.column_index("p", "fit()"); }),
            "fit(): dup.csv:3: column name 'p' is ambiguous: columns #1 and #3 differ ('8' vs '9'); "
            "address the column by index");
  EXPECT_EQ(error_message([&] { t.column_index("z", "fit()"); }), "fit(): dup.csv: no column 'z'; columns are: x, p, y, p");
  EXPECT_EQ(error_message([&] { t.column_index(ColumnRef::at(4), "fit()"); }),
            "fit(): dup.csv: column #4 out of range; the table has 4 columns");
  EXPECT_EQ(error_message([&] { t.column_index(ColumnRef::at(2, "p"), "fit()"); }),
            "fit(): dup.csv: column #2 is 'y', expected 'p'");
}

TEST(Csv, FieldCountErrorsNameLineAndColumn) {
  EXPECT_EQ(error_message([] { parse_csv("a,b,c\n1,2,3\n4,5\n", "f.csv"); }),
            "parse_csv(): f.csv:3: 2 fields where 3 are expected; missing from column #2 'c' onwards");
  EXPECT_EQ(error_message([] { parse_csv("a,b\n1,2\n\n4,5,6\n", "f.csv"); }),
            "parse_csv(): f.csv:4: 3 fields where 2 are expected; extra field #2 '6'");
}

TEST(Csv, QuotingErrors) {
  EXPECT_EQ(error_message([] { parse_csv("a,b\n1,\"open\n2,3\n", "q.csv"); }),
            "parse_csv(): q.csv:2: quoted field opened on this line is never closed");
  EXPECT_EQ(error_message([] { parse_csv("a,b\n1,\"x\"y\n", "q.csv"); }),
            "parse_csv(): q.csv:2: unexpected character 'y' after the closing quote of field \"x\"");
}

TEST(Csv, EmptyInputErrors) {
  EXPECT_EQ(error_message([] { parse_csv("", "e.csv"); }), "parse_csv(): e.csv:1: empty file (no records)");
  EXPECT_EQ(error_message([] { parse_csv("\n\r\n", "e.csv"); }), "parse_csv(): e.csv:1: empty file (no records)");
  EXPECT_EQ(error_message([] { parse_csv("a,b\n\n", "h.csv"); }), "parse_csv(): h.csv:1: header but no data rows");
}

TEST(Csv, ReadsFilesAndReportsUnreadableOnes) {
  const test_util::TempFile file("csv_read.csv");
  const std::filesystem::path& path = file.path();
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\r\n1,2\r\n";
  }
  const RawTable t = read_csv(path);
  EXPECT_EQ(t.source, path.string());
  EXPECT_EQ(row(t, 0), (std::vector<std::string>{"1", "2"}));
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
  }
  EXPECT_EQ(error_message([&] { read_csv(path); }), "read_csv(): " + path.string() + ":1: empty file (no records)");
  std::filesystem::remove(path);
  EXPECT_EQ(error_message([&] { read_csv(path); }), "read_csv(): cannot open " + path.string());
}

}  // namespace
}  // namespace parity::data
