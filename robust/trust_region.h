// The trust-region subproblem of the inner maximisation (Fast & Fair, arXiv 2401.02012):
//
//   max_{||p|| <= r}  q(p) = g^T p + 1/2 p^T H p,
//
// the second-order model of L(x + p) - L(x). Its solution satisfies (Moré & Sorensen 1983,
// "Computing a trust region step", Thm 3.1, written for maximisation)
//
//   (mu I - H) p = g,   mu >= 0,   mu (||p|| - r) = 0,   mu I - H positive semidefinite.
//
// With H = Q diag(lambda) Q^T and gamma = Q^T g, p(mu) = sum_i gamma_i / (mu - lambda_i) q_i for
// mu > lambda_max. Three cases:
//   interior   H negative definite and ||H^{-1} g|| <= r: mu = 0, p = -H^{-1} g;
//   boundary   mu > max(0, lambda_max) solving the secular equation ||p(mu)|| = r, found by Newton's
//              method on psi(mu) = 1/||p(mu)|| - 1/r, which is concave and increasing, safeguarded by
//              bisection on [mu_low, mu_low + ||g|| / r], mu_low = max(0, lambda_max) (Moré & Sorensen,
//              sec. 4), in the variable mu - mu_low so that mu - lambda_max keeps its digits near the hard case;
//   hard case  g has no component along the eigenspace of lambda_max >= 0 and ||p(lambda_max)|| < r
//              (p(lambda_max) summed over the other eigenvectors): mu = lambda_max and
//              p = p(lambda_max) + tau q_max with tau making ||p|| = r.
// Rank one along g (the input Hessian of any loss of an affine logit, l(w.x + b): g = l'(z) w,
// H = l''(z) w w^T): with v = g / ||g|| and lambda = v^T H v, H = lambda v v^T, and if
// mu = ||g|| / r + lambda >= 0, p = r v solves the conditions above: (mu I - H) p = (mu - lambda) r v
// = g, ||p|| = r, mu >= max(0, lambda) = max(0, lambda_max). That case is solved in closed form, in
// O(d^2) and without an eigendecomposition (boundary case, 0 iterations); every other problem,
// including rank one with mu < 0 (interior, or the hard case for d > 1), by the eigendecomposition.
// The public reference implementation returns the Newton step -H^{-1} g whenever it lies in
// the ball, which minimises rather than maximises the model when H is not negative definite;
// here the interior case is taken only when H is negative definite.
#pragma once

#include <vector>

#include "tensor/tensor.h"

namespace parity::robust {

enum class TrsCase { Interior, Boundary, HardCase };

const char* trs_case_name(TrsCase c);

struct TrsOptions {
  /// Relative tolerance on | ||p|| - r | / r of the boundary case.
  double tolerance = 1e-13;
  /// Cap on Newton (and bisection) iterations of the secular equation.
  int max_iterations = 100;
  /// Threads over the samples of a batch (results do not depend on it); 0: the machine's
  /// hardware threads, but at most one per kSamplesPerThread samples, so that a small batch is
  /// not slowed by starting threads.
  int threads = 0;
};

/// With TrsOptions::threads = 0, the fewest samples a thread is given (a few hundred
/// microseconds of work at d = 5, against tens for starting the thread).
inline constexpr Index kSamplesPerThread = 256;

/// The threads solve_trs() uses for `batch` samples with `requested` (TrsOptions::threads).
int trs_threads(int requested, Index batch);

/// The solution of a batch of subproblems.
struct TrsBatch {
  Tensor step;        ///< [B, d]: p
  Tensor multiplier;  ///< [B]: mu
  Tensor model_value; ///< [B]: q(p)
  std::vector<int> iterations;
  std::vector<TrsCase> cases;
  /// Samples whose secular iteration hit max_iterations (their step is the last iterate,
  /// scaled onto the sphere).
  std::vector<Index> unconverged;
  /// Samples solved in closed form as rank one along g (see the top of this file), ascending.
  std::vector<Index> rank_one;
};

/// Solves max_{||p|| <= radius} g_i^T p + 1/2 p^T H_i p for every sample: g [B, d], H [B, d, d]
/// (symmetric). Throws for radius <= 0 or non-finite, shape mismatches, and NaN/Inf in g or H
/// (naming the sample).
TrsBatch solve_trs(const Tensor& g, const Tensor& H, double radius, const TrsOptions& options = {});

/// One subproblem from the eigendecomposition of H: eigenvalues `lambda` ascending, eigenvectors
/// in the columns of the row-major d x d `Q`. Writes p; returns mu, iterations and case.
/// `scratch` holds 4 d doubles. Any finite radius > 0, g and H: the solve runs in units where no
/// square overflows (only a model value or multiplier beyond the double range is infinite).
struct TrsSample {
  double multiplier = 0.0;
  double model_value = 0.0;
  int iterations = 0;
  TrsCase kind = TrsCase::Boundary;
  bool converged = true;
};
TrsSample solve_trs_eigen(const double* lambda, const double* Q, const double* g, Index d, double radius,
                          const TrsOptions& options, double* p, double* scratch);

/// The closed form of a subproblem whose H is rank one along g to rounding: with v = g / ||g||,
/// lambda = v^T H v and R = H - lambda v v^T, accepted when g != 0, ||R||_F <= rank_one_tolerance(d)
/// ||H||_F and mu = ||g|| / r + lambda >= rank_one_tolerance(d) ||H||_F (mu I - H positive
/// semidefinite despite the rounding in H). Writes p = r v and returns true; false (p untouched)
/// otherwise.
bool solve_trs_rank_one(const double* g, const double* H, Index d, double radius, double* p, TrsSample& out);

/// The relative size of H - lambda v v^T that rounding leaves when H = c w w^T and g = c' w are
/// computed entry by entry (derivation in trust_region.cpp).
double rank_one_tolerance(Index d);

}  // namespace parity::robust
