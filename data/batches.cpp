// Mini-batches as row gathers over a fixed per-epoch order.
#include "data/batches.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::data {

namespace {

Batch gather_batch(const Dataset& data, std::vector<Index> rows) {
  Batch batch;
  batch.rows = std::move(rows);
  batch.X = gather_rows(data.X, batch.rows);
  batch.y = gather_rows(data.y, batch.rows);
  batch.s = gather_rows(data.s, batch.rows);
  return batch;
}

}  // namespace

MiniBatches::MiniBatches(const Dataset& data, const BatchOptions& options, Rng& rng)
    : data_(data), batch_size_(options.batch_size) {
  PARITY_CHECK(batch_size_ >= 1, "MiniBatches(): batch_size must be at least 1, got ", batch_size_);
  data.validate("MiniBatches()");
  const Index n = data.size();
  if (options.shuffle) {
    order_ = rng.permutation(n);
  } else {
    order_.resize(static_cast<std::size_t>(n));
    std::iota(order_.begin(), order_.end(), Index{0});
  }
  count_ = options.drop_last ? n / batch_size_ : (n + batch_size_ - 1) / batch_size_;
}

Batch MiniBatches::operator[](Index k) const {
  PARITY_CHECK(k >= 0 && k < count_, "MiniBatches::operator[](): batch ", k, " out of range [0, ", count_, ")");
  const Index begin = k * batch_size_;
  const Index end = std::min(begin + batch_size_, data_.size());
  return gather_batch(data_, std::vector<Index>(order_.begin() + begin, order_.begin() + end));
}

StratifiedBatches::StratifiedBatches(const Dataset& data, const BatchOptions& options, Rng& rng) : data_(data) {
  PARITY_CHECK(options.batch_size >= 1, "StratifiedBatches(): batch_size must be at least 1, got ",
               options.batch_size);
  data.validate("StratifiedBatches()");
  const Index n = data.size();
  const Index groups = data.num_groups();
  cells_.assign(static_cast<std::size_t>(data.num_classes() * groups), {});
  for (Index i = 0; i < n; ++i) {
    const auto cell = static_cast<Index>(data.y.data()[i]) * groups + static_cast<Index>(data.s.data()[i]);
    cells_[static_cast<std::size_t>(cell)].push_back(i);
  }
  if (options.shuffle) {
    for (std::vector<Index>& rows : cells_) {
      const std::vector<Index> order = rng.permutation(static_cast<Index>(rows.size()));
      std::vector<Index> shuffled;
      shuffled.reserve(rows.size());
      for (Index k : order) shuffled.push_back(rows[static_cast<std::size_t>(k)]);
      rows = std::move(shuffled);
    }
  }
  count_ = std::max<Index>(1, (n + options.batch_size - 1) / options.batch_size);
}

Batch StratifiedBatches::operator[](Index k) const {
  PARITY_CHECK(k >= 0 && k < count_, "StratifiedBatches::operator[](): batch ", k, " out of range [0, ", count_,
               ")");
  std::vector<Index> rows;
  for (const std::vector<Index>& cell : cells_) {
    const auto size = static_cast<Index>(cell.size());
    rows.insert(rows.end(), cell.begin() + k * size / count_, cell.begin() + (k + 1) * size / count_);
  }
  return gather_batch(data_, std::move(rows));
}

}  // namespace parity::data
