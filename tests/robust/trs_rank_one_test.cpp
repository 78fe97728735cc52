// The closed form of solve_trs() for H rank one along g (robust/trust_region.h): optimality,
// agreement with the eigendecomposition path, what it accepts and rejects, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/derivatives.h"
#include "autograd/functional.h"
#include "robust/trust_region.h"
#include "tensor/elementwise.h"
#include "tensor/linalg.h"
#include "tensor/random.h"
#include "tensor/shape_ops.h"

namespace parity::robust {
namespace {

double norm(const double* v, Index d) {
  double s = 0.0;
  for (Index j = 0; j < d; ++j) s += v[j] * v[j];
  return std::sqrt(s);
}

bool listed(const std::vector<Index>& samples, Index i) {
  return std::find(samples.begin(), samples.end(), i) != samples.end();
}

// Sample i of the batch against the optimality conditions of robust/trust_region.h, each
// residual relative to the size of its terms.
void expect_optimal(const Tensor& g, const Tensor& H, const TrsBatch& s, double r, Index i) {
  const Index d = g.size(1);
  const double* gi = g.data() + i * d;
  const double* Hi = H.data() + i * d * d;
  const double* p = s.step.data() + i * d;
  const double mu = s.multiplier.data()[i];
  const Tensor lambda = eigh(slice_rows(H, i, i + 1), EighMethod::Lapack).eigenvalues;
  const double lambda_max = lambda.data()[d - 1];
  const double spectral = std::max(std::abs(lambda.data()[0]), std::abs(lambda_max));
  double residual = 0.0;
  for (Index a = 0; a < d; ++a) {
    double row = mu * p[a] - gi[a];
    for (Index b = 0; b < d; ++b) row -= Hi[a * d + b] * p[b];
    residual += row * row;
  }
  const double scale = norm(gi, d) + (std::abs(mu) + spectral) * r;
  EXPECT_LE(std::sqrt(residual), 1e-13 * scale) << "sample " << i;
  EXPECT_GE(mu, 0.0) << "sample " << i;
  EXPECT_GE(mu, lambda_max - 1e-13 * spectral) << "sample " << i;
  EXPECT_LE(norm(p, d), r * (1 + 1e-13)) << "sample " << i;
  EXPECT_LE(mu * std::abs(norm(p, d) - r), 1e-13 * mu * r) << "sample " << i;
  double model = 0.0;
  for (Index a = 0; a < d; ++a) {
    model += gi[a] * p[a];
    for (Index b = 0; b < d; ++b) model += 0.5 * p[a] * Hi[a * d + b] * p[b];
  }
  EXPECT_NEAR(s.model_value.data()[i], model, 1e-13 * scale * r) << "sample " << i;
}

// B problems H_i = c_i w_i w_i^T, g_i = c'_i w_i, with c_i = lambda_i / ||w_i||^2 and lambda_i
// drawn from [low, high] in units of ||g_i|| / r.
struct RankOne {
  Tensor g, H;
};

RankOne rank_one_problems(Rng& rng, Index batch, Index d, double r, double low, double high) {
  const Tensor w = rng.normal(Shape{batch, d});
  const Tensor c_g = rng.normal(Shape{batch});
  const Tensor u = rng.uniform(Shape{batch});
  RankOne out{Tensor::empty(Shape{batch, d}), Tensor::empty(Shape{batch, d, d})};
  for (Index i = 0; i < batch; ++i) {
    const double* wi = w.data() + i * d;
    const double w_norm = norm(wi, d);
    const double lambda = (low + (high - low) * u.data()[i]) * std::abs(c_g.data()[i]) * w_norm / r;
    const double c = lambda / (w_norm * w_norm);
    for (Index a = 0; a < d; ++a) {
      out.g.data()[i * d + a] = c_g.data()[i] * wi[a];
      for (Index b = 0; b < d; ++b) out.H.data()[(i * d + a) * d + b] = c * wi[a] * wi[b];
    }
  }
  return out;
}

// The eigendecomposition path alone on every sample.
Tensor eigen_steps(const Tensor& g, const Tensor& H, double r) {
  const Index batch = g.size(0);
  const Index d = g.size(1);
  std::vector<double> lambda(static_cast<std::size_t>(batch * d));
  std::vector<double> Q(static_cast<std::size_t>(batch * d * d));
  std::vector<double> scratch(static_cast<std::size_t>(4 * d));
  eigh_into(H.data(), batch, d, lambda.data(), Q.data());
  Tensor p = Tensor::empty(g.shape());
  for (Index i = 0; i < batch; ++i) {
    solve_trs_eigen(lambda.data() + i * d, Q.data() + i * d * d, g.data() + i * d, d, r, {}, p.data() + i * d,
                    scratch.data());
  }
  return p;
}

void expect_same_steps(const Tensor& a, const Tensor& b, double tolerance) {
  const Index d = a.size(1);
  for (Index i = 0; i < a.size(0); ++i) {
    const double scale = norm(b.data() + i * d, d);
    for (Index j = 0; j < d; ++j) {
      EXPECT_NEAR(a.data()[i * d + j], b.data()[i * d + j], tolerance * scale) << "sample " << i << ", entry " << j;
    }
  }
}

TEST(TrustRegionRankOne, ClosedFormIsOptimalAndAgreesWithTheEigendecomposition) {
  // lambda from -||g|| / r (mu = 0 at the edge excluded) to large positive curvature.
  Rng rng(21);
  for (Index d : {1, 2, 5, 12}) {
    for (double r : {0.01, 0.3, 4.0}) {
      const RankOne problem = rank_one_problems(rng, 40, d, r, -0.99, 20.0);
      const TrsBatch s = solve_trs(problem.g, problem.H, r);
      ASSERT_EQ(s.rank_one.size(), 40u) << "d = " << d << ", r = " << r;
      for (Index i = 0; i < 40; ++i) {
        EXPECT_EQ(s.cases[static_cast<std::size_t>(i)], TrsCase::Boundary);
        EXPECT_EQ(s.iterations[static_cast<std::size_t>(i)], 0);
        expect_optimal(problem.g, problem.H, s, r, i);
      }
      EXPECT_TRUE(s.unconverged.empty());
      expect_same_steps(s.step, eigen_steps(problem.g, problem.H, r), 1e-12);
    }
  }
}

TEST(TrustRegionRankOne, NegativeCurvatureBeyondTheGradientGoesToTheEigendecomposition) {
  // lambda < -||g|| / r: the maximiser is -g / lambda inside the ball (d = 1) or the hard case
  // (d > 1, p(0) = -g / lambda plus a direction orthogonal to g), neither of them r v.
  Rng rng(22);
  for (Index d : {1, 3, 5}) {
    const double r = 0.5;
    const RankOne problem = rank_one_problems(rng, 30, d, r, -20.0, -1.01);
    const TrsBatch s = solve_trs(problem.g, problem.H, r);
    EXPECT_TRUE(s.rank_one.empty()) << "d = " << d;
    for (Index i = 0; i < 30; ++i) {
      // The component of p along v = g / ||g|| is ||g|| / |lambda| < r, lambda = v^T H v; for
      // d > 1 the rest of the sphere is reached orthogonally to g (the hard case, or the boundary
      // case with mu at rounding level when rounding leaves g a tiny component along lambda_max).
      const double* gi = problem.g.data() + i * d;
      const double* Hi = problem.H.data() + i * d * d;
      const double g_norm = norm(gi, d);
      double lambda = 0.0;
      double along = 0.0;
      for (Index a = 0; a < d; ++a) {
        along += s.step.data()[i * d + a] * gi[a] / g_norm;
        for (Index b = 0; b < d; ++b) lambda += gi[a] * Hi[a * d + b] * gi[b] / (g_norm * g_norm);
      }
      EXPECT_NEAR(along, g_norm / std::abs(lambda), 1e-12 * r) << "sample " << i;
      if (d == 1) {
        EXPECT_EQ(s.cases[static_cast<std::size_t>(i)], TrsCase::Interior);
      } else {
        EXPECT_NEAR(norm(s.step.data() + i * d, d), r, 1e-13 * r) << "sample " << i;
      }
      expect_optimal(problem.g, problem.H, s, r, i);
    }
  }
}

// Logistic regression, loss = bce(x.w + b, y): every input Hessian is l''(z) w w^T.
struct Logistic {
  Tensor w;  // [d, 1]
  double b;
  Tensor y;  // [B, 1]
  Var operator()(const Var& x, const Tensor& labels) const {
    return reshape(bce_with_logits(matmul(x, Var(w)) + b, labels), Shape{x.shape()[0]});
  }
};

TEST(TrustRegionRankOne, AcceptsLogisticHessiansFromAutodiffAndMatchesTheEigendecomposition) {
  Rng rng(23);
  for (Index d : {2, 5, 30}) {
    const Index batch = 64;
    const Logistic f{rng.normal(Shape{d, 1}), 0.2, rng.bernoulli(Shape{batch, 1}, 0.5)};
    const Tensor X = mul(rng.normal(Shape{batch, d}), 2.0);
    const InputHessians h = input_hessians(SampleLoss(f, f.y), X);
    const Tensor g = h.gradient.reshape({batch, d});
    const Tensor H = h.hessian.reshape({batch, d, d});
    for (double r : {0.05, 1.0}) {
      const TrsBatch s = solve_trs(g, H, r);
      ASSERT_EQ(s.rank_one.size(), static_cast<std::size_t>(batch)) << "d = " << d;
      for (Index i = 0; i < batch; ++i) expect_optimal(g, H, s, r, i);
      expect_same_steps(s.step, eigen_steps(g, H, r), 1e-12);
    }
  }
}

TEST(TrustRegionRankOne, RejectsARankTwoHessianWhoseSecondEigenvalueIsAboveRounding) {
  // H = c w w^T + sigma u u^T with u orthogonal to w and sigma a multiple of the rounding level
  // tolerance(d) ||H||_F: rank two for the solver, which must take the eigendecomposition.
  Rng rng(24);
  const Index d = 5;
  const double r = 0.3;
  for (double sigma_over_rounding : {1e6, 1e2, 10.0}) {
    const RankOne base = rank_one_problems(rng, 20, d, r, 0.5, 3.0);
    Tensor H = base.H.clone();
    Tensor noise = rng.normal(Shape{20, d});
    for (Index i = 0; i < 20; ++i) {
      const double* gi = base.g.data() + i * d;
      double* u = noise.data() + i * d;
      const double g_norm = norm(gi, d);
      double along = 0.0;
      for (Index j = 0; j < d; ++j) along += u[j] * gi[j] / g_norm;
      for (Index j = 0; j < d; ++j) u[j] -= along * gi[j] / g_norm;
      const double u_norm = norm(u, d);
      double h_squares = 0.0;
      for (Index k = 0; k < d * d; ++k) h_squares += H.data()[i * d * d + k] * H.data()[i * d * d + k];
      const double sigma = sigma_over_rounding * rank_one_tolerance(d) * std::sqrt(h_squares);
      for (Index a = 0; a < d; ++a) {
        for (Index b = 0; b < d; ++b) H.data()[(i * d + a) * d + b] += sigma * u[a] * u[b] / (u_norm * u_norm);
      }
    }
    const TrsBatch s = solve_trs(base.g, H, r);
    EXPECT_TRUE(s.rank_one.empty()) << "sigma = " << sigma_over_rounding << " x rounding";
    for (Index i = 0; i < 20; ++i) expect_optimal(base.g, H, s, r, i);
  }
  // Rank one, but not along g; and g = 0.
  const Tensor H(Shape{2, 2, 2}, {1, 0, 0, 0, 1, 0, 0, 0});
  const Tensor g(Shape{2, 2}, {0.6, 0.8, 0, 0});
  EXPECT_TRUE(solve_trs(g, H, 1.0).rank_one.empty());
}

TEST(TrustRegionRankOne, MixedBatchesDoNotDependOnThreadsOrNeighbours) {
  // Rank-one and general problems interleaved: the eigendecompositions of the rest are gathered
  // differently per block, and each sample must still be solved as if alone.
  Rng rng(25);
  const Index batch = 101;
  const Index d = 4;
  const double r = 0.3;
  const RankOne rank_one = rank_one_problems(rng, batch, d, r, -0.9, 5.0);
  const Tensor general = rng.normal(Shape{batch, d, d});
  Tensor H = rank_one.H.clone();
  for (Index i = 0; i < batch; i += 3) {
    for (Index a = 0; a < d; ++a) {
      for (Index b = 0; b < d; ++b) {
        H.data()[(i * d + a) * d + b] = 0.5 * (general.data()[(i * d + a) * d + b] + general.data()[(i * d + b) * d + a]);
      }
    }
  }
  const TrsBatch one = solve_trs(rank_one.g, H, r, {.threads = 1});
  EXPECT_EQ(one.rank_one.size(), static_cast<std::size_t>(batch - (batch + 2) / 3));
  for (Index i = 0; i < batch; ++i) EXPECT_EQ(listed(one.rank_one, i), i % 3 != 0) << "sample " << i;
  for (int threads : {2, 3}) {
    const TrsBatch many = solve_trs(rank_one.g, H, r, {.threads = threads});
    for (Index i = 0; i < one.step.numel(); ++i) ASSERT_EQ(one.step.data()[i], many.step.data()[i]);
    for (Index i = 0; i < batch; ++i) ASSERT_EQ(one.multiplier.data()[i], many.multiplier.data()[i]);
    EXPECT_EQ(one.rank_one, many.rank_one);
  }
  for (Index i = 0; i < batch; ++i) {
    const TrsBatch alone = solve_trs(slice_rows(rank_one.g, i, i + 1), slice_rows(H, i, i + 1), r);
    for (Index j = 0; j < d; ++j) ASSERT_EQ(alone.step.data()[j], one.step.data()[i * d + j]) << "sample " << i;
    ASSERT_EQ(alone.multiplier.data()[0], one.multiplier.data()[i]) << "sample " << i;
  }
}

TEST(TrustRegionRankOne, ScalingByPowersOfTwoGivesTheScaledSolution) {
  // g -> 2^(a+c) g, H -> 2^a H, r -> 2^c r: p -> 2^c p and mu -> 2^a mu, bitwise in the normal range.
  Rng rng(26);
  const RankOne problem = rank_one_problems(rng, 16, 5, 0.7, -0.9, 5.0);
  const TrsBatch reference = solve_trs(problem.g, problem.H, 0.7);
  ASSERT_EQ(reference.rank_one.size(), 16u);
  for (int a : {600, -600}) {
    for (int c : {300, -300}) {
      Tensor g = problem.g.clone();
      Tensor H = problem.H.clone();
      for (double& v : g) v = std::ldexp(v, a + c);
      for (double& v : H) v = std::ldexp(v, a);
      const TrsBatch scaled = solve_trs(g, H, std::ldexp(0.7, c));
      ASSERT_EQ(scaled.rank_one.size(), 16u);
      for (Index i = 0; i < g.numel(); ++i) ASSERT_EQ(scaled.step.data()[i], std::ldexp(reference.step.data()[i], c));
      for (Index i = 0; i < 16; ++i) ASSERT_EQ(scaled.multiplier.data()[i], std::ldexp(reference.multiplier.data()[i], a));
    }
  }
}

}  // namespace
}  // namespace parity::robust
