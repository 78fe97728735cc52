// MiniBatches: one epoch of mini-batches over a Dataset. The sample order is a permutation drawn
// from the caller's Rng when the object is made (or the identity without shuffling), so the same
// Rng state gives the same batches; make a new MiniBatches for each epoch.
//   for (const Batch& b : MiniBatches(train, {.batch_size = 64}, rng)) { ... }
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

  class Iterator {
   public:
    Iterator(const MiniBatches* owner, Index k) : owner_(owner), k_(k) {}
    Batch operator*() const { return (*owner_)[k_]; }
    Iterator& operator++() {
      ++k_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return k_ == other.k_; }

   private:
    const MiniBatches* owner_;
    Index k_;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, count_}; }

 private:
  const Dataset& data_;
  Index batch_size_;
  std::vector<Index> order_;
  Index count_;
};

}  // namespace parity::data
