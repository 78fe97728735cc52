// The secular equation of the trust-region subproblem (trust_region.h) for several samples at
// once. In the variable delta = mu - base, with gap_j = base - lambda_j and gamma = Q^T g,
//
//   ||p(delta)||^2 = sum_j (gamma_j / (delta + gap_j))^2,
//
// and safeguarded Newton on psi(delta) = 1/||p|| - 1/r (Moré & Sorensen 1983, sec. 4), which is
// concave and increasing: from a start with psi <= 0, psi' = sum_j gamma_j^2 / (delta + gap_j)^3
// / ||p||^3, each step kept inside the bracket [lo, hi] of the root or replaced by its midpoint.
//
// The samples are lanes of one loop, stored structure-of-arrays, so that each step is a vector
// operation across them. A lane that has converged or stalled keeps its values while the others
// go on, so every lane's iterates, iteration count and result are exactly those of its sample
// alone, whatever samples share the lanes.
#pragma once

#include "tensor/shape.h"

namespace parity::robust::detail {

/// Samples solved together.
inline constexpr Index kSecularLanes = 8;

/// Newton on psi for lanes l < used: gap and gamma [d][kSecularLanes] (entry j of lane l at
/// j * kSecularLanes + l), radius, the start delta (overwritten by the root) and the upper end hi
/// of the bracket per lane. A lane stops once | ||p|| - r | <= tolerance r (converged), when a
/// step no longer moves delta, or after max_iterations steps; converged[l] then says whether
/// | ||p|| - r | <= tolerance r holds at the delta it returns, iterations[l] how many steps it took.
void solve_secular_lanes(const double* gap, const double* gamma, Index d, const double* radius, double* delta,
                         const double* hi, Index used, double tolerance, int max_iterations, int* iterations,
                         bool* converged);

}  // namespace parity::robust::detail
