// Unfair2D, the synthetic two-group data of Fast & Fair (arXiv 2401.02012) and the default data
// of the demo. Each sample is drawn as
//   x ~ Uniform([0, 1]^2);  y = 1 if x1 + x2 > 1 (the side of the line towards (1, 1)), else 0;
//   s ~ Bernoulli(p1) if y = 0, s ~ Bernoulli(p2) if y = 1  (group ids A = 0, B = 1);
// then the shift that disadvantages group A, with u = (1, 1):
//   x -= alpha * u for positives of group A (pushed towards the negative side),
//   x += alpha * u for negatives of group B (pushed towards the positive side),
// so a single linear classifier treats the groups differently. Shifted points may leave the unit
// square by up to alpha per coordinate.
#pragma once

#include "data/dataset.h"
#include "tensor/random.h"

namespace parity::data {

struct Unfair2DOptions {
  Index n = 1000;
  /// P(s = 1 | y = 0).
  double p1 = 0.5;
  /// P(s = 1 | y = 1).
  double p2 = 0.5;
  /// Size of the shift along u = (1, 1).
  double alpha = 0.1;
};

/// X [n, 2] (features "x1", "x2"), y [n], s [n]; groups "A", "B"; classes "negative", "positive".
/// Per sample the draws are x1, x2, then the group, so a change of alpha moves the same points.
/// Throws unless n >= 0, p1 and p2 are in [0, 1] and alpha is finite and >= 0.
Dataset make_unfair2d(const Unfair2DOptions& options, Rng& rng);

}  // namespace parity::data
