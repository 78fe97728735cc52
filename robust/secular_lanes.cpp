#include "robust/secular_lanes.h"

#include <algorithm>
#include <cmath>

namespace parity::robust::detail {

namespace {

constexpr Index L = kSecularLanes;

// ||p(delta)|| and sum_j gamma_j^2 / (delta + gap_j)^3 per lane; a term with gamma_j = 0 adds
// exactly zero (selected, not computed: delta + gap_j may be 0 there). (gamma_j / (delta +
// gap_j))^2, not gamma_j^2 / (...)^2: a gamma_j too small to square is not too small to matter
// when delta + gap_j is as small.
[[gnu::always_inline]] inline void secular(const double* gap, const double* gamma, Index d,
                                           const double* delta, double* norm, double* cubic) {
  double squares[L] = {};
  double cubes[L] = {};
  for (Index j = 0; j < d; ++j) {
    for (Index l = 0; l < L; ++l) {
      const double g = gamma[j * L + l];
      const double inv = 1.0 / (delta[l] + gap[j * L + l]);
      const double coefficient = g * inv;
      const double term = coefficient * coefficient;
      squares[l] += g != 0.0 ? term : 0.0;
      cubes[l] += g != 0.0 ? term * inv : 0.0;
    }
  }
  for (Index l = 0; l < L; ++l) {
    norm[l] = std::sqrt(squares[l]);
    cubic[l] = cubes[l];
  }
}

}  // namespace

#if defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void solve_secular_lanes(const double* gap, const double* gamma, Index d, const double* radius, double* delta,
                         const double* hi_in, Index used, double tolerance, int max_iterations, int* iterations,
                         bool* converged) {
  double r[L];
  double x[L];
  double lo[L];
  double hi[L];
  double active[L];  // 1 while the lane iterates (doubles like every lane value, so the loops vectorise)
  double done[L];    // 1 once the lane met the tolerance
  double steps[L];
  for (Index l = 0; l < L; ++l) {
    const bool lane = l < used;
    r[l] = lane ? radius[l] : 1.0;
    x[l] = lane ? delta[l] : 0.0;
    hi[l] = lane ? hi_in[l] : 1.0;
    lo[l] = x[l];
    active[l] = lane ? 1.0 : 0.0;
    done[l] = 0.0;
    steps[l] = 0.0;
  }
  double norm[L];
  double cubic[L];
  for (int it = 0; it < max_iterations; ++it) {
    secular(gap, gamma, d, x, norm, cubic);
    for (Index l = 0; l < L; ++l) {
      const bool on = active[l] != 0.0;
      const bool close = std::abs(norm[l] - r[l]) <= tolerance * r[l];
      const bool above = norm[l] > r[l];
      // lo = max(lo, delta) above the sphere, hi = min(hi, delta) inside it
      const double new_lo = above & (lo[l] < x[l]) ? x[l] : lo[l];
      const double new_hi = !above & (x[l] < hi[l]) ? x[l] : hi[l];
      const double psi = 1.0 / norm[l] - 1.0 / r[l];
      const double newton = x[l] - psi * norm[l] * norm[l] * norm[l] / cubic[l];
      const double next = (newton > new_lo) & (newton < new_hi) ? newton : 0.5 * (new_lo + new_hi);
      const bool step = on & !close;
      const bool move = step & (next != x[l]);
      done[l] = on & close ? 1.0 : done[l];
      steps[l] = on ? static_cast<double>(it) : steps[l];
      lo[l] = step ? new_lo : lo[l];
      hi[l] = step ? new_hi : hi[l];
      x[l] = move ? next : x[l];
      active[l] = move ? 1.0 : 0.0;
    }
    // (a loop of its own: a max-reduction would keep the loop above from vectorising)
    double any = 0.0;
    for (Index l = 0; l < L; ++l) any = std::max(any, active[l]);
    if (any == 0.0) break;
  }
  // Lanes still moving used every step; those that stopped without meeting the tolerance are
  // checked where they stopped.
  secular(gap, gamma, d, x, norm, cubic);
  for (Index l = 0; l < used; ++l) {
    delta[l] = x[l];
    iterations[l] = active[l] != 0.0 ? max_iterations : static_cast<int>(steps[l]);
    converged[l] = done[l] != 0.0 || std::abs(norm[l] - r[l]) <= tolerance * r[l];
  }
}

}  // namespace parity::robust::detail
