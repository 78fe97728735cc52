// Tests for GroupRules: names and shapes, each group's label equals its own rule (noise 0), the
// minority share, reproducibility and the error paths. The share is checked on n = 20,000 with a
// tolerance of 4 standard errors, so a correct generator fails with probability < 1e-4.
#include "data/group_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

TEST(GroupRules, NamesShapesAndDefaults) {
  const GroupRulesOptions defaults;
  EXPECT_EQ(defaults.n, 20000);
  EXPECT_EQ(defaults.p_minority, 0.15);
  EXPECT_EQ(defaults.noise, 0.1);
  Rng rng(1);
  const Dataset d = make_group_rules({.n = 50}, rng);
  EXPECT_EQ(d.X.shape(), (Shape{50, 11}));
  EXPECT_EQ(d.feature_names.front(), "x0");
  EXPECT_EQ(d.feature_names.back(), "s");
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"majority", "minority"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"negative", "positive"}));
  d.validate("test");
}

TEST(GroupRules, EachGroupFollowsItsOwnRuleWithoutNoise) {
  Rng rng(2);
  const Dataset d = make_group_rules({.n = 2000, .noise = 0.0}, rng);
  Index minority = 0, disagree = 0;
  for (Index i = 0; i < d.size(); ++i) {
    const double* x = d.X.data() + i * 11;
    const double a = x[0] * x[1] + std::sin(2 * x[2]) + 0.5 * x[3] * x[3] - 0.5 + 0.3 * x[4];
    const double b = std::sin(2 * x[5] + x[6]) + x[7] * x[8] - 0.3 * x[9] * x[9] + 0.3;
    const bool s = d.s.data()[i] == 1.0;
    ASSERT_EQ(x[10], d.s.data()[i]);
    EXPECT_EQ(d.y.data()[i], (s ? b : a) > 0 ? 1.0 : 0.0) << "sample " << i;
    minority += s ? 1 : 0;
    // The two rules differ on a good share of points, so the groups need different functions.
    disagree += (a > 0) != (b > 0) ? 1 : 0;
  }
  EXPECT_GT(minority, 0);
  EXPECT_GT(disagree, d.size() / 4);
}

TEST(GroupRules, MinorityShareAndReproducibility) {
  Rng rng(3);
  const Dataset d = make_group_rules({}, rng);
  double share = 0.0;
  for (Index i = 0; i < d.size(); ++i) share += d.s.data()[i];
  const double n = static_cast<double>(d.size());
  share /= n;
  EXPECT_NEAR(share, 0.15, 4 * std::sqrt(0.15 * 0.85 / n));
  Rng again(3);
  const Dataset e = make_group_rules({}, again);
  for (Index k = 0; k < d.X.numel(); ++k) ASSERT_EQ(d.X.data()[k], e.X.data()[k]);
  for (Index k = 0; k < d.size(); ++k) ASSERT_EQ(d.y.data()[k], e.y.data()[k]);
}

TEST(GroupRules, BadOptionsAreNamed) {
  Rng rng(4);
  EXPECT_EQ(error_message([&] { make_group_rules({.n = -1}, rng); }),
            "make_group_rules(): n must be non-negative, got -1");
  EXPECT_EQ(error_message([&] { make_group_rules({.p_minority = 1.5}, rng); }),
            "make_group_rules(): p_minority must lie in [0, 1], got 1.5");
  EXPECT_EQ(
      error_message([&] { make_group_rules({.noise = std::numeric_limits<double>::quiet_NaN()}, rng); }),
      "make_group_rules(): noise must be finite and >= 0, got nan");
}

}  // namespace
}  // namespace parity::data
