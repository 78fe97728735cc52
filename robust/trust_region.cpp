#include "robust/trust_region.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "tensor/check.h"
#include "tensor/linalg.h"
#include "tensor/parallel.h"

namespace parity::robust {

const char* trs_case_name(TrsCase c) {
  switch (c) {
    case TrsCase::Interior:
      return "interior";
    case TrsCase::Boundary:
      return "boundary";
    case TrsCase::HardCase:
      return "hard case";
  }
  return "unknown";
}

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The secular equation is solved in delta = mu - base, base = max(0, lambda_max), with
// mu - lambda_j = delta + gap_j and gap_j = base - lambda_j computed once: near the hard case
// mu - lambda_max is tiny, and forming it as a difference of two O(1) numbers would leave few
// correct digits.
struct Secular {
  double norm;   // ||p||
  double cubic;  // sum gamma_j^2 / (delta + gap_j)^3
};

Secular secular(const double* gap, const double* gamma, Index d, double delta) {
  double squares = 0.0;
  double cubic = 0.0;
  for (Index j = 0; j < d; ++j) {
    if (gamma[j] == 0.0) continue;
    // (gamma_j / (delta + gap_j))^2, not gamma_j^2 / (...)^2: a gamma_j too small to square is
    // not too small to matter when delta + gap_j is as small.
    const double inv = 1.0 / (delta + gap[j]);
    const double coefficient = gamma[j] * inv;
    const double term = coefficient * coefficient;
    squares += term;
    cubic += term * inv;
  }
  return {std::sqrt(squares), cubic};
}

// Safeguarded Newton on psi(delta) = 1/||p|| - 1/r from a start with psi <= 0, where
// psi' = cubic / ||p||^3, keeping the bracket [lo, hi] of the root.
double solve_secular(const double* gap, const double* gamma, Index d, double radius, double delta, double hi,
                     const TrsOptions& options, TrsSample& out) {
  double lo = delta;
  for (out.iterations = 0; out.iterations < options.max_iterations; ++out.iterations) {
    const Secular s = secular(gap, gamma, d, delta);
    if (std::abs(s.norm - radius) <= options.tolerance * radius) return delta;
    if (s.norm > radius) {
      lo = std::max(lo, delta);
    } else {
      hi = std::min(hi, delta);
    }
    const double psi = 1.0 / s.norm - 1.0 / radius;
    double next = delta - psi * s.norm * s.norm * s.norm / s.cubic;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == delta) break;
    delta = next;
  }
  out.converged = std::abs(secular(gap, gamma, d, delta).norm - radius) <= options.tolerance * radius;
  return delta;
}

// The problem in units where no square overflows: with p = 2^e_s u and the objective divided by
// 2^e_t, u solves max_{||u|| <= r 2^-e_s} g'^T u + 1/2 u^T H' u with g' = 2^(e_s - e_t) g and
// H' = 2^(2 e_s - e_t) H, and (mu I - H) p = g becomes (mu' I - H') u = g' with mu' = 2^(2 e_s - e_t) mu.
// e_s is the exponent of r and e_t that of the larger of ||g'|| r and ||H'|| r^2, so r', g' and H'
// are O(1). Powers of two scale exactly: in the normal range the result is bitwise that of the
// unscaled iteration.
struct Scaling {
  int step = 0;       // e_s
  int objective = 0;  // e_t
};

// ||v[begin:end]||, without squares that underflow: the entries are scaled by the largest first.
double norm_of(const double* v, Index begin, Index end) {
  double largest = 0.0;
  for (Index j = begin; j < end; ++j) largest = std::max(largest, std::abs(v[j]));
  if (largest == 0.0) return 0.0;
  double squares = 0.0;
  for (Index j = begin; j < end; ++j) squares += (v[j] / largest) * (v[j] / largest);
  return largest * std::sqrt(squares);
}

// x 2^e as one multiplication by 2^e when that is a normal double: the exact product rounded
// once, i.e. the same result as ldexp(x, e), without its library call; ldexp otherwise.
class PowerOfTwo {
 public:
  explicit PowerOfTwo(int e)
      : e_(e), factor_(std::ldexp(1.0, e)), normal_(e >= std::numeric_limits<double>::min_exponent - 1 &&
                                                     e < std::numeric_limits<double>::max_exponent) {}
  double operator()(double x) const { return normal_ ? x * factor_ : std::ldexp(x, e_); }

