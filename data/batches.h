// MiniBatches: one epoch of mini-batches over a Dataset. The sample order is a permutation drawn
// from the caller's Rng when the object is made (or the identity without shuffling), so the same
// Rng state gives the same batches; make a new MiniBatches for each epoch.
//   for (const Batch& b : MiniBatches(train, {.batch_size = 64}, rng)) { ... }
// StratifiedBatches: the same, with every batch drawing from each (y, s) cell in proportion to
// the cell's size, so that every cell of at least K rows (K batches) appears in every batch.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "tensor/random.h"

namespace parity::data {

struct BatchOptions {
  Index batch_size = 64;
  bool shuffle = true;
  /// Drop a final batch smaller than batch_size.
  bool drop_last = false;
};

/// Samples rows[0], rows[1], ... of the dataset.
struct Batch {
  /// [b, ...]: the rows of Dataset::X.
  Tensor X;
  /// [b] labels and [b] groups.
  Tensor y;
  Tensor s;
  /// [b] indices of the samples in the dataset.
  std::vector<Index> rows;
};

/// Iterates batch 0, 1, ... of a batch sequence with size() and operator[].
template <class Owner>
class BatchIterator {
 public:
  BatchIterator(const Owner* owner, Index k) : owner_(owner), k_(k) {}
  Batch operator*() const { return (*owner_)[k_]; }
  BatchIterator& operator++() {
    ++k_;
    return *this;
  }
  bool operator==(const BatchIterator& other) const { return k_ == other.k_; }

 private:
  const Owner* owner_;
  Index k_;
};

class MiniBatches {
 public:
  /// Throws when batch_size < 1 or the dataset is invalid. Keeps a reference to `data`, which
  /// must outlive this object.
  MiniBatches(const Dataset& data, const BatchOptions& options, Rng& rng);
  MiniBatches(Dataset&& data, const BatchOptions& options, Rng& rng) = delete;

  /// Number of batches: ceil(n / batch_size), or floor(n / batch_size) with drop_last.
  Index size() const { return count_; }
  /// Batch k in [0, size()).
  Batch operator[](Index k) const;

  using Iterator = BatchIterator<MiniBatches>;
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, count_}; }

 private:
  const Dataset& data_;
  Index batch_size_;
  std::vector<Index> order_;
  Index count_;
};

/// K = ceil(n / batch_size) batches (at least 1). The rows of each (y, s) cell, in random order
/// (or ascending without shuffling), are cut into K consecutive runs, cell c of n_c rows giving
/// batch k its rows floor(k n_c / K) .. floor((k + 1) n_c / K) - 1; batch k lists them cell by
/// cell (y major, then s). Every row appears in exactly one batch, a batch holds
/// floor(n_c / K) or ceil(n_c / K) rows of cell c, and batch sizes differ by at most the number
/// of cells. drop_last has no effect (no batch is short).
class StratifiedBatches {
 public:
  /// Throws when batch_size < 1 or the dataset is invalid. Keeps a reference to `data`.
  StratifiedBatches(const Dataset& data, const BatchOptions& options, Rng& rng);
  StratifiedBatches(Dataset&& data, const BatchOptions& options, Rng& rng) = delete;

  Index size() const { return count_; }
  Batch operator[](Index k) const;

  using Iterator = BatchIterator<StratifiedBatches>;
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, count_}; }

 private:
  const Dataset& data_;
  std::vector<std::vector<Index>> cells_;  ///< rows of each (y, s) cell, in batch order
  Index count_;
};

}  // namespace parity::data
