// The LSAT bar-passage schema and loader; the choices are documented in lsat.h.
#include "data/lsat.h"

namespace parity::data {

Schema lsat_schema(const LsatOptions& options) {
  Schema schema;
  schema.features = {numeric("lsat"), numeric("ugpa")};
  schema.label = ValueMap::by_values("pass_bar", {"failed", "passed"}, {{"0"}, {"1"}});
  schema.sensitive = options.sensitive == LsatSensitive::Race
                         ? ValueMap::by_values("race1", {"non-white", "white"},
                                               {{"black", "hisp", "asian", "other"}, {"white"}})
                         : ValueMap::by_values("gender", {"female", "male"}, {{"female"}, {"male"}});
  return schema;
}

TabularData load_lsat(const std::filesystem::path& file, const LsatOptions& options) {
  const RawTable table = read_csv(file);
  Rng rng(options.seed);
  return load_split(table, lsat_schema(options), options.fractions, rng);
}

}  // namespace parity::data
