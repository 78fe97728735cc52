// Tests for the COMPAS loader on the real file (skipped when absent). Expected counts were
// computed once with an independent script straight from the file.
#include "data/compas.h"

#include <gtest/gtest.h>

#include <string>

#include "common/data_dir.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

Index total_size(const TabularData& data) { return data.train.size() + data.validation.size() + data.test.size(); }

using test_util::total_counts;

TEST(Compas, ProPublicaFilterAndRace) {
  PARITY_REQUIRE_DATA(file, "compas/compas-scores-two-years.csv");
  const TabularData data = load_compas(file);
  const TableReport& report = data.report.tables.at(0);
  EXPECT_EQ(report.rows_read, 7214);
  ASSERT_EQ(report.filtered.size(), 5u);
  EXPECT_EQ(report.filtered[0].filter, "days_b_screening_arrest in [-30, 30]");
  EXPECT_EQ(report.filtered[0].removed, 1042);
  EXPECT_EQ(report.filtered[1].removed, 0);  // is_recid != -1, once the first filter has run
  EXPECT_EQ(report.filtered[2].removed, 0);  // c_charge_degree != O
  EXPECT_EQ(report.filtered[3].removed, 0);  // score_text != N/A
  // ProPublica's 6,172 rows, of which 5,278 are African-American or Caucasian.
  EXPECT_EQ(report.filtered[4].filter, "race one of {African-American, Caucasian}");
  EXPECT_EQ(report.filtered[4].removed, 6172 - 5278);
  EXPECT_EQ(report.dropped_missing, 0);
  EXPECT_EQ(report.rows_kept, 5278);
  EXPECT_EQ(total_size(data), 5278);
  EXPECT_EQ(total_counts(data, false), (std::vector<Index>{2795, 2483}));
  // Default fractions 0.7 / 0.1 / 0.2 per (y, s) cell of sizes 1514, 1281, 1661, 822.
  EXPECT_EQ(data.validation.size(), 151 + 128 + 166 + 82);
  EXPECT_EQ(data.test.size(), 303 + 256 + 332 + 164);
  EXPECT_EQ(data.test.class_group_counts(), (std::vector<std::vector<Index>>{{303, 256}, {332, 164}}));
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"African-American", "Caucasian"}));
  EXPECT_EQ(data.train.feature_names,
            (std::vector<std::string>{"sex=Female", "sex=Male", "age", "age_cat=25 - 45", "age_cat=Greater than 45",
                                      "age_cat=Less than 25", "juv_fel_count", "juv_misd_count", "juv_other_count",
                                      "priors_count", "c_charge_degree=F", "c_charge_degree=M"}));
}

TEST(Compas, SexAsSensitiveKeepsAllFilteredRows) {
  PARITY_REQUIRE_DATA(file, "compas/compas-scores-two-years.csv");
  const TabularData data = load_compas(file, {.sensitive = CompasSensitive::Sex, .seed = 3});
  EXPECT_EQ(data.report.tables.at(0).rows_kept, 6172);
  EXPECT_EQ(total_size(data), 6172);
  EXPECT_EQ(total_counts(data, false), (std::vector<Index>{3363, 2809}));
  EXPECT_EQ(data.train.group_names, (std::vector<std::string>{"Male", "Female"}));
  EXPECT_EQ(data.train.num_features(), 10);
  for (const std::string& name : data.train.feature_names) EXPECT_NE(name.rfind("sex", 0), 0u) << name;
  const std::vector<Index> groups = data.train.group_counts();
  const std::vector<Index> val = data.validation.group_counts();
  const std::vector<Index> test = data.test.group_counts();
  EXPECT_EQ(groups[0] + val[0] + test[0], 4997);
  EXPECT_EQ(groups[1] + val[1] + test[1], 1175);
}

TEST(Compas, SensitiveAsFeatureOnRequest) {
  PARITY_REQUIRE_DATA(file, "compas/compas-scores-two-years.csv");
  const TabularData data = load_compas(file, {.sensitive_as_feature = true});
  EXPECT_EQ(data.train.num_features(), 14);
  EXPECT_EQ(data.train.feature_names.back(), "race=Caucasian");
}

}  // namespace
}  // namespace parity::data
