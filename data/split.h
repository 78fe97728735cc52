// Stratified train / validation / test split by the (label, group) cell: every (y, s) cell is
// shuffled and cut by the fractions, so each part keeps the cell proportions of the whole
// (up to rounding inside each cell). The same Rng state gives the same split.
#pragma once

#include <span>
#include <vector>

#include "data/dataset.h"
#include "tensor/random.h"

namespace parity::data {

/// Fractions of the samples for each part; each >= 0, train > 0, summing to 1.
struct SplitFractions {
  double train = 0.7;
  double validation = 0.1;
  double test = 0.2;
};

/// Row indices of each part, ascending.
struct SplitIndices {
  std::vector<Index> train;
  std::vector<Index> validation;
  std::vector<Index> test;
};

struct DatasetSplit {
  Dataset train;
  Dataset validation;
  Dataset test;
};

/// Splits samples 0..n-1 given their labels y [n] and groups s [n] (non-negative ids). Cells are
/// visited in ascending (y, s) order; a cell of m samples is permuted with `rng`, its first
/// round(m * validation) samples go to validation, the next round(m * test) to test (capped at
/// what is left), the rest to train. Throws on bad fractions, sizes or ids.
SplitIndices stratified_split_indices(std::span<const Index> y, std::span<const Index> s,
                                      const SplitFractions& fractions, Rng& rng);

/// The same split applied to a Dataset.
DatasetSplit stratified_split(const Dataset& data, const SplitFractions& fractions, Rng& rng);

}  // namespace parity::data
