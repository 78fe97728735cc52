// GroupRules, a synthetic two-group set whose groups follow different labelling rules, so that a
// network must spend separate capacity on the minority (the bed of the pruning experiments,
// docs/pruning.md). Each sample is drawn as
//   x ~ N(0, I_10);  s ~ Bernoulli(p_minority)  (majority 0, minority 1);  e ~ N(0, 1);
//   a = x0 x1 + sin(2 x2) + 0.5 x3^2 - 0.5 + 0.3 x4          (majority rule, features 0-4)
//   b = sin(2 x5 + x6) + x7 x8 - 0.3 x9^2 + 0.3               (minority rule, features 5-9)
//   y = 1 if (s ? b : a) + noise e > 0, else 0;
// the features are [x0..x9, s] (11 columns).
#pragma once

#include "data/dataset.h"
#include "tensor/random.h"

namespace parity::data {

struct GroupRulesOptions {
  Index n = 20000;
  /// P(s = 1): the share of the minority.
  double p_minority = 0.15;
  /// Standard deviation of the label noise.
  double noise = 0.1;
};

/// X [n, 11] (features "x0".."x9", "s"), y [n], s [n]; groups "majority", "minority"; classes
/// "negative", "positive". Per sample the draws are x0..x9, then s, then e.
/// Throws unless n >= 0, p_minority is in [0, 1] and noise is finite and >= 0.
Dataset make_group_rules(const GroupRulesOptions& options, Rng& rng);

}  // namespace parity::data
