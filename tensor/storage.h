// Storage for tensor data: one plain allocation per tensor, except where the block-cache fast
// path (tensor/fast/block_cache.cpp) recycles large blocks through a cache of freed blocks on
// each thread. Contents of a new block are unspecified either way; results never depend on the
// cache. How much a thread's cache may hold is configuration of that thread:
// fast_paths::kDefaultStorageCacheLimit, or what the innermost StorageCacheLimit on it says.
#pragma once

#include <cstddef>
#include <memory>

#include "tensor/shape.h"

namespace parity {

/// Uninitialised storage for `count` doubles (at least one).
std::shared_ptr<double[]> allocate_storage(Index count);

/// Scoped limit on the bytes the calling thread's block cache keeps (0 disables it): set on
/// construction, the previous limit restored on destruction. A cache holding more than the limit
/// being set frees all it holds. Other threads are not affected. Make and destroy it on one
/// thread, as a local variable or member, so that guards nest.
class StorageCacheLimit {
 public:
  explicit StorageCacheLimit(std::size_t bytes);
  ~StorageCacheLimit();
  StorageCacheLimit(const StorageCacheLimit&) = delete;
  StorageCacheLimit& operator=(const StorageCacheLimit&) = delete;

 private:
  std::size_t previous_;
};

/// The calling thread's current limit.
std::size_t storage_cache_limit();
/// Bytes currently cached by the calling thread (always 0 without the fast paths).
std::size_t storage_cache_bytes();

}  // namespace parity
