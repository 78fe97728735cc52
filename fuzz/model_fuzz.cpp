// The model-folder loader on any bytes: the input is model.json, then, after each line "@@@",
// the next file of the folder in the order of kFiles (weights, biases, a mask, a frozen gate);
// load_model() reads them (nn/serialize.h).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "nn/serialize.h"

namespace {

constexpr std::array<const char*, 8> kFiles{"0.weight.npy", "0.bias.npy",      "2.weight.npy", "2.bias.npy",
                                             "1.gate.npy",   "0.weight.mask.npy", "1.weight.npy", "1.bias.npy"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const fs::path folder = parity::fuzz::scratch_folder() / "model";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "\n@@@\n";
  std::size_t start = 0;
  for (std::size_t part = 0; part <= kFiles.size() && start <= text.size(); ++part) {
    const std::size_t end = std::min(text.find(kSeparator, start), text.size());
    const fs::path file = folder / (part == 0 ? "model.json" : kFiles[part - 1]);
    parity::fuzz::write_bytes(file, data + start, end - start);
    start = end + kSeparator.size();
  }
  parity::fuzz::expect_accepted_or_named(folder.string(), [&] {
    parity::nn::load_model(folder.string());
  });
  return 0;
}
