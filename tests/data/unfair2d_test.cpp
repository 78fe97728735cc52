// Tests for Unfair2D: the class rule, class balance, class-conditional group rates, uniform
// coordinates, the exact group shifts (against the same draws with alpha = 0), reproducibility
// and the error paths. Statistical checks use n = 20,000 and a tolerance of 4 standard errors
// of the estimated proportion or mean, so a correct generator fails with probability < 1e-4.
#include "data/unfair2d.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;

constexpr Index kN = 20000;

double standard_error(double p, double n) { return std::sqrt(p * (1 - p) / n); }

TEST(Unfair2D, NamesShapesAndDefaults) {
  const Unfair2DOptions defaults;
  EXPECT_EQ(defaults.n, 1000);
  EXPECT_EQ(defaults.p1, 0.5);
  EXPECT_EQ(defaults.p2, 0.5);
  EXPECT_EQ(defaults.alpha, 0.1);
  Rng rng(1);
  const Dataset d = make_unfair2d(defaults, rng);
  EXPECT_EQ(d.X.shape(), (Shape{1000, 2}));
  EXPECT_EQ(d.y.shape(), (Shape{1000}));
  EXPECT_EQ(d.s.shape(), (Shape{1000}));
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"negative", "positive"}));
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"A", "B"}));
  d.validate("test");
}

TEST(Unfair2D, ClassRuleBalanceAndUniformCoordinates) {
  Rng rng(2);
  const Dataset d = make_unfair2d({.n = kN, .p1 = 0.5, .p2 = 0.5, .alpha = 0.0}, rng);
  double positives = 0.0, mean1 = 0.0, mean2 = 0.0;
  for (Index i = 0; i < kN; ++i) {
    const double x1 = d.X.at({i, 0}), x2 = d.X.at({i, 1});
    ASSERT_TRUE(x1 >= 0 && x1 < 1 && x2 >= 0 && x2 < 1);
    EXPECT_EQ(d.y.at({i}), x1 + x2 > 1 ? 1.0 : 0.0);
    positives += d.y.at({i});
    mean1 += x1;
    mean2 += x2;
  }
  const double n = static_cast<double>(kN);
  EXPECT_NEAR(positives / n, 0.5, 4 * standard_error(0.5, n));
  const double se_mean = std::sqrt(1.0 / 12.0 / n);  // Uniform(0, 1) has variance 1/12
  EXPECT_NEAR(mean1 / n, 0.5, 4 * se_mean);
  EXPECT_NEAR(mean2 / n, 0.5, 4 * se_mean);
}

TEST(Unfair2D, GroupRatesDependOnTheClass) {
  Rng rng(3);
  const Dataset d = make_unfair2d({.n = kN, .p1 = 0.2, .p2 = 0.7, .alpha = 0.1}, rng);
  const std::vector<std::vector<Index>> cells = d.class_group_counts();
  const auto n0 = static_cast<double>(cells[0][0] + cells[0][1]);
  const auto n1 = static_cast<double>(cells[1][0] + cells[1][1]);
  EXPECT_NEAR(static_cast<double>(cells[0][1]) / n0, 0.2, 4 * standard_error(0.2, n0));
  EXPECT_NEAR(static_cast<double>(cells[1][1]) / n1, 0.7, 4 * standard_error(0.7, n1));
}

TEST(Unfair2D, ShiftMovesGroupAPositivesDownAndGroupBNegativesUp) {
  const double alpha = 0.1;
  Rng rng_shifted(4), rng_plain(4);
  const Dataset shifted = make_unfair2d({.n = kN, .p1 = 0.4, .p2 = 0.6, .alpha = alpha}, rng_shifted);
  const Dataset plain = make_unfair2d({.n = kN, .p1 = 0.4, .p2 = 0.6, .alpha = 0.0}, rng_plain);
  Index moved_down = 0, moved_up = 0;
  for (Index i = 0; i < kN; ++i) {
    const double y = plain.y.at({i}), s = plain.s.at({i});
    ASSERT_EQ(shifted.y.at({i}), y);
    ASSERT_EQ(shifted.s.at({i}), s);
    double expected = 0.0;
    if (y == 1 && s == 0) expected = -alpha;
    if (y == 0 && s == 1) expected = alpha;
    moved_down += expected < 0;
    moved_up += expected > 0;
    for (Index j = 0; j < 2; ++j) {
      // One rounding of x + shift with |x + shift| < 1.1: error below 2^-52.
      EXPECT_NEAR(shifted.X.at({i, j}) - plain.X.at({i, j}), expected, 2.3e-16) << i;
    }
  }
  EXPECT_GT(moved_down, 0);
  EXPECT_GT(moved_up, 0);
}

TEST(Unfair2D, SameSeedSameData) {
  Rng a(9), b(9);
  const Dataset da = make_unfair2d({}, a);
  const Dataset db = make_unfair2d({}, b);
  EXPECT_EQ(std::vector<double>(da.X.begin(), da.X.end()), std::vector<double>(db.X.begin(), db.X.end()));
  EXPECT_EQ(std::vector<double>(da.s.begin(), da.s.end()), std::vector<double>(db.s.begin(), db.s.end()));
}

TEST(Unfair2D, Errors) {
  Rng rng(0);
  EXPECT_EQ(error_message([&] { make_unfair2d({.n = -1}, rng); }), "make_unfair2d(): n must be non-negative, got -1");
  EXPECT_EQ(error_message([&] { make_unfair2d({.n = 5, .p1 = 1.5}, rng); }),
            "make_unfair2d(): p1 = 1.5 and p2 = 0.5 must lie in [0, 1]");
  EXPECT_EQ(error_message([&] { make_unfair2d({.n = 5, .p1 = 0.5, .p2 = 0.5, .alpha = -0.1}, rng); }),
            "make_unfair2d(): alpha must be finite and >= 0, got -0.1");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_message([&] { make_unfair2d({.n = 5, .p1 = nan}, rng); }),
            "make_unfair2d(): p1 = nan and p2 = 0.5 must lie in [0, 1]");
  EXPECT_EQ(make_unfair2d({.n = 0}, rng).size(), 0);
}

}  // namespace
}  // namespace parity::data