 private:
  int e_;
  double factor_;
  bool normal_;
};

Scaling scaling_for(double radius, double g_max, double spectral) {
  Scaling s{std::ilogb(radius), 0};
  const bool has_g = g_max > 0.0;
  const bool has_h = spectral > 0.0;
  const int from_g = has_g ? std::ilogb(g_max) + s.step : 0;
  const int from_h = has_h ? std::ilogb(spectral) + 2 * s.step : 0;
  if (has_g && has_h) {
    s.objective = std::max(from_g, from_h);
  } else if (has_g || has_h) {
    s.objective = has_g ? from_g : from_h;
  }
  return s;
}

}  // namespace

TrsSample solve_trs_eigen(const double* lambda_in, const double* Q, const double* g, Index d, double radius_in,
                          const TrsOptions& options, double* p, double* scratch) {
  double* gamma = scratch;
  double* gap = scratch + d;
  double* coef = scratch + 2 * d;
  double* lambda = scratch + 3 * d;
  double g_max = 0.0;
  for (Index j = 0; j < d; ++j) {
    double dot = 0.0;
    for (Index i = 0; i < d; ++i) dot += Q[i * d + j] * g[i];
    gamma[j] = dot;
    g_max = std::max(g_max, std::abs(dot));
  }
  const Scaling scale =
      scaling_for(radius_in, g_max, std::max(std::abs(lambda_in[0]), std::abs(lambda_in[d - 1])));
  const double radius = std::ldexp(radius_in, -scale.step);
  const PowerOfTwo to_gamma(scale.step - scale.objective);
  const PowerOfTwo to_lambda(2 * scale.step - scale.objective);
  for (Index j = 0; j < d; ++j) {
    gamma[j] = to_gamma(gamma[j]);
    lambda[j] = to_lambda(lambda_in[j]);
  }
  const double g_norm = norm_of(gamma, 0, d);
  const double lambda_max = lambda[d - 1];
  const double base = std::max(0.0, lambda_max);
  const double spectral = std::max(std::abs(lambda[0]), std::abs(lambda_max));
  // The eigenspace of lambda_max: eigenvalues within rounding of it, given gap 0.
  Index top = d - 1;
  while (top > 0 && lambda[top - 1] >= lambda_max - 64 * kEps * spectral) --top;
  for (Index j = 0; j < d; ++j) gap[j] = j >= top ? base - lambda_max : base - lambda[j];
  const double top_norm = norm_of(gamma, top, d);

  TrsSample out;
  double delta = 0.0;
  bool solved = false;
  if (lambda_max < 0.0) {
    // Interior: H negative definite and the unconstrained maximiser -H^{-1} g inside the ball.
    if (secular(gap, gamma, d, 0.0).norm <= radius) {
      out.kind = TrsCase::Interior;
      solved = true;
    }
  }
  const bool top_is_zero = top_norm <= 64 * kEps * g_norm;
  if (!solved && lambda_max >= 0.0 && top_is_zero) {
    for (Index j = top; j < d; ++j) gamma[j] = 0.0;
    if (secular(gap, gamma, d, 0.0).norm < radius) {
      out.kind = TrsCase::HardCase;
      solved = true;
    }
  }
  if (!solved) {
    // psi <= 0 at the start: the top term alone has norm r there (or the interior and hard
    // cases failed at delta = 0); ||p|| <= ||g|| / delta bounds the root above.
    const double start = lambda_max >= 0.0 && !top_is_zero ? top_norm / radius : 0.0;
    delta = solve_secular(gap, gamma, d, radius, start, g_norm / radius, options, out);
    out.kind = TrsCase::Boundary;
  }
  double coef_squares = 0.0;
  for (Index j = 0; j < d; ++j) {
    coef[j] = gamma[j] == 0.0 ? 0.0 : gamma[j] / (delta + gap[j]);
    coef_squares += coef[j] * coef[j];
  }
  if (out.kind == TrsCase::HardCase) {
    // Move along q_max to the boundary (either sign maximises the model: gamma_max = 0).
    coef[d - 1] = std::sqrt(std::max(0.0, radius * radius - coef_squares));
  } else if (!out.converged) {
    const double scale_to_sphere = radius / std::sqrt(coef_squares);
    for (Index j = 0; j < d; ++j) coef[j] *= scale_to_sphere;
  }
  out.multiplier = std::ldexp(base + delta, scale.objective - 2 * scale.step);
  double model_value = 0.0;
  for (Index j = 0; j < d; ++j) model_value += gamma[j] * coef[j] + 0.5 * lambda[j] * coef[j] * coef[j];
  out.model_value = std::ldexp(model_value, scale.objective);
  const PowerOfTwo to_step(scale.step);
  for (Index i = 0; i < d; ++i) {
    double sum = 0.0;
    for (Index j = 0; j < d; ++j) sum += Q[i * d + j] * coef[j];
    p[i] = to_step(sum);
  }
  return out;
}

