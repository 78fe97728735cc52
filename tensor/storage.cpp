#include "tensor/storage.h"

#include <atomic>
#include <bit>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

#include "tensor/check.h"

namespace parity {

namespace {

constexpr std::size_t kCachedBlockBytes = std::size_t{1} << 16;
constexpr std::size_t kAlignment = 64;

std::atomic<std::size_t> g_cache_limit{std::size_t{512} << 20};

// Size classes: four per power of two, so a block is less than 25% larger than requested.
std::size_t size_class_bytes(std::size_t bytes) {
  const std::size_t octave = std::bit_floor(bytes);
  const std::size_t quarter = octave / 4;
  return (bytes + quarter - 1) / quarter * quarter;
}

int size_class_index(std::size_t class_bytes) {
  const int octave = static_cast<int>(std::bit_width(class_bytes)) - 1;
  const std::size_t quarter = (std::size_t{1} << octave) / 4;
  return octave * 4 + static_cast<int>(class_bytes / quarter) - 4;
}

class BlockCache {
 public:
  ~BlockCache() {
    release_all();
    alive_ = false;
  }
  static bool alive() { return alive_; }

  void* take(std::size_t class_bytes) {
    auto& list = lists_[static_cast<std::size_t>(size_class_index(class_bytes))];
    if (list.empty()) return nullptr;
    void* block = list.back();
    list.pop_back();
    cached_ -= class_bytes;
    return block;
  }

  // Keeps the block when the limit allows; returns false when the caller must free it.
  bool keep(void* block, std::size_t class_bytes) {
    if (cached_ + class_bytes > g_cache_limit.load(std::memory_order_relaxed)) return false;
    lists_[static_cast<std::size_t>(size_class_index(class_bytes))].push_back(block);
    cached_ += class_bytes;
    return true;
  }

  void release_all() {
    for (auto& list : lists_) {
      for (void* block : list) std::free(block);
      list.clear();
    }
    cached_ = 0;
  }

  std::size_t cached() const { return cached_; }

 private:
  static thread_local bool alive_;
  std::vector<void*> lists_[64 * 4];
  std::size_t cached_ = 0;
};

thread_local bool BlockCache::alive_ = true;
thread_local BlockCache t_cache;

struct CachedBlockDeleter {
  std::size_t class_bytes;
  void operator()(double* data) const {
    if (!BlockCache::alive() || !t_cache.keep(data, class_bytes)) std::free(data);
  }
};

}  // namespace

std::shared_ptr<double[]> allocate_storage(Index count) {
  PARITY_CHECK(count >= 0 && static_cast<std::size_t>(count) <= std::numeric_limits<std::size_t>::max() / sizeof(double) / 2,
               "allocate_storage(): cannot allocate ", count, " doubles");
  const std::size_t bytes = static_cast<std::size_t>(count > 0 ? count : 1) * sizeof(double);
  if (bytes < kCachedBlockBytes) return std::make_shared_for_overwrite<double[]>(bytes / sizeof(double));
  const std::size_t class_bytes = size_class_bytes(bytes);
  void* block = BlockCache::alive() ? t_cache.take(class_bytes) : nullptr;
  if (block == nullptr) block = std::aligned_alloc(kAlignment, class_bytes);
  if (block == nullptr) throw std::bad_alloc();
  return std::shared_ptr<double[]>(static_cast<double*>(block), CachedBlockDeleter{class_bytes});
}

void set_storage_cache_limit(std::size_t bytes) {
  g_cache_limit.store(bytes, std::memory_order_relaxed);
  if (bytes == 0 && BlockCache::alive()) t_cache.release_all();
}

std::size_t storage_cache_limit() { return g_cache_limit.load(std::memory_order_relaxed); }

std::size_t storage_cache_bytes() { return BlockCache::alive() ? t_cache.cached() : 0; }

}  // namespace parity
