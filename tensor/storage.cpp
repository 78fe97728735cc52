#include "tensor/storage.h"

#include <limits>

#include "tensor/check.h"
#include "tensor/fast/entry_points.h"
#include "tensor/fast_paths.h"

namespace parity {

namespace {

thread_local std::size_t t_cache_limit = fast_paths::kDefaultStorageCacheLimit;

void set_cache_limit(std::size_t bytes) {
  t_cache_limit = bytes;
  fast_paths::trim_cache(bytes);
}

}  // namespace

std::shared_ptr<double[]> allocate_storage(Index count) {
  PARITY_CHECK(count >= 0 && static_cast<std::size_t>(count) <= std::numeric_limits<std::size_t>::max() / sizeof(double) / 2,
               "allocate_storage(): cannot allocate ", count, " doubles");
  const std::size_t doubles = static_cast<std::size_t>(count > 0 ? count : 1);
  if (auto block = fast_paths::cached_storage(doubles)) return block;
  return std::make_shared_for_overwrite<double[]>(doubles);
}

StorageCacheLimit::StorageCacheLimit(std::size_t bytes) : previous_(t_cache_limit) { set_cache_limit(bytes); }

StorageCacheLimit::~StorageCacheLimit() { set_cache_limit(previous_); }

std::size_t storage_cache_limit() { return t_cache_limit; }

std::size_t storage_cache_bytes() { return fast_paths::cached_bytes(); }

}  // namespace parity
