#include "output.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tensor/check.h"

namespace parity::cli {
namespace {

TEST(Table, PadsColumnsAndUnderlinesTheHeader) {
  Table table({"model", "accuracy"});
  table.add_row({"trs", "0.5"});
  table.add_row({"non-robust", "0.75"});
  EXPECT_EQ(table.to_string(),
            "model       accuracy\n"
            "--------------------\n"
            "trs              0.5\n"
            "non-robust      0.75\n");
}

TEST(Table, RefusesRowsOfTheWrongLength) {
  Table table({"a", "b"});
  try {
    table.add_row({"1"});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "Table::add_row(): 1 cells for 2 columns");
  }
}

TEST(Fixed, UndefinedValuesAreNamedNotNaN) {
  EXPECT_EQ(fixed(0.125, 2), "0.12");
  EXPECT_EQ(fixed(std::optional<double>{}, 3), "undef");
  EXPECT_TRUE(to_json(std::optional<double>{}).is_null());
  EXPECT_EQ(to_json(std::optional<double>{2.5}).get<double>(), 2.5);
}

TEST(WriteJson, CreatesFoldersAndWritesIndentedJson) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "parity_output_test" / "sub" / "x.json";
  std::filesystem::remove_all(file.parent_path().parent_path());
  write_json({{"a", 1}}, file);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "{\n  \"a\": 1\n}\n");
}

}  // namespace
}  // namespace parity::cli
