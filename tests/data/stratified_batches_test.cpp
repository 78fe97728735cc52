// Tests for StratifiedBatches: every sample once per epoch, each (y, s) cell split evenly over
// the batches, the ascending order without shuffling, same seed -> same batches, error paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "data/batches.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// Sample i has label i % 2 and group (i / 2) % 3: for n = 31 the six (y, s) cells hold 6 rows
// (cell (0, 0)) or 5.
Dataset cells(Index n) {
  Dataset d;
  d.X = Tensor(Shape{n, 1});
  d.y = Tensor(Shape{n});
  d.s = Tensor(Shape{n});
  for (Index i = 0; i < n; ++i) {
    d.X.at({i, 0}) = static_cast<double>(i);
    d.y.at({i}) = static_cast<double>(i % 2);
    d.s.at({i}) = static_cast<double>((i / 2) % 3);
  }
  d.class_names = {"0", "1"};
  d.group_names = {"0", "1", "2"};
  return d;
}

TEST(StratifiedBatches, EveryRowOnceAndCellsSpreadEvenly) {
  const Dataset d = cells(31);
  Rng rng(5);
  const StratifiedBatches batches(d, {.batch_size = 10}, rng);
  ASSERT_EQ(batches.size(), 4);  // ceil(31 / 10)
  std::vector<Index> seen;
  for (const Batch& b : batches) {
    std::map<std::pair<int, int>, int> per_cell;
    for (Index i = 0; i < b.y.numel(); ++i) {
      ++per_cell[{static_cast<int>(b.y.data()[i]), static_cast<int>(b.s.data()[i])}];
      EXPECT_EQ(b.X.data()[i], static_cast<double>(b.rows[static_cast<std::size_t>(i)]));
    }
    // Cells of 5 or 6 rows over 4 batches: 1 or 2 rows each, every cell present.
    EXPECT_EQ(per_cell.size(), 6u);
    for (const auto& [cell, count] : per_cell) EXPECT_TRUE(count == 1 || count == 2);
    seen.insert(seen.end(), b.rows.begin(), b.rows.end());
  }
  std::sort(seen.begin(), seen.end());
  std::vector<Index> all(31);
  for (Index i = 0; i < 31; ++i) all[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(seen, all);
}

TEST(StratifiedBatches, OrderAndDeterminism) {
  const Dataset d = cells(12);
  Rng rng(1);
  // Without shuffling, one batch lists the cells (y major, then s) in ascending row order:
  // (0,0): 0, 6; (0,1): 2, 8; (0,2): 4, 10; (1,0): 1, 7; (1,1): 3, 9; (1,2): 5, 11.
  const StratifiedBatches one(d, {.batch_size = 12, .shuffle = false}, rng);
  EXPECT_EQ(one[0].rows, (std::vector<Index>{0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11}));
  Rng a(3), b(3);
  const StratifiedBatches x(d, {.batch_size = 4}, a);
  const StratifiedBatches y(d, {.batch_size = 4}, b);
  for (Index k = 0; k < x.size(); ++k) EXPECT_EQ(x[k].rows, y[k].rows);
}

TEST(StratifiedBatches, ErrorPaths) {
  const Dataset d = cells(4);
  Rng rng(0);
  EXPECT_EQ(error_message([&] { StratifiedBatches(d, {.batch_size = 0}, rng); }),
            "StratifiedBatches(): batch_size must be at least 1, got 0");
  const StratifiedBatches batches(d, {.batch_size = 2}, rng);
  EXPECT_EQ(error_message([&] { (void)batches[2]; }), "StratifiedBatches::operator[](): batch 2 out of range [0, 2)");
}

}  // namespace
}  // namespace parity::data
