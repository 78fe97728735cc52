// Tests of Rng: reproducibility, golden values for seed 42 checked against a separate
// xoshiro256** / SplitMix64 written here, moment and frequency checks (bounds are 5
// standard errors of the statistic), permutations, Bernoulli rates, spawned streams.
#include "tensor/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

// xoshiro256** (Blackman & Vigna 2018) seeded by four SplitMix64 outputs, as the
// published reference code does it.
class ReferenceXoshiro {
 public:
  explicit ReferenceXoshiro(std::uint64_t seed) {
    std::uint64_t x = seed;
    s0_ = splitmix(x);
    s1_ = splitmix(x);
    s2_ = splitmix(x);
    s3_ = splitmix(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotate_left(s1_ * 5, 7) * 9;
    const std::uint64_t t = s1_ << 17;
    s2_ ^= s0_;
    s3_ ^= s1_;
    s1_ ^= s2_;
    s0_ ^= s3_;
    s2_ ^= t;
    s3_ = rotate_left(s3_, 45);
    return result;
  }

  // The top 53 bits scaled by 2^-53.
  double uniform() { return std::ldexp(static_cast<double>(next() >> 11), -53); }

 private:
  static std::uint64_t splitmix(std::uint64_t& x) {
    x += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  static std::uint64_t rotate_left(std::uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }

  std::uint64_t s0_;
  std::uint64_t s1_;
  std::uint64_t s2_;
  std::uint64_t s3_;
};

struct Moments {
  double mean;
  double variance;
};

Moments moments(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return {mean, ss / (n - 1.0)};
}

TEST(Random, GoldenValuesForSeed42) {
  Rng bits(42);
  EXPECT_EQ(bits.next_u64(), 0x15780B2E0C2EC716ULL);
  EXPECT_EQ(bits.next_u64(), 0x6104D9866D113A7EULL);
  EXPECT_EQ(bits.next_u64(), 0xAE17533239E499A1ULL);
  EXPECT_EQ(bits.next_u64(), 0xECB8AD4703B360A1ULL);

  Rng uniforms(42);
  EXPECT_EQ(uniforms.uniform(), 0.083862971059882163);
  EXPECT_EQ(uniforms.uniform(), 0.37898025066266861);
  EXPECT_EQ(uniforms.uniform(), 0.68004341102813937);

  Rng normals(42);
  EXPECT_EQ(normals.normal(), -0.72621913824478568);
  EXPECT_EQ(normals.normal(), 0.22162270150359331);
  EXPECT_EQ(normals.normal(), 0.46417731016247366);
}

TEST(Random, MatchesReferenceXoshiroBitForBit) {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    Rng rng(seed);
    ReferenceXoshiro reference(seed);
    for (int i = 0; i < 1000; ++i)
      ASSERT_EQ(rng.next_u64(), reference.next()) << "seed " << seed << " draw " << i;
  }
  Rng rng(42);
  ReferenceXoshiro reference(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.uniform(), reference.uniform());
}

TEST(Random, NormalIsThePolarMethodOnTheUniforms) {
  // Pairs (u, v) = 2 * uniform - 1 until 0 < s = u^2 + v^2 < 1, then u * sqrt(-2 ln s / s).
  Rng rng(42);
  ReferenceXoshiro reference(42);
  for (int i = 0; i < 200; ++i) {
    double expected = 0.0;
    while (true) {
      const double u = 2.0 * reference.uniform() - 1.0;
      const double v = 2.0 * reference.uniform() - 1.0;
      const double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) {
        expected = u * std::sqrt(-2.0 * std::log(s) / s);
        break;
      }
    }
    ASSERT_EQ(rng.normal(), expected) << "draw " << i;
  }
}

// Lemire's bounded integer: the high word of x * n, redrawing x while the low word is
// below 2^64 mod n (which removes the bias of the plain multiply-shift).
Index reference_below(ReferenceXoshiro& reference, Index n) {
  __extension__ using Wide = unsigned __int128;
  const auto bound = static_cast<std::uint64_t>(n);
  const std::uint64_t threshold = static_cast<std::uint64_t>((Wide{1} << 64) % bound);
  Wide product = static_cast<Wide>(reference.next()) * bound;
  while (static_cast<std::uint64_t>(product) < threshold)
    product = static_cast<Wide>(reference.next()) * bound;
  return static_cast<Index>(product >> 64);
}

TEST(Random, BelowIsLemireMultiplyShiftOnTheBits) {
  // For the last bound about a quarter of all draws are redrawn.
  for (Index n : {Index{1}, Index{10}, Index{1} << 40, (Index{1} << 62) + (Index{1} << 61) + 12345}) {
    Rng rng(42);
    ReferenceXoshiro reference(42);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.below(n), reference_below(reference, n)) << "bound " << n;
  }
}

