// The COMPAS schema and loader; the choices are documented in compas.h.
#include "data/compas.h"

namespace parity::data {

Schema compas_schema(const CompasOptions& options) {
  const bool race = options.sensitive == CompasSensitive::Race;
  Schema schema;
  if (race || options.sensitive_as_feature) schema.features.push_back(categorical("sex"));
  schema.features.push_back(numeric("age"));
  schema.features.push_back(categorical("age_cat"));
  for (const char* name : {"juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count"}) {
    schema.features.push_back(numeric(name));
  }
  schema.features.push_back(categorical("c_charge_degree"));
  if (race && options.sensitive_as_feature) schema.features.push_back(categorical("race"));

  schema.filters = {RowFilter::in_range("days_b_screening_arrest", -30, 30),
                    RowFilter::none_of("is_recid", {"-1"}), RowFilter::none_of("c_charge_degree", {"O"}),
                    RowFilter::none_of("score_text", {"N/A"})};
  schema.label = ValueMap::by_values("two_year_recid", {"no recidivism", "recidivism"}, {{"0"}, {"1"}});
  if (race) {
    schema.filters.push_back(RowFilter::one_of("race", {"African-American", "Caucasian"}));
    schema.sensitive =
        ValueMap::by_values("race", {"African-American", "Caucasian"}, {{"African-American"}, {"Caucasian"}});
  } else {
    schema.sensitive = ValueMap::by_values("sex", {"Male", "Female"}, {{"Male"}, {"Female"}});
  }
  return schema;
}

TabularData load_compas(const std::filesystem::path& file, const CompasOptions& options) {
  const RawTable table = read_csv(file);
  Rng rng(options.seed);
  return load_split(table, compas_schema(options), options.fractions, rng);
}

}  // namespace parity::data
