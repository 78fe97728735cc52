// NVP selection and the Pareto front over hand-made run summaries.
#include "fairness/selection.h"

#include <gtest/gtest.h>

#include "fairness/datasets.h"

namespace parity::fairness {
namespace {

using testing::error_message;

// acc:  0.80  0.85  0.70  0.78  0.77
// gap:  0.05  0.10  0.01  0.05  undef
// best 0.85; factor 0.9 admits acc >= 0.765: runs 0, 1, 3 (4 has no gap); lowest gap 0.05 at
// runs 0 and 3, the tie goes to the higher accuracy: run 0. Factor 0.8 (>= 0.68) admits run 2.
const std::vector<RunSummary> kRuns{{0.80, 0.05}, {0.85, 0.10}, {0.70, 0.01}, {0.78, 0.05}, {0.77, std::nullopt}};

TEST(Selection, Nvp) {
  EXPECT_EQ(select_nvp(kRuns), 0u);
  EXPECT_EQ(select_nvp(kRuns, 0.8), 2u);
  EXPECT_EQ(select_nvp(kRuns, 1.0), 1u);
  EXPECT_EQ(error_message([] { select_nvp(kRuns, 0.0); }), "select_nvp(): factor must be in (0, 1], got 0");
  EXPECT_EQ(error_message([] { select_nvp(std::vector<RunSummary>{}); }), "select_nvp(): no runs");
}

// Run 3 (0.78, 0.05) is dominated by run 0 (0.80, 0.05); the others are not dominated.
TEST(Selection, ParetoFront) {
  EXPECT_EQ(pareto_front(kRuns), (std::vector<std::size_t>{1, 0, 2}));
  EXPECT_TRUE(pareto_front(std::vector<RunSummary>{}).empty());
}

}  // namespace
}  // namespace parity::fairness
