// The schema CSV reader on any bytes: the first byte picks the data set whose CSV options and
// schema read the rest (Adult, LSAT, COMPAS, German credit), through parse_csv() and the
// loaders' split and encoding (data/tabular.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/adult.h"
#include "data/compas.h"
#include "data/csv.h"
#include "data/german.h"
#include "data/lsat.h"
#include "data/tabular.h"
#include "fuzz_check.h"
#include "tensor/random.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parity::data;
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string source = "fuzz.csv";
  parity::fuzz::expect_accepted_or_named(source, [&] {
    parity::Rng rng(0);
    switch (data[0] % 4) {
      case 0: {
        const RawTable table = parse_csv(text, source, adult_csv_options());
        load_train_test(table, table, adult_schema({.features = AdultFeatures::Full}), 0.2, rng);
        break;
      }
      case 1:
        load_split(parse_csv(text, source), lsat_schema(), {}, rng);
        break;
      case 2:
        load_split(parse_csv(text, source), compas_schema(), {}, rng);
        break;
      default:
        load_split(parse_csv(text, source, german_csv_options()), german_schema(), {}, rng);
        break;
    }
  });
  return 0;
}
