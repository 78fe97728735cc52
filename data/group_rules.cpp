// GroupRules sampling: Gaussian features, the group bit and the group's own labelling rule.
#include "data/group_rules.h"

#include <cmath>
#include <string>

#include "tensor/check.h"

namespace parity::data {

namespace {

constexpr Index kRuleFeatures = 10;

double majority_rule(const double* x) {
  return x[0] * x[1] + std::sin(2.0 * x[2]) + 0.5 * x[3] * x[3] - 0.5 + 0.3 * x[4];
}

double minority_rule(const double* x) {
  return std::sin(2.0 * x[5] + x[6]) + x[7] * x[8] - 0.3 * x[9] * x[9] + 0.3;
}

}  // namespace

Dataset make_group_rules(const GroupRulesOptions& options, Rng& rng) {
  PARITY_CHECK(options.n >= 0, "make_group_rules(): n must be non-negative, got ", options.n);
  PARITY_CHECK(options.p_minority >= 0 && options.p_minority <= 1,
               "make_group_rules(): p_minority must lie in [0, 1], got ", options.p_minority);
  PARITY_CHECK(std::isfinite(options.noise) && options.noise >= 0,
               "make_group_rules(): noise must be finite and >= 0, got ", options.noise);
  const Index n = options.n;
  const Index d = kRuleFeatures + 1;
  Dataset data;
  data.X = Tensor(Shape{n, d});
  data.y = Tensor(Shape{n});
  data.s = Tensor(Shape{n});
  for (Index i = 0; i < n; ++i) {
    double* x = data.X.data() + i * d;
    for (Index j = 0; j < kRuleFeatures; ++j) x[j] = rng.normal();
    const bool minority = rng.uniform() < options.p_minority;
    const double e = rng.normal();
    const double score = minority ? minority_rule(x) : majority_rule(x);
    x[kRuleFeatures] = minority ? 1.0 : 0.0;
    data.y.data()[i] = score + options.noise * e > 0.0 ? 1.0 : 0.0;
    data.s.data()[i] = minority ? 1.0 : 0.0;
  }
  for (Index j = 0; j < kRuleFeatures; ++j)
    data.feature_names.push_back(std::string(1, 'x').append(std::to_string(j)));
  data.feature_names.push_back("s");
  data.class_names = {"negative", "positive"};
  data.group_names = {"majority", "minority"};
  return data;
}

}  // namespace parity::data
