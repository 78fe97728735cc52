// The IDX reader (MNIST format) on any bytes, plain or gzip-compressed: the first byte picks
// images or labels, the rest is the file (data/idx.h, data/gzip.h).
#include <cstddef>
#include <cstdint>

#include "data/idx.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::filesystem::path file = parity::fuzz::scratch_folder() / "fuzz-idx-ubyte";
  parity::fuzz::write_bytes(file, data + 1, size - 1);
  parity::fuzz::expect_accepted_or_named(file.string(), [&] {
    if (data[0] % 2 == 0) {
      parity::data::read_idx_images(file);
    } else {
      parity::data::read_idx_labels(file);
    }
  });
  return 0;
}
