// parallel_for: runs body(begin, end) over contiguous blocks of [0, count) on `threads` threads
// (the calling thread takes the first block). For loops whose iterations are independent, the
// results do not depend on the thread count. Exceptions thrown by a block are rethrown.
#pragma once

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

#include "tensor/check.h"
#include "tensor/shape.h"

namespace parity {

template <class Body>
void parallel_for(Index count, int threads, Body body) {
  PARITY_CHECK(threads >= 1, "parallel_for(): need at least one thread, got ", threads);
  const Index blocks = std::min<Index>(threads, count);
  if (blocks <= 1) {
    if (count > 0) body(Index{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(blocks));
  auto run = [&](Index block) {
    try {
      body(count * block / blocks, count * (block + 1) / blocks);
    } catch (...) {
      errors[static_cast<std::size_t>(block)] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (Index block = 1; block < blocks; ++block) workers.emplace_back(run, block);
  run(0);
  for (auto& worker : workers) worker.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace parity
