// The UCI Adult schema and loader; the choices are documented in adult.h.
#include "data/adult.h"

#include <utility>

#include "tensor/check.h"
#include "tensor/random.h"

namespace parity::data {

const std::vector<std::string>& adult_columns() {
  static const std::vector<std::string> columns{
      "age",          "workclass", "fnlwgt",       "education",    "education-num",
      "marital-status", "occupation", "relationship", "race",       "sex",
      "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"};
  return columns;
}

CsvOptions adult_csv_options() {
  return {.delimiter = ',', .header = false, .column_names = adult_columns(), .trim = true, .comment_prefix = "|"};
}

namespace {

ValueMap adult_sensitive_map(AdultSensitive sensitive) {
  switch (sensitive) {
    case AdultSensitive::Sex:
      return ValueMap::by_values("sex", {"Female", "Male"}, {{"Female"}, {"Male"}});
    case AdultSensitive::Race:
      return ValueMap::by_values("race", {"non-white", "White"},
                                 {{"Black", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other"}, {"White"}});
    case AdultSensitive::RaceGroups: {
      std::vector<std::string> races{"Amer-Indian-Eskimo", "Asian-Pac-Islander", "Black", "Other", "White"};
      std::vector<std::vector<std::string>> values;
      for (const std::string& race : races) values.push_back({race});
      return ValueMap::by_values("race", std::move(races), std::move(values));
    }
  }
  PARITY_CHECK(false, "adult_schema(): unknown AdultSensitive value ", static_cast<int>(sensitive));
  return {};
}

}  // namespace

Schema adult_schema(const AdultOptions& options) {
  Schema schema;
  for (const char* name : {"age", "education-num", "capital-gain", "capital-loss", "hours-per-week"}) {
    schema.features.push_back(numeric(name));
  }
  const char* sensitive = options.sensitive == AdultSensitive::Sex ? "sex" : "race";
  if (options.features == AdultFeatures::Full) {
    for (const char* name : {"workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
                             "native-country"}) {
      if (options.sensitive_as_feature || std::string(name) != sensitive) schema.features.push_back(categorical(name));
    }
  } else if (options.sensitive_as_feature) {
    schema.features.push_back(categorical(sensitive));
  }
  schema.label = ValueMap::by_values("income", {"<=50K", ">50K"}, {{"<=50K", "<=50K."}, {">50K", ">50K."}});
  schema.sensitive = adult_sensitive_map(options.sensitive);
  schema.missing_in_any_column = true;
  return schema;
}

TabularData load_adult(const std::filesystem::path& train_file, const std::filesystem::path& test_file,
                       const AdultOptions& options) {
  const RawTable train = read_csv(train_file, adult_csv_options());
  const RawTable test = read_csv(test_file, adult_csv_options());
  Rng rng(options.seed);
  return load_train_test(train, test, adult_schema(options), options.validation_fraction, rng);
}

}  // namespace parity::data
