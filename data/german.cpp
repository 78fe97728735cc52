// The German credit schema and loader; the choices are documented in german.h.
#include "data/german.h"

#include <algorithm>

namespace parity::data {

const std::vector<std::string>& german_columns() {
  static const std::vector<std::string> columns{
      "checking_status", "duration",        "credit_history",  "purpose",     "credit_amount",
      "savings",         "employment",      "installment_rate", "personal_status", "other_debtors",
      "residence_since", "property",        "age",             "other_installment_plans", "housing",
      "existing_credits", "job",            "num_dependents",  "telephone",   "foreign_worker",
      "class"};
  return columns;
}

CsvOptions german_csv_options() {
  return {.delimiter = ' ', .header = false, .column_names = german_columns(), .trim = false, .comment_prefix = {}};
}

Schema german_schema(const GermanOptions& options) {
  static const std::vector<std::string> numeric_columns{"duration",        "credit_amount",    "installment_rate",
                                                        "residence_since", "age",              "existing_credits",
                                                        "num_dependents"};
  const std::string source = options.sensitive == GermanSensitive::Sex ? "personal_status" : "age";
  Schema schema;
  for (const std::string& name : german_columns()) {
    if (name == "class" || (name == source && !options.sensitive_as_feature)) continue;
    const bool is_numeric = std::find(numeric_columns.begin(), numeric_columns.end(), name) != numeric_columns.end();
    schema.features.push_back(is_numeric ? numeric(name) : categorical(name));
  }
  schema.label = ValueMap::by_values("class", {"bad", "good"}, {{"2"}, {"1"}});
  schema.sensitive = options.sensitive == GermanSensitive::Sex
                         ? ValueMap::by_values("personal_status", {"female", "male"},
                                               {{"A92", "A95"}, {"A91", "A93", "A94"}})
                         : ValueMap::above("age", 25, "age<=25", "age>25");
  return schema;
}

TabularData load_german(const std::filesystem::path& file, const GermanOptions& options) {
  const RawTable table = read_csv(file, german_csv_options());
  Rng rng(options.seed);
  return load_split(table, german_schema(options), options.fractions, rng);
}

}  // namespace parity::data
