#include "tensor/random.h"

#include <cmath>

#include "tensor/check.h"

namespace parity {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

__extension__ using Uint128 = unsigned __int128;

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) {
  PARITY_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo <= hi, "Rng::uniform(): bounds must be finite with lo <= hi, got ",
               lo, " and ", hi);
  return lo + (hi - lo) * uniform();
}

double Rng::normal() {
  // Polar method: (u, v) uniform in the unit disc, s = u^2 + v^2, u * sqrt(-2 ln s / s).
  while (true) {
    const double u = 2.0 * uniform() - 1.0;
    const double v = 2.0 * uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

Index Rng::below(Index n) {
  PARITY_CHECK(n > 0, "Rng::below(): bound must be positive, got ", n);
  const auto bound = static_cast<std::uint64_t>(n);
  Uint128 m = static_cast<Uint128>(next_u64()) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<Uint128>(next_u64()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<Index>(m >> 64);
}

Rng Rng::spawn() { return Rng(next_u64()); }

Tensor Rng::uniform(const Shape& shape, double lo, double hi) {
  PARITY_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo <= hi, "Rng::uniform(): bounds must be finite with lo <= hi, got ",
               lo, " and ", hi);
  Tensor t = Tensor::empty(shape);
  for (double& x : t) x = uniform(lo, hi);
  return t;
}

Tensor Rng::normal(const Shape& shape, double mean, double stddev) {
  PARITY_CHECK(std::isfinite(mean) && std::isfinite(stddev) && stddev >= 0.0,
               "Rng::normal(): mean and standard deviation must be finite with stddev >= 0, got ", mean, " and ", stddev);
  Tensor t = Tensor::empty(shape);
  for (double& x : t) x = mean + stddev * normal();
  return t;
}

Tensor Rng::bernoulli(const Shape& shape, double p) {
  PARITY_CHECK(p >= 0.0 && p <= 1.0, "Rng::bernoulli(): probability must be in [0, 1], got ", p);
  Tensor t = Tensor::empty(shape);
  for (double& x : t) x = uniform() < p ? 1.0 : 0.0;
  return t;
}

std::vector<Index> Rng::permutation(Index n) {
  PARITY_CHECK(n >= 0, "Rng::permutation(): negative length ", n);
  std::vector<Index> order(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  for (Index i = n - 1; i > 0; --i) std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(below(i + 1))]);
  return order;
}

}  // namespace parity
