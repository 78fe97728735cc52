// The datasets the `parity` tool trains on, by name: the built-in Unfair2D and the real tables
// of data/ (read from a data folder: $PARITY_DATA_DIR, else ../shared/data).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace parity::cli {

struct NamedData {
  std::string name;
  std::string description;  ///< files, sensitive attribute, features and split
  data::Dataset train;
  data::Dataset validation;  ///< empty (no rows) unless the dataset has a validation part
  data::Dataset test;
};

/// $PARITY_DATA_DIR when set and not empty, else ../shared/data.
std::filesystem::path default_data_dir();

/// "unfair2d", "adult", "adult-race", "adult-full", "lsat", "compas", "german", "celeba".
const std::vector<std::string>& dataset_names();

/// Sizes of the built-in Unfair2D set: Fast & Fair trains on 200 points; the test part is
/// larger than the paper's 100 so that group rates are estimated to about +-0.02. The
/// validation part is drawn only when LoadOptions::validation_fraction > 0.
struct Unfair2DSizes {
  Index train = 200;
  Index test = 5000;
  Index validation = 1000;
};

struct LoadOptions {
  Unfair2DSizes unfair2d{};
  /// Fraction of the training rows held out, stratified by (y, s), as the validation part, in
  /// [0, 1): for Adult of the official training file; for LSAT, COMPAS and German of the 80 %
  /// training share of their 80/20 split (the test part stays 20 %). CelebA always has its
  /// official validation partition. 0: no validation part (the `robust` set-up).
  double validation_fraction = 0.0;
  /// The sensitive attribute; empty: the dataset's default (see load_dataset()).
  std::string sensitive{};
  /// CelebA: the attribute predicted from the others; empty: Attractive. Other datasets have one
  /// label and take only empty.
  std::string label{};
};

/// The sensitive attributes `name` accepts (the first is its default); for celeba any
/// attribute name of the annotation file.
std::vector<std::string> sensitive_names(const std::string& name);

/// Loads `name` with `seed` (data generation for Unfair2D, the stratified splits otherwise):
///   unfair2d    two features, groups A (0) / B (1);
///   adult       the five continuous features of Fast & Fair, sensitive sex (or race as five
///               groups), official test file;
///   adult-race  the same with race as five groups (Amer-Indian-Eskimo, Asian-Pac-Islander, Black,
///               Other, White);
///   adult-full  the 103-feature set-up of fairness papers and Fairlearn's Adult example: all
///               features one-hot, the sensitive attribute kept as a feature, sensitive sex
///               (Female 0 / Male 1) or race (five groups), official test file;
///   lsat        lsat and ugpa, sensitive race (non-white 0 / white 1) or gender, 80/20 split;
///   compas      ProPublica's filter, sensitive race (African-American 0 / Caucasian 1) or sex,
///               80/20;
///   german      sensitive sex or age, 80/20;
///   celeba      the CelebA attribute lists: Attractive (or options.label) from the others, sensitive
///               Male (Female 0 / Male 1) or another attribute, the official partitions.
/// Throws parity::Error naming the known datasets for another name, the known sensitive
/// attributes for another one, a validation fraction outside [0, 1), or the missing file.
NamedData load_dataset(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed,
                       const LoadOptions& options = {});

/// load_dataset() with the default options, or nothing after printing "<label>: skipped (<reason>)"
/// and a blank line on `out` when it throws: the benchmarks run on whichever data sets are present.
std::optional<NamedData> load_dataset_or_skip(const std::string& name, const std::filesystem::path& data_dir,
                                              std::uint64_t seed, const std::string& label, std::ostream& out);

}  // namespace parity::cli
