// Tests of tensor storage: the per-thread limit of the block cache (configuration in both
// builds) and, with the fast paths, the cache itself (tensor/fast/block_cache.cpp).
#include "tensor/storage.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

#include "tensor/fast_paths.h"
#include "tensor/tensor.h"

namespace parity {
namespace {

TEST(StorageCacheLimit, DefaultsToTheNamedConstantOnEveryThread) {
  EXPECT_EQ(storage_cache_limit(), fast_paths::kDefaultStorageCacheLimit);
  std::size_t on_worker = 0;
  std::thread worker([&] { on_worker = storage_cache_limit(); });
  worker.join();
  EXPECT_EQ(on_worker, fast_paths::kDefaultStorageCacheLimit);
}

TEST(StorageCacheLimit, GuardsNestOnTheirThreadAndRestoreThePreviousLimit) {
  {
    const StorageCacheLimit outer(std::size_t{4} << 20);
    EXPECT_EQ(storage_cache_limit(), std::size_t{4} << 20);
    {
      const StorageCacheLimit inner(0);
      EXPECT_EQ(storage_cache_limit(), 0u);
      std::size_t on_worker = 0;
      std::thread worker([&] { on_worker = storage_cache_limit(); });
      worker.join();
      EXPECT_EQ(on_worker, fast_paths::kDefaultStorageCacheLimit);
    }
    EXPECT_EQ(storage_cache_limit(), std::size_t{4} << 20);
  }
  EXPECT_EQ(storage_cache_limit(), fast_paths::kDefaultStorageCacheLimit);
}

TEST(Storage, BlocksHoldTheDataWrittenAfterAllocation) {
  { Tensor::empty(Shape{50000}).fill_(7.0); }
  Tensor zeros(Shape{50000});
  for (double v : zeros) ASSERT_EQ(v, 0.0);
}

TEST(Storage, WithoutTheFastPathsNothingIsCached) {
  if (fast_paths::enabled()) GTEST_SKIP() << "this build has the block cache";
  { Tensor big = Tensor::empty(Shape{100000}); }
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

// Each test starts from an empty cache limited to 64 MiB, and empties it again at the end.
class BlockCache : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fast_paths::enabled()) GTEST_SKIP() << "the block cache is a fast path; this build has none";
  }
  const StorageCacheLimit emptied_{0};
  const StorageCacheLimit limit_{std::size_t{64} << 20};
};

TEST_F(BlockCache, FreedLargeBlockIsReusedForTheSameSizeClass) {
  const double* first = nullptr;
  {
    Tensor big = Tensor::empty(Shape{100000});
    first = big.data();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(first) % 64, 0u);
  }
  EXPECT_GE(storage_cache_bytes(), 100000 * sizeof(double));
  Tensor again = Tensor::empty(Shape{99000});  // same size class
  EXPECT_EQ(again.data(), first);
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

TEST_F(BlockCache, SmallBlocksAreNotCached) {
  static_assert(16 * sizeof(double) < fast_paths::kCachedBlockMinBytes);
  { Tensor small = Tensor::empty(Shape{16}); }
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

TEST_F(BlockCache, LimitBoundsWhatIsKeptAndZeroDisables) {
  {
    const StorageCacheLimit one_mib(std::size_t{1} << 20);
    { Tensor too_big = Tensor::empty(Shape{1 << 18}); }  // 2 MiB > 1 MiB limit
    EXPECT_EQ(storage_cache_bytes(), 0u);
    { Tensor fits = Tensor::empty(Shape{1 << 16}); }  // 512 KiB
    EXPECT_GT(storage_cache_bytes(), 0u);
    const StorageCacheLimit disabled(0);
    EXPECT_EQ(storage_cache_bytes(), 0u);
    { Tensor dropped = Tensor::empty(Shape{1 << 16}); }
    EXPECT_EQ(storage_cache_bytes(), 0u);
  }
  { Tensor kept = Tensor::empty(Shape{1 << 16}); }  // back under the fixture's 64 MiB
  EXPECT_GT(storage_cache_bytes(), 0u);
}

TEST_F(BlockCache, LeastRecentlyFreedBlocksMakeRoomForANewOne) {
  const StorageCacheLimit one_mib(std::size_t{1} << 20);
  { Tensor stale = Tensor::empty(Shape{1 << 16}); }  // 512 KiB
  const double* recent = nullptr;
  {
    Tensor block = Tensor::empty(Shape{3 << 15});  // 768 KiB, another size class
    recent = block.data();
  }
  EXPECT_EQ(storage_cache_bytes(), std::size_t{3} << 18);
  Tensor again = Tensor::empty(Shape{3 << 15});
  EXPECT_EQ(again.data(), recent);
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

TEST_F(BlockCache, BlocksFreedOnAnotherThreadGoToThatThreadsCache) {
  Tensor big = Tensor::empty(Shape{100000});
  std::size_t cached_on_worker = 0;
  std::thread worker([&] {
    big = Tensor();
    cached_on_worker = storage_cache_bytes();
  });
  worker.join();
  EXPECT_GE(cached_on_worker, 100000 * sizeof(double));
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

}  // namespace
}  // namespace parity
