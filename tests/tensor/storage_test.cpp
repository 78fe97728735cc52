#include "tensor/storage.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

#include "tensor/tensor.h"

namespace parity {
namespace {

class StorageCache : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = storage_cache_limit();
    set_storage_cache_limit(0);
    set_storage_cache_limit(std::size_t{64} << 20);
  }
  void TearDown() override {
    set_storage_cache_limit(0);
    set_storage_cache_limit(previous_);
  }
  std::size_t previous_ = 0;
};

TEST_F(StorageCache, FreedLargeBlockIsReusedForTheSameSizeClass) {
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

TEST_F(StorageCache, SmallBlocksAreNotCached) {
  { Tensor small = Tensor::empty(Shape{16}); }
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

TEST_F(StorageCache, LimitBoundsWhatIsKeptAndZeroDisables) {
  set_storage_cache_limit(std::size_t{1} << 20);
  { Tensor too_big = Tensor::empty(Shape{1 << 18}); }  // 2 MiB > 1 MiB limit
  EXPECT_EQ(storage_cache_bytes(), 0u);
  { Tensor fits = Tensor::empty(Shape{1 << 16}); }  // 512 KiB
  EXPECT_GT(storage_cache_bytes(), 0u);
  set_storage_cache_limit(0);
  EXPECT_EQ(storage_cache_bytes(), 0u);
  { Tensor dropped = Tensor::empty(Shape{1 << 16}); }
  EXPECT_EQ(storage_cache_bytes(), 0u);
}

TEST_F(StorageCache, BlocksFreedOnAnotherThreadGoToThatThreadsCache) {
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

TEST_F(StorageCache, CachedBlocksHoldTheDataWrittenAfterAllocation) {
  { Tensor::empty(Shape{50000}).fill_(7.0); }
  Tensor zeros(Shape{50000});
  for (double v : zeros) ASSERT_EQ(v, 0.0);
}

}  // namespace
}  // namespace parity