TEST(Random, SameSeedSameSequenceDifferentSeedsDiffer) {
  Rng a(7);
  Rng b(7);
  Rng c(8);
  int equal_to_other_seed = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next_u64();
    ASSERT_EQ(x, b.next_u64());
    equal_to_other_seed += x == c.next_u64() ? 1 : 0;
  }
  EXPECT_EQ(equal_to_other_seed, 0);

  const Tensor t1 = Rng(5).normal(Shape{3, 4}, 1.0, 2.0);
  const Tensor t2 = Rng(5).normal(Shape{3, 4}, 1.0, 2.0);
  EXPECT_TRUE(std::equal(t1.begin(), t1.end(), t2.begin()));
}

TEST(Random, UniformMomentsAndRange) {
  constexpr int kN = 100000;
  Rng rng(11);
  std::vector<double> x(kN);
  for (double& v : x) v = rng.uniform();
  EXPECT_GE(*std::min_element(x.begin(), x.end()), 0.0);
  EXPECT_LT(*std::max_element(x.begin(), x.end()), 1.0);
  const Moments m = moments(x);
  // Var(mean) = (1/12) / n; Var(sample variance) ~ (mu4 - sigma^4) / n with mu4 = 1/80.
  EXPECT_NEAR(m.mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / kN));
  EXPECT_NEAR(m.variance, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / kN));

  const Tensor t = rng.uniform(Shape{kN}, -3.0, 5.0);
  EXPECT_GE(*std::min_element(t.begin(), t.end()), -3.0);
  EXPECT_LT(*std::max_element(t.begin(), t.end()), 5.0);
  const Moments mt = moments({t.begin(), t.end()});
  EXPECT_NEAR(mt.mean, 1.0, 5.0 * std::sqrt(64.0 / 12.0 / kN));
  const double lo = rng.uniform(2.0, 2.5);
  EXPECT_TRUE(lo >= 2.0 && lo < 2.5);
}

TEST(Random, NormalMomentsAndTails) {
  constexpr int kN = 100000;
  Rng rng(12);
  std::vector<double> x(kN);
  for (double& v : x) v = rng.normal();
  const Moments m = moments(x);
  // Var(mean) = 1 / n; Var(sample variance) ~ (mu4 - 1) / n = 2 / n.
  EXPECT_NEAR(m.mean, 0.0, 5.0 / std::sqrt(kN));
  EXPECT_NEAR(m.variance, 1.0, 5.0 * std::sqrt(2.0 / kN));
  // P(|z| > 1.959964) = 0.05: a check on the shape, not only the first two moments.
  const double tail = static_cast<double>(std::count_if(
                          x.begin(), x.end(), [](double v) { return std::abs(v) > 1.959963984540054; })) /
                      kN;
  EXPECT_NEAR(tail, 0.05, 5.0 * std::sqrt(0.05 * 0.95 / kN));

  const Tensor t = rng.normal(Shape{kN}, -2.0, 3.0);
  const Moments mt = moments({t.begin(), t.end()});
  EXPECT_NEAR(mt.mean, -2.0, 5.0 * 3.0 / std::sqrt(kN));
  EXPECT_NEAR(mt.variance, 9.0, 5.0 * 9.0 * std::sqrt(2.0 / kN));
  const Tensor degenerate = rng.normal(Shape{3}, 4.0, 0.0);
  EXPECT_TRUE(std::all_of(degenerate.begin(), degenerate.end(), [](double v) { return v == 4.0; }));
}

TEST(Random, BelowIsUniformOverItsRange) {
  constexpr int kBins = 7;
  constexpr int kN = 70000;
  Rng rng(13);
  std::vector<int> counts(kBins, 0);
  for (int i = 0; i < kN; ++i) {
    const Index k = rng.below(kBins);
    ASSERT_TRUE(k >= 0 && k < kBins) << k;
    ++counts[static_cast<std::size_t>(k)];
  }
  const double expected = static_cast<double>(kN) / kBins;
  double chi2 = 0.0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // Chi-square with 6 degrees of freedom: mean 6, standard deviation sqrt(12).
  EXPECT_LT(chi2, 6.0 + 5.0 * std::sqrt(12.0));

  for (int i = 0; i < 100; ++i) EXPECT_EQ(rng.below(1), 0);
  // A bound near 2^63: the scaled mean must still be 1/2.
  const Index big = (Index{1} << 62) + (Index{1} << 61) + 12345;
  double total = 0.0;
  for (int i = 0; i < kN; ++i) {
    const Index k = rng.below(big);
    ASSERT_TRUE(k >= 0 && k < big);
    total += static_cast<double>(k) / static_cast<double>(big);
  }
  EXPECT_NEAR(total / kN, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / kN));
  EXPECT_EQ(error_message([&] { rng.below(0); }), "Rng::below(): bound must be positive, got 0");
  EXPECT_EQ(error_message([&] { rng.below(-3); }), "Rng::below(): bound must be positive, got -3");
}

