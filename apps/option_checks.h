// Checks of option values for the `parity` tool, as CLI11 validators. CLI11 puts the option's
// name before the message, e.g. "--batch-size: expected an integer >= 1, got 0".
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>

namespace parity::cli {

/// An integer >= `low`.
CLI::Validator integer_at_least(std::int64_t low);
/// An integer in [low, high].
CLI::Validator integer_in(std::int64_t low, std::int64_t high);
/// A seed: an integer in [0, 2^64 - 1] (CLI11 alone would wrap -1 around to 2^64 - 1).
CLI::Validator seed_value();
/// A finite number > 0.
CLI::Validator positive_finite();

/// Throws parity::Error naming `option` when `file` cannot be created or written (its folder is
/// created; the file itself is removed again when it did not exist). Empty `file`: nothing to check.
void check_writable_file(const std::filesystem::path& file, const char* option);
/// Creates `folder` and checks that a file can be written in it; throws parity::Error naming
/// `option` otherwise.
void check_writable_folder(const std::filesystem::path& folder, const char* option);

}  // namespace parity::cli