// Rounding of a rank-one H = c w w^T and g = c' w computed entry by entry (each H_ij two
// products from a common scalar, g_j one), in units u = eps / 2 and relative to |c w_i w_j|:
// H_ij carries 2u; v = g / ||g|| carries 4u per entry (g_j, the division by max |g_j|, the division
// by the norm) times a common factor 1 + s with |s| <= (d / 2 + 2) u from the norm, which
// lambda v v^T carries to the fourth power, (2d + 8) u; lambda = v^T H v, d + d products summed,
// (2d + 1) u of |v|^T |H| |v| = ||H||_F; the product lambda v_i v_j 2u and the subtraction u.
// In all (4d + 22) u = (2d + 11) eps per entry, so ||R||_F <= (2d + 11) eps ||H||_F; one eps more
// for the rounding of the norms themselves.
double rank_one_tolerance(Index d) { return 2.0 * (static_cast<double>(d) + 6.0) * kEps; }

bool solve_trs_rank_one(const double* g, const double* H, Index d, double radius, double* p, TrsSample& out) {
  double g_largest = 0.0;
  for (Index j = 0; j < d; ++j) g_largest = std::max(g_largest, std::abs(g[j]));
  if (g_largest == 0.0) return false;
  double h_largest = 0.0;
  for (Index k = 0; k < d * d; ++k) h_largest = std::max(h_largest, std::abs(H[k]));
  // v in p; H in units of a power of two near max |H_ij|, where no square over- or underflows.
  double* v = p;
  double squares = 0.0;
  for (Index j = 0; j < d; ++j) {
    v[j] = g[j] / g_largest;
    squares += v[j] * v[j];
  }
  const double norm = std::sqrt(squares);
  for (Index j = 0; j < d; ++j) v[j] /= norm;
  const int exponent = h_largest > 0.0 ? std::ilogb(h_largest) : 0;
  const PowerOfTwo to_unit(-exponent);
  double lambda_unit = 0.0;
  double h_squares = 0.0;
  for (Index i = 0; i < d; ++i) {
    double row = 0.0;
    for (Index j = 0; j < d; ++j) {
      const double h = to_unit(H[i * d + j]);
      row += h * v[j];
      h_squares += h * h;
    }
    lambda_unit += v[i] * row;
  }
  const double tolerance = rank_one_tolerance(d);
  const double bound = tolerance * tolerance * h_squares;
  // ||R||_F^2 row by row, stopping at the first row that exceeds the bound (a Hessian of rank
  // above one, as an MLP's, is usually rejected after one row).
  double residual = 0.0;
  for (Index i = 0; i < d; ++i) {
    for (Index j = 0; j < d; ++j) {
      const double r = to_unit(H[i * d + j]) - lambda_unit * v[i] * v[j];
      residual += r * r;
    }
    if (!(residual <= bound)) return false;
  }
  const PowerOfTwo from_unit(exponent);
  const double lambda = from_unit(lambda_unit);
  const double g_norm = g_largest * norm;
  const double multiplier = g_norm / radius + lambda;
  // The other eigenvalues of H are within tolerance ||H||_F of 0: mu must clear them.
  if (!(multiplier >= tolerance * from_unit(std::sqrt(h_squares)))) return false;
  for (Index j = 0; j < d; ++j) p[j] = radius * v[j];
  out.multiplier = multiplier;
  out.model_value = radius * (g_norm + 0.5 * lambda * radius);
  out.iterations = 0;
  out.kind = TrsCase::Boundary;
  out.converged = true;
  return true;
}

