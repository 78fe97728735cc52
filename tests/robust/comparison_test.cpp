#include "robust/comparison.h"

#include <gtest/gtest.h>

#include "common/error_message.h"
#include "data/unfair2d.h"
#include "nn/linear.h"
#include "tensor/random.h"

namespace parity::robust {
namespace {

TEST(CompareInnerSolvers, LogisticRegressionIsSolvedExactlyByBoth) {
  // With logit w.x + b the loss grows along -+w only, so both solvers reach x -+ r w / |w|:
  // PGD with steps of r/4 from 0 after exactly 4 steps, TRS in one solve, never the hard case.
  Rng data_rng(3);
  const data::Dataset batch = data::make_unfair2d({.n = 300}, data_rng);
  Rng init(11);
  nn::Linear model(2, 1, init);
  const InnerComparison c = compare_inner_solvers(model, batch.X, batch.y, 0.1, {.repeats = 1});
  EXPECT_EQ(c.radius, 0.1);
  EXPECT_EQ(c.samples, 300);
  EXPECT_EQ(c.pgd_unmatched, 0);
  EXPECT_LE(c.max_relative_gap, 1e-6);
  EXPECT_LE(c.max_pgd_advantage, 1e-12);
  EXPECT_EQ(c.mean_pgd_steps, 4.0);
  EXPECT_EQ(c.max_pgd_steps, 4);
  EXPECT_EQ(c.hard_cases, 0);
  EXPECT_EQ(c.interior, 0);
  EXPECT_EQ(c.trs_unconverged, 0);
  EXPECT_GT(c.trs_seconds, 0.0);
  EXPECT_GT(c.pgd_seconds, 0.0);
}

TEST(CompareInnerSolvers, OneComparisonPerRadiusInOrder) {
  Rng data_rng(4);
  const data::Dataset batch = data::make_unfair2d({.n = 40}, data_rng);
  Rng init(12);
  nn::Linear model(2, 1, init);
  const std::vector<double> radii{0.2, 0.05, 0.1};
  std::vector<double> reported;
  const std::vector<InnerComparison> all = compare_per_radius(
      model, batch, radii, {.repeats = 1}, [&reported](const InnerComparison& c) { reported.push_back(c.radius); });
  EXPECT_EQ(reported, radii);
  ASSERT_EQ(all.size(), radii.size());
  for (std::size_t k = 0; k < radii.size(); ++k) {
    const InnerComparison one = compare_inner_solvers(model, batch.X, batch.y, radii[k], {.repeats = 1});
    EXPECT_EQ(all[k].radius, radii[k]);
    EXPECT_EQ(all[k].samples, 40);
    // Everything but the times is deterministic.
    EXPECT_EQ(all[k].mean_pgd_steps, one.mean_pgd_steps);
    EXPECT_EQ(all[k].max_relative_gap, one.max_relative_gap);
    EXPECT_EQ(all[k].max_model_error, one.max_model_error);
  }
  EXPECT_TRUE(compare_per_radius(model, batch, std::vector<double>{}).empty());
}

TEST(CompareInnerSolvers, BadSettingsGetClearErrors) {
  Rng data_rng(5);
  const data::Dataset batch = data::make_unfair2d({.n = 10}, data_rng);
  Rng init(13);
  nn::Linear model(2, 1, init);
  using testing::error_message;
  EXPECT_EQ(error_message([&] { compare_inner_solvers(model, batch.X, batch.y, 0.1, {.tolerance = 0.0}); }),
            "compare_inner_solvers(): tolerance must be > 0 and the PGD cap >= 1, got 0 and 5000");
  EXPECT_EQ(error_message([&] { compare_inner_solvers(model, batch.X, batch.y, 0.1, {.repeats = 0}); }),
            "compare_inner_solvers(): repeats must be >= 1, got 0");
  EXPECT_EQ(error_message([&] { compare_inner_solvers(model, batch.X, batch.y, -1.0); }),
            "compare_inner_solvers(): radius must be positive and finite, got -1");
}

}  // namespace
}  // namespace parity::robust
