// Blocks of at least kCachedBlockMinBytes come 64-byte aligned from a per-thread cache of freed
// blocks of the same size class, so repeated passes over tensors (Hessian sweeps allocate tens of
// MB per call) reuse memory instead of returning it to the C allocator, which may hand it back to
// the operating system (glibc trims the top of its heap and unmaps large blocks on free) so that
// the next pass faults and zeroes fresh pages. A block freed on another thread goes to that
// thread's cache; each cache keeps at most its thread's storage_cache_limit() bytes. When a freed
// block would exceed the limit, the least recently freed blocks make room for it: the blocks of
// the current working set stay, stale sizes go.
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "tensor/fast/entry_points.h"
#include "tensor/fast_paths.h"
#include "tensor/storage.h"

namespace parity::fast_paths {

namespace {

constexpr std::size_t kAlignment = 64;

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
    void* block = list.back().block;
    list.pop_back();
    cached_ -= class_bytes;
    return block;
  }

  // Keeps the block, evicting the least recently freed ones while it would not fit; returns
  // false when the caller must free it (the block alone exceeds the limit).
  bool keep(void* block, std::size_t class_bytes) {
    const std::size_t limit = storage_cache_limit();
    if (class_bytes > limit) return false;
    while (cached_ + class_bytes > limit) evict_oldest();
    lists_[static_cast<std::size_t>(size_class_index(class_bytes))].push_back({block, class_bytes, ++clock_});
    cached_ += class_bytes;
    return true;
  }

  void release_all() {
    for (auto& list : lists_) {
      for (const Cached& c : list) std::free(c.block);
      list.clear();
    }
    cached_ = 0;
  }

  std::size_t cached() const { return cached_; }

 private:
  struct Cached {
    void* block;
    std::size_t class_bytes;
    std::uint64_t freed_at;  // value of clock_ when the block was kept
  };

  // Each list is in the order its blocks were kept, so the oldest block is the front of some list.
  void evict_oldest() {
    std::size_t oldest = kClasses;
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (!lists_[c].empty() && (oldest == kClasses || lists_[c].front().freed_at < lists_[oldest].front().freed_at)) {
        oldest = c;
      }
    }
    std::free(lists_[oldest].front().block);
    cached_ -= lists_[oldest].front().class_bytes;
    lists_[oldest].erase(lists_[oldest].begin());
  }

  static constexpr std::size_t kClasses = 64 * 4;
  static thread_local bool alive_;
  std::vector<Cached> lists_[kClasses];
  std::size_t cached_ = 0;
  std::uint64_t clock_ = 0;
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

std::shared_ptr<double[]> cached_storage(std::size_t count) {
  const std::size_t bytes = count * sizeof(double);
  if (bytes < kCachedBlockMinBytes) return nullptr;
  const std::size_t class_bytes = size_class_bytes(bytes);
  void* block = BlockCache::alive() ? t_cache.take(class_bytes) : nullptr;
  if (block == nullptr) block = std::aligned_alloc(kAlignment, class_bytes);
  if (block == nullptr) throw std::bad_alloc();
  return std::shared_ptr<double[]>(static_cast<double*>(block), CachedBlockDeleter{class_bytes});
}

void trim_cache(std::size_t limit) {
  if (BlockCache::alive() && t_cache.cached() > limit) t_cache.release_all();
}

std::size_t cached_bytes() { return BlockCache::alive() ? t_cache.cached() : 0; }

}  // namespace parity::fast_paths
