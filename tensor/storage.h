// Storage for tensor data. Blocks of at least 64 KiB come 64-byte aligned from a
// per-thread cache of freed blocks of the same size class, so repeated passes over large
// tensors (Hessian sweeps allocate tens of MB per call) reuse memory instead of taking
// fresh pages from the operating system, which must fault and zero them. Contents of a new
// block are unspecified either way; results never depend on the cache.
#pragma once

#include <cstddef>
#include <memory>

#include "tensor/shape.h"

namespace parity {

/// Uninitialised storage for `count` doubles (at least one).
std::shared_ptr<double[]> allocate_storage(Index count);

/// Upper bound on the bytes each thread keeps cached (default 512 MiB; 0 disables the cache
/// and releases what the calling thread holds).
void set_storage_cache_limit(std::size_t bytes);
std::size_t storage_cache_limit();
/// Bytes currently cached by the calling thread.
std::size_t storage_cache_bytes();

}  // namespace parity
