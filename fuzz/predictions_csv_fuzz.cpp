// The predictions CSV of `parity metrics` on any bytes: read_predictions(), the report and a
// small bootstrap (apps/metrics_command.h).
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "metrics_command.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = parity::fuzz::scratch_folder() / "predictions.csv";
  parity::fuzz::write_bytes(file, data, size);
  parity::fuzz::expect_accepted_or_named(file.string(), [&] {
    parity::cli::compute_metrics(parity::cli::read_predictions(file), file.string(),
                                 parity::cli::BootstrapOptions{.resamples = 3, .seed = 1, .confidence = 0.9});
  });
  return 0;
}
