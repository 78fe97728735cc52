#include "robust/trust_region.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <thread>

#include "common/error_message.h"
#include "tensor/blas.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/linalg.h"
#include "tensor/random.h"
#include "tensor/shape_ops.h"

namespace parity::robust {
namespace {

struct Kkt {
  double stationarity;     // ||(mu I - H) p - g|| / max(1, ||g||)
  double complementarity;  // |mu (||p|| - r)| / max(1, mu r)
  double feasibility;      // max(0, ||p|| - r) / r
  double curvature;        // max(0, lambda_max(H) - mu) / max(1, |lambda|max)
};

Kkt kkt(const Tensor& g, const Tensor& H, const Tensor& p, double mu, double r) {
  const Index d = g.numel();
  double residual = 0.0, g_norm = 0.0, p_norm = 0.0;
  for (Index i = 0; i < d; ++i) {
    double row = mu * p.data()[i] - g.data()[i];
    for (Index j = 0; j < d; ++j) row -= H.data()[i * d + j] * p.data()[j];
    residual += row * row;
    g_norm += g.data()[i] * g.data()[i];
    p_norm += p.data()[i] * p.data()[i];
  }
  p_norm = std::sqrt(p_norm);
  const Tensor lambda = eigh(H, EighMethod::Lapack).eigenvalues;
  const double lambda_max = lambda.data()[d - 1];
  const double spectral = std::max(std::abs(lambda.data()[0]), std::abs(lambda_max));
  return {std::sqrt(residual) / std::max(1.0, std::sqrt(g_norm)),
          std::abs(mu * (p_norm - r)) / std::max(1.0, mu * r), std::max(0.0, p_norm - r) / r,
          std::max(0.0, lambda_max - mu) / std::max(1.0, spectral)};
}

Tensor ldexp_all(const Tensor& t, int exponent) {
  Tensor out = t.clone();
  for (double& v : out) v = std::ldexp(v, exponent);
  return out;
}

Tensor row(const Tensor& t, Index i) { return slice_rows(t, i, i + 1).reshape(t.shape().slice(1, t.dim())); }

void expect_kkt(const Tensor& g, const Tensor& H, const TrsBatch& s, double r) {
  for (Index i = 0; i < g.size(0); ++i) {
    const Kkt k = kkt(row(g, i), row(H, i), row(s.step, i), s.multiplier.data()[i], r);
    EXPECT_LE(k.stationarity, 1e-10) << "sample " << i;
    EXPECT_LE(k.complementarity, 1e-10) << "sample " << i;
    EXPECT_LE(k.feasibility, 1e-12) << "sample " << i;
    EXPECT_LE(k.curvature, 1e-12) << "sample " << i;
    EXPECT_GE(s.multiplier.data()[i], 0.0) << "sample " << i;
  }
  EXPECT_TRUE(s.unconverged.empty());
}

Tensor symmetric(Rng& rng, Index batch, Index d, double shift) {
  const Tensor m = rng.normal(Shape{batch, d, d});
  Tensor h = mul(add(m, transpose(m)), 0.5);
  for (Index b = 0; b < batch; ++b) {
    for (Index i = 0; i < d; ++i) h.data()[(b * d + i) * d + i] += shift;
  }
  return h;
}

TEST(TrustRegion, KktHoldsOnRandomIndefiniteDefiniteAndSemidefiniteProblems) {
  Rng rng(7);
  for (Index d : {1, 2, 3, 5, 8, 12, 30}) {
    for (double shift : {-6.0, 0.0, 6.0}) {
      for (double r : {0.05, 0.5, 5.0}) {
        const Tensor H = symmetric(rng, 16, d, shift * std::sqrt(static_cast<double>(d)));
        const Tensor g = rng.normal(Shape{16, d});
        expect_kkt(g, H, solve_trs(g, H, r), r);
      }
    }
  }
}

TEST(TrustRegion, InteriorCaseIsTheNewtonStepOfANegativeDefiniteModel) {
  // H = -diag(2, 4), g = (0.2, -0.4): p = -H^{-1} g = (0.1, -0.1), inside r = 1.
  const Tensor H(Shape{1, 2, 2}, {-2.0, 0.0, 0.0, -4.0});
  const Tensor g(Shape{1, 2}, {0.2, -0.4});
  const TrsBatch s = solve_trs(g, H, 1.0);
  EXPECT_EQ(s.cases[0], TrsCase::Interior);
  EXPECT_EQ(s.multiplier.at({0}), 0.0);
  EXPECT_NEAR(s.step.at({0, 0}), 0.1, 1e-15);
  EXPECT_NEAR(s.step.at({0, 1}), -0.1, 1e-15);
  EXPECT_NEAR(s.model_value.at({0}), 0.2 * 0.1 + 0.4 * 0.1 - 0.5 * (2 * 0.01 + 4 * 0.01), 1e-15);
}

TEST(TrustRegion, PositiveDefiniteModelsAreMaximisedOnTheBoundary) {
  // H = diag(1, 3), g = (1, 0): p = g / (mu - 1) on the sphere: mu = 1 + 1/r.
  const Tensor H(Shape{1, 2, 2}, {1.0, 0.0, 0.0, 3.0});
  const Tensor g(Shape{1, 2}, {1.0, 0.0});
  const double r = 0.25;
  const TrsBatch s = solve_trs(g, H, r);
  EXPECT_EQ(s.cases[0], TrsCase::Boundary);
  EXPECT_NEAR(s.multiplier.at({0}), 5.0, 1e-12);
  EXPECT_NEAR(s.step.at({0, 0}), 0.25, 1e-14);
  EXPECT_NEAR(s.step.at({0, 1}), 0.0, 1e-15);
}

TEST(TrustRegion, HardCaseAddsTheTopEigenvectorToReachTheBoundary) {
  // H = diag(-1, 2), g = (0.3, 0) is orthogonal to q_max = e_2: mu = 2, p_1 = 0.3 / 3 = 0.1,
  // p_2 = +-sqrt(r^2 - 0.01).
  const Tensor H(Shape{1, 2, 2}, {-1.0, 0.0, 0.0, 2.0});
  const Tensor g(Shape{1, 2}, {0.3, 0.0});
  const TrsBatch s = solve_trs(g, H, 1.0);
  EXPECT_EQ(s.cases[0], TrsCase::HardCase);
  EXPECT_DOUBLE_EQ(s.multiplier.at({0}), 2.0);
  EXPECT_NEAR(s.step.at({0, 0}), 0.1, 1e-15);
  EXPECT_NEAR(std::abs(s.step.at({0, 1})), std::sqrt(0.99), 1e-14);
  expect_kkt(g, H, s, 1.0);
  // Zero gradient and a positive eigenvalue: the hard case with p along q_max.
  const TrsBatch zero = solve_trs(Tensor(Shape{1, 2}), H, 0.5);
  EXPECT_EQ(zero.cases[0], TrsCase::HardCase);
  EXPECT_NEAR(std::abs(zero.step.at({0, 1})), 0.5, 1e-15);
  EXPECT_NEAR(zero.model_value.at({0}), 0.5 * 2.0 * 0.25, 1e-15);
}

TEST(TrustRegion, NearlyHardCaseStillSatisfiesKkt) {
  Rng rng(2);
  for (double tiny : {1e-6, 1e-9, 1e-12, 1e-15}) {
    // Rotated diag(-1, 0.5, 2) with g almost orthogonal to the top eigenvector.
    const Tensor q = eigh(symmetric(rng, 1, 3, 0.0), EighMethod::Lapack).eigenvectors.reshape({3, 3});
    const Tensor lambda(Shape{1, 3}, {-1.0, 0.5, 2.0});
    const Tensor H = matmul(mul(q, lambda), q, {.b = true}).reshape({1, 3, 3});
    const Tensor coords(Shape{3, 1}, {0.3, -0.2, tiny});
    const Tensor g = matmul(q, coords).reshape({1, 3});
    expect_kkt(g, H, solve_trs(g, H, 1.0), 1.0);
  }
}

TEST(TrustRegion, BeatsBruteForceOverTheDiscInTwoDimensions) {
  Rng rng(13);
  const Tensor H = symmetric(rng, 40, 2, 0.0);
  const Tensor g = rng.normal(Shape{40, 2});
  const double r = 0.7;
  const TrsBatch s = solve_trs(g, H, r);
  for (Index b = 0; b < 40; ++b) {
    const double g0 = g.at({b, 0}), g1 = g.at({b, 1});
    const double h00 = H.at({b, 0, 0}), h01 = H.at({b, 0, 1}), h11 = H.at({b, 1, 1});
    double best = -1e300;
    for (int ring = 0; ring <= 200; ++ring) {
      const double rho = r * ring / 200.0;
      for (int k = 0; k < 2000; ++k) {
        const double angle = 2.0 * std::numbers::pi * k / 2000.0;
        const double x = rho * std::cos(angle), y = rho * std::sin(angle);
        best = std::max(best, g0 * x + g1 * y + 0.5 * (h00 * x * x + 2 * h01 * x * y + h11 * y * y));
      }
    }
    EXPECT_GE(s.model_value.at({b}), best - 1e-12) << "sample " << b;
    const double x = s.step.at({b, 0}), y = s.step.at({b, 1});
    EXPECT_NEAR(s.model_value.at({b}), g0 * x + g1 * y + 0.5 * (h00 * x * x + 2 * h01 * x * y + h11 * y * y), 1e-14);
  }
}

TEST(TrustRegion, ResultsDoNotDependOnTheThreadCount) {
  Rng rng(4);
  const Tensor H = symmetric(rng, 101, 4, 1.0);
  const Tensor g = rng.normal(Shape{101, 4});
  const TrsBatch one = solve_trs(g, H, 0.3, {.threads = 1});
  // Blocks of 50 and 51, or of 33 and 34 samples: the eigendecompositions' groups of lanes differ.
  for (int threads : {2, 3}) {
    const TrsBatch many = solve_trs(g, H, 0.3, {.threads = threads});
    for (Index i = 0; i < one.step.numel(); ++i) ASSERT_EQ(one.step.data()[i], many.step.data()[i]);
    for (Index i = 0; i < 101; ++i) ASSERT_EQ(one.multiplier.data()[i], many.multiplier.data()[i]);
  }
}

TEST(TrustRegion, EachSampleIsSolvedAsIfAlone) {
  // Definite, indefinite and semidefinite models at two radii, in one batch (whose
  // eigendecompositions share lanes) and one sample at a time: bitwise the same solutions.
  Rng rng(8);
  for (double shift : {-3.0, 0.0, 3.0}) {
    for (double r : {0.05, 2.0}) {
      const Tensor H = symmetric(rng, 21, 5, shift);
      const Tensor g = rng.normal(Shape{21, 5});
      const TrsBatch all = solve_trs(g, H, r);
      for (Index i = 0; i < 21; ++i) {
        const TrsBatch one = solve_trs(slice_rows(g, i, i + 1), slice_rows(H, i, i + 1), r);
        for (Index j = 0; j < 5; ++j) ASSERT_EQ(one.step.data()[j], all.step.data()[i * 5 + j]) << "sample " << i;
        ASSERT_EQ(one.multiplier.data()[0], all.multiplier.data()[i]) << "sample " << i;
        ASSERT_EQ(one.iterations[0], all.iterations[static_cast<std::size_t>(i)]) << "sample " << i;
        ASSERT_EQ(one.cases[0], all.cases[static_cast<std::size_t>(i)]) << "sample " << i;
      }
    }
  }
}

TEST(TrustRegion, SamplesStoppedByTheIterationCapAreListedAndOnTheSphere) {
  Rng rng(9);
  const Tensor H = symmetric(rng, 12, 4, 2.0);
  const Tensor g = rng.normal(Shape{12, 4});
  const TrsBatch s = solve_trs(g, H, 0.5, {.max_iterations = 1});
  ASSERT_FALSE(s.unconverged.empty());
  for (Index i : s.unconverged) {
    EXPECT_EQ(s.cases[static_cast<std::size_t>(i)], TrsCase::Boundary);
    EXPECT_EQ(s.iterations[static_cast<std::size_t>(i)], 1);
    double squares = 0.0;
    for (Index j = 0; j < 4; ++j) squares += s.step.data()[i * 4 + j] * s.step.data()[i * 4 + j];
    EXPECT_NEAR(std::sqrt(squares), 0.5, 1e-15) << "sample " << i;
  }
}

TEST(TrustRegion, DefaultThreadsAreTheMachinesForLargeBatchesAndOneForSmall) {
  const int machine = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(trs_threads(0, 5), 1);
  EXPECT_EQ(trs_threads(0, kSamplesPerThread - 1), 1);
  EXPECT_EQ(trs_threads(0, 2 * kSamplesPerThread), std::min(2, machine));
  EXPECT_EQ(trs_threads(0, 1000 * kSamplesPerThread), machine);
  EXPECT_EQ(trs_threads(3, 5), 3);
  Rng rng(5);
  const Index batch = 4 * kSamplesPerThread;
  const Tensor H = symmetric(rng, batch, 3, 0.5);
  const Tensor g = rng.normal(Shape{batch, 3});
  const TrsBatch one = solve_trs(g, H, 0.2, {.threads = 1});
  const TrsBatch automatic = solve_trs(g, H, 0.2);
  for (Index i = 0; i < one.step.numel(); ++i) ASSERT_EQ(one.step.data()[i], automatic.step.data()[i]);
  EXPECT_EQ(::parity::testing::error_message([&] { solve_trs(g, H, 0.2, {.threads = -1}); }),
            "solve_trs(): threads must be >= 0 (0: the machine's), got -1");
}

// (mu I - H) p = g is invariant under g -> 2^(a+c) g, H -> 2^a H, r -> 2^c r, p -> 2^c p, mu -> 2^a mu,
// and the solver works in units where nothing overflows: radii and gradients near the ends of
// the double range give the scaled solution, which has no NaN or infinity.
TEST(TrustRegion, HugeAndTinyRadiiGiveTheScaledSolution) {
  Rng rng(11);
  for (double shift : {-4.0, 0.0, 4.0}) {
    const Tensor H = symmetric(rng, 32, 5, shift);
    const Tensor g = rng.normal(Shape{32, 5});
    const TrsBatch reference = solve_trs(g, H, 0.7);
    for (int c : {1000, 500, -500, -1000}) {
      const TrsBatch scaled = solve_trs(ldexp_all(g, c), H, std::ldexp(0.7, c));
      for (Index i = 0; i < g.numel(); ++i) {
        ASSERT_EQ(scaled.step.data()[i], std::ldexp(reference.step.data()[i], c)) << "2^" << c << ", entry " << i;
      }
      for (Index i = 0; i < 32; ++i) ASSERT_EQ(scaled.multiplier.data()[i], reference.multiplier.data()[i]);
    }
    for (int a : {600, -600}) {
      const TrsBatch scaled = solve_trs(ldexp_all(g, a + 300), ldexp_all(H, a), std::ldexp(0.7, 300));
      for (Index i = 0; i < g.numel(); ++i) {
        EXPECT_NEAR(std::ldexp(scaled.step.data()[i], -300), reference.step.data()[i], 1e-12) << "2^" << a;
      }
      for (Index i = 0; i < 32; ++i) {
        EXPECT_NEAR(std::ldexp(scaled.multiplier.data()[i], -a), reference.multiplier.data()[i],
                    1e-12 * std::max(1.0, reference.multiplier.data()[i]));
      }
    }
  }
  // r = 1e308 with H positive definite: the step is r along the top eigenvector.
  const Tensor H(Shape{1, 2, 2}, {2, 0, 0, 1});
  const Tensor g(Shape{1, 2}, {1e-3, 1e-3});
  const TrsBatch s = solve_trs(g, H, 1e308);
  EXPECT_DOUBLE_EQ(std::abs(s.step.data()[0]), 1e308);
  EXPECT_LE(std::abs(s.step.data()[1]), 1e-10 * 1e308);
  EXPECT_TRUE(std::isinf(s.model_value.data()[0]));  // r^2 lambda / 2 is beyond the double range
}

using ::parity::testing::error_message;

TEST(TrustRegion, BadInputGetsClearErrors) {
  const Tensor H(Shape{2, 2, 2}, {1, 0, 0, 1, 1, 0, 0, 1});
  const Tensor g(Shape{2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(error_message([&] { solve_trs(g, H, 0.0); }), "solve_trs(): radius must be positive and finite, got 0");
  EXPECT_EQ(error_message([&] { solve_trs(g, H, -1.0); }), "solve_trs(): radius must be positive and finite, got -1");
  EXPECT_EQ(error_message([&] { solve_trs(g, H, std::nan("")); }),
            "solve_trs(): radius must be positive and finite, got nan");
  EXPECT_EQ(error_message([&] { solve_trs(g, Tensor(Shape{2, 3, 3}), 1.0); }),
            "solve_trs(): H of shape [2,3,3] for g of shape [2,2], expected [2,2,2]");
  Tensor bad_h = H.clone();
  bad_h.at({1, 0, 1}) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_message([&] { solve_trs(g, bad_h, 1.0); }), 
            "solve_trs(): H holds a non-finite value (inf) at [1,0,1] of shape [2,2,2]");
  Tensor bad_g = g.clone();
  bad_g.at({1, 1}) = std::nan("");
  EXPECT_EQ(error_message([&] { solve_trs(bad_g, H, 1.0); }), 
            "solve_trs(): g holds a non-finite value (nan) at [1,1] of shape [2,2]");
}

}  // namespace
}  // namespace parity::robust
