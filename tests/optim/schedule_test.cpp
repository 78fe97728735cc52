#include "optim/schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "helpers.h"
#include "optim/sgd.h"

namespace parity::optim {
namespace {

using testing::error_message;
using ::testing::HasSubstr;

SGD make_sgd(double lr) { return SGD({Var(Tensor(Shape{1}), true)}, {.lr = lr}); }

TEST(StepLR, HalvesEveryThreeEpochs) {
  SGD sgd = make_sgd(0.8);
  StepLR schedule(sgd, 3, 0.5);
  // 0.8 * 0.5^floor(epoch / 3): powers of two times 0.8, exact in float64.
  const double expected[] = {0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1};
  EXPECT_EQ(sgd.learning_rate(), 0.8);
  for (int epoch = 1; epoch < 10; ++epoch) {
    schedule.step();
    EXPECT_EQ(schedule.last_epoch(), epoch);
    EXPECT_EQ(sgd.learning_rate(), expected[epoch]) << "epoch " << epoch;
    EXPECT_EQ(schedule.lr_at(epoch), expected[epoch]);
  }
  EXPECT_EQ(schedule.base_lr(), 0.8);
}

TEST(CosineAnnealingLR, FollowsHalfACosine) {
  SGD sgd = make_sgd(0.1);
  CosineAnnealingLR schedule(sgd, 6, 0.001);
  // eta_min + (0.1 - eta_min) (1 + cos(pi e / 6)) / 2 with cos(pi e / 6) = 1, sqrt(3)/2, 1/2, 0, -1/2,
  // -sqrt(3)/2, -1 for e = 0..6; past T_max it continues the cosine, back to 0.1 at e = 12. std::cos of
  // the rounded angle is off by ~1e-16, which 1 + cos carries as an absolute error; rates are <= 0.1.
  const double tolerance = 1e-15;
  const double span = 0.1 - 0.001;
  const double c = std::sqrt(3.0) / 2.0;
  const double expected[] = {0.1,
                             0.001 + span * (1.0 + c) / 2.0,
                             0.001 + span * 0.75,
                             0.001 + span * 0.5,
                             0.001 + span * 0.25,
                             0.001 + span * (1.0 - c) / 2.0,
                             0.001};
  EXPECT_NEAR(schedule.lr_at(0), 0.1, tolerance);
  for (int epoch = 1; epoch <= 6; ++epoch) {
    schedule.step();
    EXPECT_NEAR(sgd.learning_rate(), expected[epoch], tolerance) << "epoch " << epoch;
  }
  EXPECT_NEAR(schedule.lr_at(9), 0.001 + span * 0.5, tolerance);
  EXPECT_NEAR(schedule.lr_at(12), 0.1, tolerance);
}

TEST(LinearLR, WarmsUpLinearlyThenHolds) {
  SGD sgd = make_sgd(0.8);
  LinearLR schedule(sgd, 0.25, 1.0, 4);
  // 0.8 (0.25 + 0.75 min(e, 4) / 4): set to the epoch-0 rate at construction.
  const double expected[] = {0.2, 0.35, 0.5, 0.65, 0.8, 0.8, 0.8};
  EXPECT_EQ(schedule.base_lr(), 0.8);
  EXPECT_DOUBLE_EQ(sgd.learning_rate(), expected[0]);
  for (int epoch = 1; epoch < 7; ++epoch) {
    schedule.step();
    EXPECT_DOUBLE_EQ(sgd.learning_rate(), expected[epoch]) << "epoch " << epoch;
  }
}

TEST(LinearLR, DecaysToTheEndFactor) {
  SGD sgd = make_sgd(1.0);
  LinearLR schedule(sgd, 1.0, 0.0, 2);
  EXPECT_EQ(schedule.lr_at(0), 1.0);
  EXPECT_EQ(schedule.lr_at(1), 0.5);
  EXPECT_EQ(schedule.lr_at(2), 0.0);
  EXPECT_EQ(schedule.lr_at(3), 0.0);
}

TEST(Schedules, OverrideRatesSetByHand) {
  SGD sgd = make_sgd(0.8);
  StepLR schedule(sgd, 1, 0.5);
  sgd.set_learning_rate(123.0);
  schedule.step();
  EXPECT_EQ(sgd.learning_rate(), 0.4);
}

TEST(Schedules, RejectBadArguments) {
  SGD sgd = make_sgd(0.1);
  EXPECT_THAT(error_message([&] { StepLR s(sgd, 0, 0.5); }), HasSubstr("StepLR(): step_size must be >= 1, got 0"));
  EXPECT_THAT(error_message([&] { StepLR s(sgd, 2, 0.0); }),
              HasSubstr("StepLR(): gamma must be finite and > 0, got 0"));
  EXPECT_THAT(error_message([&] { StepLR s(sgd, 2, NAN); }), HasSubstr("got nan"));
  EXPECT_THAT(error_message([&] { CosineAnnealingLR s(sgd, 0); }),
              HasSubstr("CosineAnnealingLR(): T_max must be >= 1, got 0"));
  EXPECT_THAT(error_message([&] { CosineAnnealingLR s(sgd, 5, -0.1); }),
              HasSubstr("CosineAnnealingLR(): eta_min must be finite and >= 0, got -0.1"));
  EXPECT_THAT(error_message([&] { LinearLR s(sgd, 0.0); }),
              HasSubstr("LinearLR(): start_factor must be in (0, 1], got 0"));
  EXPECT_THAT(error_message([&] { LinearLR s(sgd, 0.5, 1.5); }),
              HasSubstr("LinearLR(): end_factor must be in [0, 1], got 1.5"));
  EXPECT_THAT(error_message([&] { LinearLR s(sgd, 0.5, 1.0, 0); }),
              HasSubstr("LinearLR(): total_iters must be >= 1, got 0"));
  StepLR s(sgd, 2, 0.5);
  EXPECT_THAT(error_message([&] { (void)s.lr_at(-1); }), HasSubstr("StepLR::lr_at(): epoch must be >= 0, got -1"));
}

}  // namespace
}  // namespace parity::optim
