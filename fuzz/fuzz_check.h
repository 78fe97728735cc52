// What every fuzz target checks: the library either accepts the input or throws parity::Error
// whose message names the input's file; anything else (another exception, a crash, a hang, a
// sanitizer report) is a defect, and so is an error that does not say which file was wrong.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "tensor/check.h"

namespace parity::fuzz {

template <class F>
void expect_accepted_or_named(const std::string& source, F&& f) {
  try {
    f();
  } catch (const Error& e) {
    if (std::string_view(e.what()).find(source) == std::string_view::npos) {
      std::fprintf(stderr, "parity::Error without the file name %s: %s\n", source.c_str(), e.what());
      std::abort();
    }
  }
}

/// A folder of this process for the files a target writes.
inline const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path f =
        std::filesystem::temp_directory_path() / ("parity_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(f);
    return f;
  }();
  return folder;
}

inline void write_bytes(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace parity::fuzz
