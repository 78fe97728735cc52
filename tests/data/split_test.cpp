// Tests for the stratified split: exact per-cell sizes from the rounding rule, a partition of
// the samples, reproducibility from the seed, and the error paths.
#include "data/split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

// Cells (y, s): (0,0) 50 samples, (0,1) 30, (1,0) 15, (1,1) 5, interleaved.
void make_ids(std::vector<Index>& y, std::vector<Index>& s) {
  const std::vector<std::pair<std::pair<Index, Index>, int>> cells{{{0, 0}, 50}, {{0, 1}, 30}, {{1, 0}, 15}, {{1, 1}, 5}};
  for (int round = 0; round < 50; ++round) {
    for (const auto& [cell, count] : cells) {
      if (round < count) {
        y.push_back(cell.first);
        s.push_back(cell.second);
      }
    }
  }
}

std::map<std::pair<Index, Index>, Index> cell_sizes(const std::vector<Index>& part, const std::vector<Index>& y,
                                                    const std::vector<Index>& s) {
  std::map<std::pair<Index, Index>, Index> sizes;
  for (Index i : part) ++sizes[{y[static_cast<std::size_t>(i)], s[static_cast<std::size_t>(i)]}];
  return sizes;
}

TEST(Split, CellsAreCutByRoundedFractions) {
  std::vector<Index> y, s;
  make_ids(y, s);
  Rng rng(7);
  const SplitIndices parts = stratified_split_indices(y, s, {0.6, 0.2, 0.2}, rng);
  // Per cell m: validation round(0.2 m), test round(0.2 m), train the rest.
  // m = 50 -> 10/10/30, 30 -> 6/6/18, 15 -> 3/3/9, 5 -> 1/1/3.
  using Sizes = std::map<std::pair<Index, Index>, Index>;
  EXPECT_EQ(cell_sizes(parts.validation, y, s), (Sizes{{{0, 0}, 10}, {{0, 1}, 6}, {{1, 0}, 3}, {{1, 1}, 1}}));
  EXPECT_EQ(cell_sizes(parts.test, y, s), (Sizes{{{0, 0}, 10}, {{0, 1}, 6}, {{1, 0}, 3}, {{1, 1}, 1}}));
  EXPECT_EQ(cell_sizes(parts.train, y, s), (Sizes{{{0, 0}, 30}, {{0, 1}, 18}, {{1, 0}, 9}, {{1, 1}, 3}}));
}

TEST(Split, PartsPartitionTheSamplesInAscendingOrder) {
  std::vector<Index> y, s;
  make_ids(y, s);
  Rng rng(1);
  const SplitIndices parts = stratified_split_indices(y, s, {0.7, 0.1, 0.2}, rng);
  std::vector<Index> all;
  for (const auto* part : {&parts.train, &parts.validation, &parts.test}) {
    EXPECT_TRUE(std::is_sorted(part->begin(), part->end()));
    all.insert(all.end(), part->begin(), part->end());
  }
  std::sort(all.begin(), all.end());
  std::vector<Index> expected(y.size());
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<Index>(i);
  EXPECT_EQ(all, expected);
}

TEST(Split, SameSeedSameSplitOtherSeedOtherSplit) {
  std::vector<Index> y, s;
  make_ids(y, s);
  Rng a(3), b(3), c(4);
  const SplitIndices pa = stratified_split_indices(y, s, {}, a);
  const SplitIndices pb = stratified_split_indices(y, s, {}, b);
  const SplitIndices pc = stratified_split_indices(y, s, {}, c);
  EXPECT_EQ(pa.train, pb.train);
  EXPECT_EQ(pa.validation, pb.validation);
  EXPECT_EQ(pa.test, pb.test);
  EXPECT_NE(pa.test, pc.test);
}

TEST(Split, TinyCellsStayInTrain) {
  const std::vector<Index> y{0, 1}, s{0, 0};
  Rng rng(0);
  const SplitIndices parts = stratified_split_indices(y, s, {0.7, 0.1, 0.2}, rng);
  EXPECT_EQ(parts.train, (std::vector<Index>{0, 1}));
  EXPECT_TRUE(parts.validation.empty());
  EXPECT_TRUE(parts.test.empty());
}

TEST(Split, DatasetSplitKeepsRowsTogether) {
  Dataset d;
  d.X = Tensor(Shape{10, 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  d.y = Tensor(Shape{10}, {0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  d.s = Tensor(Shape{10}, {0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
  d.class_names = {"n", "p"};
  d.group_names = {"a", "b"};
  Rng rng(5);
  const DatasetSplit parts = stratified_split(d, {0.6, 0.2, 0.2}, rng);
  EXPECT_EQ(parts.train.size() + parts.validation.size() + parts.test.size(), 10);
  for (const Dataset* part : {&parts.train, &parts.validation, &parts.test}) {
    for (Index i = 0; i < part->size(); ++i) {
      const auto row = static_cast<Index>(part->X.at({i, 0}));
      EXPECT_EQ(part->y.at({i}), d.y.at({row}));
      EXPECT_EQ(part->s.at({i}), d.s.at({row}));
    }
  }
}

TEST(Split, Errors) {
  const std::vector<Index> y{0, 1}, s{0};
  Rng rng(0);
  EXPECT_EQ(error_message([&] { stratified_split_indices(y, s, {}, rng); }), "stratified_split(): 2 labels but 1 groups");
  EXPECT_EQ(error_message([&] { stratified_split_indices(y, y, {0.5, 0.5, 0.5}, rng); }),
            "stratified_split(): fractions train 0.5, validation 0.5, test 0.5 must be non-negative (train positive) "
            "and sum to 1");
  EXPECT_EQ(error_message([&] { stratified_split_indices(y, std::vector<Index>{0, -1}, {}, rng); }),
            "stratified_split(): sample 1 has negative id (y 1, s -1)");
}

}  // namespace
}  // namespace parity::data
