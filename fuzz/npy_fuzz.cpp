// The .npy reader on any bytes: magic, version, header dictionary (descr, fortran_order, shape),
// every dtype and byte order, and the data (tensor/io.h).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_check.h"
#include "tensor/io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source = "fuzz.npy";
  parity::fuzz::expect_accepted_or_named(source, [&] {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    parity::read_npy(in, source);
  });
  return 0;
}