TEST(Random, PermutationIsAUniformPermutation) {
  Rng rng(14);
  std::vector<Index> p = rng.permutation(50);
  std::vector<Index> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Index> identity(50);
  std::iota(identity.begin(), identity.end(), Index{0});
  EXPECT_EQ(sorted, identity);
  EXPECT_NE(p, identity);
  EXPECT_TRUE(rng.permutation(0).empty());
  EXPECT_EQ(rng.permutation(1), std::vector<Index>{0});

  // All 6 orders of 3 items equally likely: chi-square with 5 degrees of freedom.
  constexpr int kN = 60000;
  std::map<std::vector<Index>, int> counts;
  for (int i = 0; i < kN; ++i) ++counts[rng.permutation(3)];
  ASSERT_EQ(counts.size(), 6U);
  double chi2 = 0.0;
  for (const auto& entry : counts) chi2 += (entry.second - kN / 6.0) * (entry.second - kN / 6.0) / (kN / 6.0);
  EXPECT_LT(chi2, 5.0 + 5.0 * std::sqrt(10.0));
  EXPECT_EQ(error_message([&] { rng.permutation(-1); }), "Rng::permutation(): negative length -1");
}

TEST(Random, BernoulliRate) {
  constexpr int kN = 100000;
  Rng rng(15);
  const Tensor t = rng.bernoulli(Shape{kN}, 0.3);
  EXPECT_TRUE(std::all_of(t.begin(), t.end(), [](double v) { return v == 0.0 || v == 1.0; }));
  const double rate = std::accumulate(t.begin(), t.end(), 0.0) / kN;
  EXPECT_NEAR(rate, 0.3, 5.0 * std::sqrt(0.3 * 0.7 / kN));
  const Tensor never = rng.bernoulli(Shape{2, 50}, 0.0);
  const Tensor always = rng.bernoulli(Shape{2, 50}, 1.0);
  EXPECT_TRUE(std::all_of(never.begin(), never.end(), [](double v) { return v == 0.0; }));
  EXPECT_TRUE(std::all_of(always.begin(), always.end(), [](double v) { return v == 1.0; }));
}

TEST(Random, SpawnGivesAnIndependentReproducibleStream) {
  Rng parent(16);
  Rng child = parent.spawn();
  Rng second_child = parent.spawn();
  Rng same_parent(16);
  Rng same_child = same_parent.spawn();

  constexpr int kN = 20000;
  std::vector<double> p(kN);
  std::vector<double> c(kN);
  int coincidences = 0;
  for (int i = 0; i < kN; ++i) {
    p[static_cast<std::size_t>(i)] = parent.uniform();
    c[static_cast<std::size_t>(i)] = child.uniform();
    ASSERT_EQ(c[static_cast<std::size_t>(i)], same_child.uniform());
    coincidences += second_child.uniform() == c[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  EXPECT_EQ(coincidences, 0);
  // Sample correlation of independent streams: standard error 1 / sqrt(n).
  const Moments mp = moments(p);
  const Moments mc = moments(c);
  double cov = 0.0;
  for (int i = 0; i < kN; ++i) {
    cov += (p[static_cast<std::size_t>(i)] - mp.mean) * (c[static_cast<std::size_t>(i)] - mc.mean);
  }
  cov /= kN - 1.0;
  EXPECT_NEAR(cov / std::sqrt(mp.variance * mc.variance), 0.0, 5.0 / std::sqrt(kN));
}

TEST(Random, BadDistributionArgumentsAreRejected) {
  Rng rng(17);
  EXPECT_EQ(error_message([&] { rng.uniform(Shape{2}, 1.0, 0.0); }),
            "Rng::uniform(): bounds must be finite with lo <= hi, got 1 and 0");
  EXPECT_EQ(error_message([&] { rng.uniform(0.0, std::numeric_limits<double>::infinity()); }),
            "Rng::uniform(): bounds must be finite with lo <= hi, got 0 and inf");
  EXPECT_EQ(error_message([&] { rng.normal(Shape{2}, 0.0, -1.0); }),
            "Rng::normal(): mean and standard deviation must be finite with stddev >= 0, got 0 and -1");
  EXPECT_EQ(error_message([&] { rng.normal(Shape{2}, std::nan(""), 1.0); }),
            "Rng::normal(): mean and standard deviation must be finite with stddev >= 0, got nan and 1");
  EXPECT_EQ(error_message([&] { rng.bernoulli(Shape{2}, 1.5); }),
            "Rng::bernoulli(): probability must be in [0, 1], got 1.5");
  EXPECT_EQ(error_message([&] { rng.bernoulli(Shape{2}, -0.1); }),
            "Rng::bernoulli(): probability must be in [0, 1], got -0.1");
}

}  // namespace
}  // namespace parity
