// Tests for the German credit loader on the real file (skipped when absent). Expected counts were
// computed once with an independent script straight from the file.
#include "data/german.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/data_dir.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::total_counts;

TEST(German, SexFromPersonalStatus) {
  PARITY_REQUIRE_DATA(file, "german/german.data");
  const TabularData data = load_german(file);
  EXPECT_EQ(data.report.tables.at(0).rows_read, 1000);
  EXPECT_EQ(data.report.tables.at(0).rows_kept, 1000);
  EXPECT_EQ(total_counts(data, false), (std::vector<Index>{300, 700}));
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"female", "male"}));
  EXPECT_EQ(total_counts(data, true), (std::vector<Index>{310, 690}));
  // Cells (y, s): (bad, female) 109, (bad, male) 191, (good, female) 201, (good, male) 499.
  EXPECT_EQ(data.test.class_group_counts(), (std::vector<std::vector<Index>>{{22, 38}, {40, 100}}));
  // 7 numeric columns and 12 one-hot blocks (personal_status left out) of 50 categories, every
  // one of which occurs in training (the rarest, purpose A48, has 9 rows).
  EXPECT_EQ(data.train.num_features(), 57);
  EXPECT_EQ(data.report.test.unseen_total(), 0);
  for (const std::string& name : data.train.feature_names) EXPECT_NE(name.rfind("personal_status", 0), 0u);
}

TEST(German, DefaultFractionsHoldOutAStratifiedValidationPart) {
  PARITY_REQUIRE_DATA(file, "german/german.data");
  const TabularData data = load_german(file, {.seed = 3});
  // Cells [class][sex]: bad 109 female / 191 male, good 201 / 499; validation round(0.1 m).
  EXPECT_EQ(data.validation.class_group_counts(), (std::vector<std::vector<Index>>{{11, 19}, {20, 50}}));
}

TEST(German, AgeAbove25) {
  PARITY_REQUIRE_DATA(file, "german/german.data");
  const TabularData data = load_german(file, {.sensitive = GermanSensitive::Age, .seed = 4});
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"age<=25", "age>25"}));
  EXPECT_EQ(total_counts(data, true), (std::vector<Index>{190, 810}));
  EXPECT_EQ(data.train.num_features(), 6 + 54);
  for (const std::string& name : data.train.feature_names) EXPECT_NE(name, "age");
}

TEST(German, UnseenCategoriesAreCountedAndEncodedAsZeros) {
  PARITY_REQUIRE_DATA(file, "german/german.data");
  // A 5% training part misses some rare categories.
  const TabularData data = load_german(file, {.fractions = {0.05, 0.0, 0.95}, .seed = 1});
  ASSERT_GT(data.report.test.unseen_total(), 0);
  // Each unseen value leaves its column's one-hot block all zero; count those blocks.
  std::map<std::string, Index> zero_blocks;
  for (const ColumnEncoding& enc : data.preprocessor.encodings()) {
    if (enc.kind != FeatureKind::Categorical) continue;
    Index first = 0;
    while (data.test.feature_names[static_cast<std::size_t>(first)] != enc.name + "=" + enc.categories[0]) ++first;
    for (Index i = 0; i < data.test.size(); ++i) {
      double block = 0.0;
      for (std::size_t k = 0; k < enc.categories.size(); ++k) block += data.test.X.at({i, first + static_cast<Index>(k)});
      if (block == 0.0) ++zero_blocks[enc.name];
    }
  }
  std::map<std::string, Index> reported;
  for (const UnseenCategory& u : data.report.test.unseen) reported[u.column] += u.count;
  EXPECT_EQ(zero_blocks, reported);
}

}  // namespace
}  // namespace parity::data
