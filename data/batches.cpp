// Mini-batches as row gathers over a fixed per-epoch order.
#include "data/batches.h"

#include <algorithm>
#include <numeric>

#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::data {

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
  Batch batch;
  batch.rows.assign(order_.begin() + begin, order_.begin() + end);
  batch.X = gather_rows(data_.X, batch.rows);
  batch.y = gather_rows(data_.y, batch.rows);
  batch.s = gather_rows(data_.s, batch.rows);
  return batch;
}

}  // namespace parity::data
