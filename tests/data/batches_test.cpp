// Tests for MiniBatches: every sample once per epoch, batch sizes with and without drop_last,
// the identity order without shuffling, same seed -> same batches, and the error paths.
#include "data/batches.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// Sample i has features (i, -i), label i % 2, group i % 3.
Dataset numbered(Index n) {
  Dataset d;
  d.X = Tensor(Shape{n, 2});
  d.y = Tensor(Shape{n});
  d.s = Tensor(Shape{n});
  for (Index i = 0; i < n; ++i) {
    d.X.at({i, 0}) = static_cast<double>(i);
    d.X.at({i, 1}) = -static_cast<double>(i);
    d.y.at({i}) = static_cast<double>(i % 2);
    d.s.at({i}) = static_cast<double>(i % 3);
  }
  d.class_names = {"even", "odd"};
  d.group_names = {"0", "1", "2"};
  return d;
}

std::vector<std::vector<Index>> all_rows(const MiniBatches& batches) {
  std::vector<std::vector<Index>> rows;
  for (const Batch& b : batches) rows.push_back(b.rows);
  return rows;
}

TEST(Batches, EachSampleOncePerEpochWithMatchingContents) {
  const Dataset d = numbered(10);
  Rng rng(11);
  const MiniBatches batches(d, {.batch_size = 4}, rng);
  ASSERT_EQ(batches.size(), 3);
  std::vector<Index> seen;
  std::vector<Index> sizes;
  for (const Batch& b : batches) {
    sizes.push_back(static_cast<Index>(b.rows.size()));
    ASSERT_EQ(b.X.shape(), (Shape{static_cast<Index>(b.rows.size()), 2}));
    for (std::size_t k = 0; k < b.rows.size(); ++k) {
      const Index i = b.rows[k];
      const auto row = static_cast<Index>(k);
      EXPECT_EQ(b.X.at({row, 0}), static_cast<double>(i));
      EXPECT_EQ(b.X.at({row, 1}), -static_cast<double>(i));
      EXPECT_EQ(b.y.at({row}), static_cast<double>(i % 2));
      EXPECT_EQ(b.s.at({row}), static_cast<double>(i % 3));
      seen.push_back(i);
    }
  }
  EXPECT_EQ(sizes, (std::vector<Index>{4, 4, 2}));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<Index>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Batches, DropLastAndNoShuffle) {
  const Dataset d = numbered(10);
  Rng rng(0);
  const MiniBatches batches(d, {.batch_size = 4, .shuffle = false, .drop_last = true}, rng);
  EXPECT_EQ(all_rows(batches), (std::vector<std::vector<Index>>{{0, 1, 2, 3}, {4, 5, 6, 7}}));
  const MiniBatches exact(d, {.batch_size = 5, .shuffle = false, .drop_last = true}, rng);
  EXPECT_EQ(exact.size(), 2);
  const MiniBatches none(d, {.batch_size = 11, .shuffle = true, .drop_last = true}, rng);
  EXPECT_EQ(none.size(), 0);
}

TEST(Batches, SameSeedSameBatchesAndEpochsDiffer) {
  const Dataset d = numbered(50);
  Rng a(42), b(42);
  const auto first_a = all_rows(MiniBatches(d, {.batch_size = 8}, a));
  const auto first_b = all_rows(MiniBatches(d, {.batch_size = 8}, b));
  EXPECT_EQ(first_a, first_b);
  const auto second_a = all_rows(MiniBatches(d, {.batch_size = 8}, a));
  EXPECT_NE(first_a, second_a);
}

TEST(Batches, Errors) {
  const Dataset d = numbered(3);
  Rng rng(0);
  EXPECT_EQ(error_message([&] { (void)MiniBatches(d, {.batch_size = 0}, rng); }),
            "MiniBatches(): batch_size must be at least 1, got 0");
  const MiniBatches batches(d, {.batch_size = 2}, rng);
  EXPECT_EQ(error_message([&] { (void)batches[2]; }), "MiniBatches::operator[](): batch 2 out of range [0, 2)");
  Dataset bad = numbered(3);
  bad.y.at({1}) = 5;
  EXPECT_EQ(error_message([&] { (void)MiniBatches(bad, {}, rng); }), "MiniBatches(): y[1] = 5 is not an id in [0, 2)");
}

}  // namespace
}  // namespace parity::data
