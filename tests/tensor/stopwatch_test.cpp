#include "tensor/stopwatch.h"

#include <gtest/gtest.h>

namespace parity {
namespace {

// The clock is monotonic, so readings never decrease, a lap covers the readings before it, and
// a watch (re)started later never reads more than one started earlier and read after it. No
// assertion on how long anything takes.
TEST(Stopwatch, ReadingsAreMonotonicAndRestartsStartLater) {
  const Stopwatch outer;
  Stopwatch watch;
  double previous = 0.0;
  for (int k = 0; k < 100; ++k) {
    const double now = watch.seconds();
    EXPECT_GE(now, previous);
    previous = now;
  }
  EXPECT_GE(watch.lap(), previous);
  EXPECT_LE(watch.seconds(), outer.seconds());
  watch.restart();
  EXPECT_LE(watch.seconds(), outer.seconds());
}

}  // namespace
}  // namespace parity
