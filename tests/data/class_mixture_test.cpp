// Tests of data/class_mixture.h: shapes, names and groups = classes; the class shares follow the
// keep fractions (binomial bounds); samples sit around their class's blobs; the same seeds give
// the same data and one generator gives train and test parts from the same blobs; bad input.
#include "data/class_mixture.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error_message.h"

namespace parity::data {
namespace {

TEST(ClassMixture, ShapesNamesAndGroupsAreClasses) {
  Rng rng(61);
  const ClassMixture mixture({}, rng);
  const Dataset d = mixture.sample(50, rng);
  d.validate("test");
  EXPECT_EQ(d.X.shape(), (Shape{50, 10}));
  EXPECT_EQ(d.num_classes(), 6);
  EXPECT_EQ(d.class_names[2], "class 2");
  EXPECT_EQ(d.class_names[3], "class 3 (minority)");
  EXPECT_EQ(d.group_names, d.class_names);
  for (Index i = 0; i < 50; ++i) EXPECT_EQ(d.s.data()[i], d.y.data()[i]);
}

TEST(ClassMixture, ClassSharesFollowTheKeepFractions) {
  Rng rng(62);
  const ClassMixture mixture({}, rng);
  const Index n = 100000;
  const std::vector<Index> counts = mixture.sample(n, rng).class_counts();
  // P(majority class) = 0.9 / 3, P(minority class) = 0.1 / 3 of the total keep 3.0.
  for (std::size_t k = 0; k < 6; ++k) {
    const double p = (k < 3 ? 0.9 : 0.1) / 3.0;
    const double sd = std::sqrt(p * (1 - p) / static_cast<double>(n));
    EXPECT_NEAR(static_cast<double>(counts[k]) / static_cast<double>(n), p, 5 * sd) << k;
  }
}

TEST(ClassMixture, SameSeedsSameDataAndOneSetOfBlobsForEveryPart) {
  Rng a(63), b(63);
  const ClassMixture ma({.classes = 3, .minority_classes = 1, .clusters = 1, .dim = 2, .spread = 10.0}, a);
  const ClassMixture mb({.classes = 3, .minority_classes = 1, .clusters = 1, .dim = 2, .spread = 10.0}, b);
  const Dataset da = ma.sample(200, a), db = mb.sample(200, b);
  for (Index i = 0; i < da.X.numel(); ++i) EXPECT_EQ(da.X.data()[i], db.X.data()[i]);
  // One blob per class: the class means of two parts agree to a few standard errors.
  const Dataset other = ma.sample(4000, a);
  const Dataset more = ma.sample(4000, a);
  for (Index k = 0; k < 3; ++k) {
    for (Index j = 0; j < 2; ++j) {
      double m1 = 0, m2 = 0, n1 = 0, n2 = 0;
      for (Index i = 0; i < 4000; ++i) {
        if (other.y.data()[i] == static_cast<double>(k)) m1 += other.X.at({i, j}), n1 += 1;
        if (more.y.data()[i] == static_cast<double>(k)) m2 += more.X.at({i, j}), n2 += 1;
      }
      EXPECT_NEAR(m1 / n1, m2 / n2, 5 * std::sqrt(1 / n1 + 1 / n2)) << k << " " << j;
    }
  }
}

TEST(ClassMixture, BadInput) {
  Rng rng(64);
  EXPECT_EQ(testing::error_message([&] { ClassMixture({.classes = 1}, rng); }),
            "ClassMixture(): classes must be >= 2, got 1");
  EXPECT_EQ(testing::error_message([&] { ClassMixture({.classes = 3, .minority_classes = 3}, rng); }),
            "ClassMixture(): minority_classes must be in [1, 2], got 3");
  EXPECT_EQ(testing::error_message([&] { ClassMixture({.minority_keep = 0.0}, rng); }),
            "ClassMixture(): minority_keep must be in (0, 1], got 0");
  EXPECT_EQ(testing::error_message([&] { ClassMixture({.spread = -1.0}, rng); }),
            "ClassMixture(): spread must be finite and > 0, got -1");
  const ClassMixture mixture({}, rng);
  EXPECT_EQ(testing::error_message([&] { mixture.sample(-1, rng); }), "ClassMixture::sample(): n must be >= 0, got -1");
}

}  // namespace
}  // namespace parity::data
