// The data selections of the Fast & Fair reference code (elizabethnewman/fast-n-fair), for
// `--setup reference`, beside the tool's own set-ups (datasets.h):
//   unfair2d  200 training and 50 test points (its ex_unfair_2d defaults);
//   adult     the five continuous features; adult.data read with its first row taken as a
//             header (32,560 rows, '?' rows kept: the five columns have no missing values),
//             standardised with the mean and sample standard deviation of all those rows; the
//             first 10,000 rows train; label 1 = '<=50K' (the reverse of the tool's); groups
//             Female 0 / Male 1; test: adult.test without its first data row (the reference's
//             header=1 consumes it), 16,280 rows;
//   lsat      lsat and ugpa, race1 white 1 / other 0 (the 16 rows without race count as
//             non-white, as in the reference); a training sample balanced over the four
//             (pass_bar, group) cells: floor(0.8 n_min) random rows from each, n_min the
//             smallest cell; standardised with the training sample's statistics. The reference
//             evaluates on that same sample (its test rows are its training rows); here the
//             test part is n_min - floor(0.8 n_min) further rows of each cell, held out.
#pragma once

#include <cstdint>
#include <filesystem>

#include "datasets.h"

namespace parity::cli {

/// Names accepted by --setup: "ours" (datasets.h) and "reference" (above).
const std::vector<std::string>& setup_names();

/// The reference selection of `name` (unfair2d, adult or lsat) with `seed` (Unfair2D's draws,
/// LSAT's balanced sample). Throws parity::Error for another dataset or a missing file.
NamedData load_reference_setup(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed);

}  // namespace parity::cli
