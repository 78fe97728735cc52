// Wall-clock timing on the monotonic clock (std::chrono::steady_clock), in seconds as double:
//
//   Stopwatch watch;        // starts now
//   ...; watch.seconds();   // elapsed since the start
//   watch.lap();            // elapsed since the start, and starts again
#pragma once

#include <chrono>

namespace parity {

class Stopwatch {
 public:
  using Clock = std::chrono::steady_clock;

  Stopwatch() : start_(Clock::now()) {}

  /// Seconds since construction or the last restart() / lap().
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  void restart() { start_ = Clock::now(); }

  /// seconds(), then restart(): the time of one stage of a sequence of stages.
  double lap() {
    const Clock::time_point now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return elapsed;
  }

 private:
  Clock::time_point start_;
};

}  // namespace parity
