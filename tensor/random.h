// Rng: a seeded pseudo-random generator passed explicitly (parity has no global one).
// Engine xoshiro256** seeded through SplitMix64; doubles from the top 53 bits; normals by
// the Marsaglia polar method; bounded integers by Lemire's unbiased multiply-shift. The
// same seed gives the same numbers on every machine and standard library.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "tensor/tensor.h"

namespace parity {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  /// Uniform in [0, 1).
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi);
  /// Standard normal.
  double normal();
  /// Uniform integer in [0, n), n > 0.
  Index below(Index n);
  /// An independent generator seeded from this one (for parallel or nested streams).
  Rng spawn();

  /// Tensors of independent draws.
  Tensor uniform(const Shape& shape, double lo = 0.0, double hi = 1.0);
  Tensor normal(const Shape& shape, double mean = 0.0, double stddev = 1.0);
  /// 0/1 values with P(1) = p, p in [0, 1].
  Tensor bernoulli(const Shape& shape, double p);
  /// A uniformly random permutation of 0..n-1 (Fisher-Yates).
  std::vector<Index> permutation(Index n);

 private:
  std::array<std::uint64_t, 4> state_{};
};

}  // namespace parity