namespace {

void check_inputs(const Tensor& g, const Tensor& H, double radius) {
  PARITY_CHECK(std::isfinite(radius) && radius > 0.0, "solve_trs(): radius must be positive and finite, got ",
               radius);
  check_defined(g, "solve_trs()", "g");
  check_defined(H, "solve_trs()", "H");
  PARITY_CHECK(g.dim() == 2, "solve_trs(): g must be [B, d], got ", g.shape());
  const Index batch = g.size(0);
  const Index d = g.size(1);
  PARITY_CHECK(H.shape() == (Shape{batch, d, d}), "solve_trs(): H of shape ", H.shape(), " for g of shape ",
               g.shape(), ", expected [", batch, ",", d, ",", d, "]");
  PARITY_CHECK(d >= 1, "solve_trs(): need at least one feature, got d = 0");
  check_finite(g, "solve_trs()", "g");
  check_finite(H, "solve_trs()", "H");
}

}  // namespace

int trs_threads(int requested, Index batch) {
  PARITY_CHECK(requested >= 0, "solve_trs(): threads must be >= 0 (0: the machine's), got ", requested);
  if (requested > 0) return requested;
  // Read once: each query reads a file of the operating system, which costs as much as the
  // subproblems of a small batch.
  static const Index machine = std::max<Index>(1, std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp<Index>(batch / kSamplesPerThread, 1, machine));
}

TrsBatch solve_trs(const Tensor& g, const Tensor& H, double radius, const TrsOptions& options) {
  check_inputs(g, H, radius);
  const int threads = trs_threads(options.threads, g.size(0));
  const Index batch = g.size(0);
  const Index d = g.size(1);
  TrsBatch out{Tensor::empty(g.shape()), Tensor::empty(Shape{batch}), Tensor::empty(Shape{batch}),
               std::vector<int>(static_cast<std::size_t>(batch)), std::vector<TrsCase>(static_cast<std::size_t>(batch)),
               {}, {}};
  std::vector<char> converged(static_cast<std::size_t>(batch), 1);
  std::vector<char> rank_one(static_cast<std::size_t>(batch), 0);
  const auto record = [&](Index i, const TrsSample& s) {
    out.multiplier.data()[i] = s.multiplier;
    out.model_value.data()[i] = s.model_value;
    out.iterations[static_cast<std::size_t>(i)] = s.iterations;
    out.cases[static_cast<std::size_t>(i)] = s.kind;
    converged[static_cast<std::size_t>(i)] = s.converged ? 1 : 0;
  };
  parallel_for(batch, threads, [&](Index begin, Index end) {
    // Closed forms first; the other samples' Hessians, gathered when some were solved, go through
    // one batched eigendecomposition (each matrix's result is that of the matrix alone).
    std::vector<Index> rest;
    for (Index i = begin; i < end; ++i) {
      TrsSample s;
      if (solve_trs_rank_one(g.data() + i * d, H.data() + i * d * d, d, radius, out.step.data() + i * d, s)) {
        record(i, s);
        rank_one[static_cast<std::size_t>(i)] = 1;
      } else {
        rest.push_back(i);
      }
    }
    const Index count = static_cast<Index>(rest.size());
    if (count == 0) return;
    std::vector<double> gathered;
    const double* source = H.data() + begin * d * d;
    if (count < end - begin) {
      gathered.resize(static_cast<std::size_t>(count * d * d));
      for (Index k = 0; k < count; ++k) {
        std::copy_n(H.data() + rest[static_cast<std::size_t>(k)] * d * d, d * d, gathered.data() + k * d * d);
      }
      source = gathered.data();
    }
    std::vector<double> lambda(static_cast<std::size_t>(count * d));
    std::vector<double> Q(static_cast<std::size_t>(count * d * d));
    std::vector<double> scratch(static_cast<std::size_t>(4 * d));
    eigh_into(source, count, d, lambda.data(), Q.data());
    for (Index k = 0; k < count; ++k) {
      const Index i = rest[static_cast<std::size_t>(k)];
      record(i, solve_trs_eigen(lambda.data() + k * d, Q.data() + k * d * d, g.data() + i * d, d, radius, options,
                                out.step.data() + i * d, scratch.data()));
    }
  });
  for (Index i = 0; i < batch; ++i) {
    if (rank_one[static_cast<std::size_t>(i)]) out.rank_one.push_back(i);
  }
  for (Index i = 0; i < batch; ++i) {
    if (!converged[static_cast<std::size_t>(i)]) out.unconverged.push_back(i);
  }
  return out;
}

}  // namespace parity::robust
