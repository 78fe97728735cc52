// Unfair2D sampling: uniform points, the diagonal class boundary, class-dependent group rates and
// the group shifts along u = (1, 1).
#include "data/unfair2d.h"

#include <cmath>

#include "tensor/check.h"

namespace parity::data {

Dataset make_unfair2d(const Unfair2DOptions& options, Rng& rng) {
  PARITY_CHECK(options.n >= 0, "make_unfair2d(): n must be non-negative, got ", options.n);
  PARITY_CHECK(options.p1 >= 0 && options.p1 <= 1 && options.p2 >= 0 && options.p2 <= 1,
               "make_unfair2d(): p1 = ", options.p1, " and p2 = ", options.p2, " must lie in [0, 1]");
  PARITY_CHECK(std::isfinite(options.alpha) && options.alpha >= 0, "make_unfair2d(): alpha must be finite and >= 0, got ",
               options.alpha);
  const Index n = options.n;
  Dataset data;
  data.X = Tensor(Shape{n, 2});
  data.y = Tensor(Shape{n});
  data.s = Tensor(Shape{n});
  for (Index i = 0; i < n; ++i) {
    double x1 = rng.uniform();
    double x2 = rng.uniform();
    const bool positive = x1 + x2 > 1.0;
    const bool group_b = rng.uniform() < (positive ? options.p2 : options.p1);
    double shift = 0.0;
    if (positive && !group_b) shift = -options.alpha;
    if (!positive && group_b) shift = options.alpha;
    x1 += shift;
    x2 += shift;
    data.X.data()[2 * i] = x1;
    data.X.data()[2 * i + 1] = x2;
    data.y.data()[i] = positive ? 1.0 : 0.0;
    data.s.data()[i] = group_b ? 1.0 : 0.0;
  }
  data.feature_names = {"x1", "x2"};
  data.class_names = {"negative", "positive"};
  data.group_names = {"A", "B"};
  return data;
}

}  // namespace parity::data
