#include "data/class_mixture.h"

#include <cmath>
#include <string>

#include "tensor/check.h"

namespace parity::data {

ClassMixture::ClassMixture(const ClassMixtureOptions& o, Rng& rng) : options_(o) {
  constexpr const char* kCaller = "ClassMixture()";
  PARITY_CHECK(o.classes >= 2, kCaller, ": classes must be >= 2, got ", o.classes);
  PARITY_CHECK(o.minority_classes >= 1 && o.minority_classes < o.classes, kCaller,
               ": minority_classes must be in [1, ", o.classes - 1, "], got ", o.minority_classes);
  PARITY_CHECK(o.clusters >= 1, kCaller, ": clusters must be >= 1, got ", o.clusters);
  PARITY_CHECK(o.dim >= 1, kCaller, ": dim must be >= 1, got ", o.dim);
  PARITY_CHECK(std::isfinite(o.spread) && o.spread > 0.0, kCaller, ": spread must be finite and > 0, got ",
               o.spread);
  PARITY_CHECK(o.majority_keep > 0.0 && o.majority_keep <= 1.0, kCaller, ": majority_keep must be in (0, 1], got ",
               o.majority_keep);
  PARITY_CHECK(o.minority_keep > 0.0 && o.minority_keep <= 1.0, kCaller, ": minority_keep must be in (0, 1], got ",
               o.minority_keep);
  centres_ = rng.normal(Shape{o.classes * o.clusters, o.dim}, 0.0, o.spread);
  double total = 0.0;
  for (Index k = 0; k < o.classes; ++k) {
    total += k < o.classes - o.minority_classes ? o.majority_keep : o.minority_keep;
    cumulative_.push_back(total);
  }
  for (double& c : cumulative_) c /= total;
}

Dataset ClassMixture::sample(Index n, Rng& rng) const {
  PARITY_CHECK(n >= 0, "ClassMixture::sample(): n must be >= 0, got ", n);
  const ClassMixtureOptions& o = options_;
  Dataset data;
  data.X = Tensor(Shape{n, o.dim});
  data.y = Tensor(Shape{n});
  data.s = Tensor(Shape{n});
  for (Index i = 0; i < n; ++i) {
    const double u = rng.uniform();
    Index k = 0;
    while (k + 1 < o.classes && u >= cumulative_[static_cast<std::size_t>(k)]) ++k;
    const Index blob = k * o.clusters + rng.below(o.clusters);
    double* x = data.X.data() + i * o.dim;
    for (Index j = 0; j < o.dim; ++j) x[j] = centres_.data()[blob * o.dim + j] + rng.normal();
    data.y.data()[i] = static_cast<double>(k);
    data.s.data()[i] = static_cast<double>(k);
  }
  for (Index j = 0; j < o.dim; ++j) data.feature_names.push_back(std::string(1, 'x').append(std::to_string(j)));
  for (Index k = 0; k < o.classes; ++k) {
    std::string name = std::string("class ").append(std::to_string(k));
    if (k >= o.classes - o.minority_classes) name.append(" (minority)");
    data.class_names.push_back(std::move(name));
  }
  data.group_names = data.class_names;
  return data;
}

}  // namespace parity::data
