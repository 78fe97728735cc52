// The datasets the `parity` tool trains on, by name: the built-in Unfair2D and the real tables
// of data/ (read from a data folder: $PARITY_DATA_DIR, else ../shared/data).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace parity::cli {

struct NamedData {
  std::string name;
  std::string description;  ///< files, sensitive attribute, features and split
  data::Dataset train;
  data::Dataset test;
};

/// $PARITY_DATA_DIR when set and not empty, else ../shared/data.
std::filesystem::path default_data_dir();

/// "unfair2d", "adult", "adult-race", "lsat", "compas", "german", "celeba".
const std::vector<std::string>& dataset_names();

/// Sizes of the built-in Unfair2D set: Fast & Fair trains on 200 points; the test part is
/// larger than the paper's 100 so that group rates are estimated to about +-0.02.
struct Unfair2DSizes {
  Index train = 200;
  Index test = 5000;
};

/// Loads `name` with `seed` (data generation for Unfair2D, the stratified split otherwise):
///   unfair2d    two features, groups A (0) / B (1);
///   adult       the five continuous features of Fast & Fair, sensitive sex, official test file;
///   adult-race  the same with race as five groups (Amer-Indian-Eskimo, Asian-Pac-Islander, Black,
///               Other, White);
///   lsat        lsat and ugpa, sensitive race (non-white 0 / white 1), 80/20 split;
///   compas      ProPublica's filter, sensitive race (African-American 0 / Caucasian 1), 80/20;
///   german      sensitive sex, 80/20;
///   celeba      the CelebA attribute lists: Attractive from the other 38 attributes, sensitive
///               Male (Female 0 / Male 1), the official train and test partitions.
/// Throws parity::Error naming the known datasets for another name, or the missing file.
NamedData load_dataset(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed,
                       const Unfair2DSizes& unfair2d = {});

}  // namespace parity::cli
