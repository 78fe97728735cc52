// Per-sample input Hessians of the binary cross-entropy of a tanh MLP, on one BLAS thread.
// Grid: input width d, hidden width w, hidden layers, batch B. Each iteration runs one
// input_hessians() call and one call of the hand-written OpenBLAS sweep (handwritten_hessians.h)
// back to back, so both see the same machine state; the iteration time is input_hessians()'s.
//   time          one input_hessians() call (forward, reverse, and K = d tangent directions)
//   hand_us       median time of the hand-written sweep
//   vs_hand       median over iterations of input_hessians() time / hand-written time
//   GFLOP/s       flops of the K-direction GEMMs per call / time, where a layer in -> out
//                 costs 2 K B in out forward (X_dot W) and the same backward (Y_bar_dot W^T)
//   gemm_fraction the same GEMMs timed alone (their shapes, as one call each) / time:
//                 1 means the sweep runs at the GEMM rate
//   performed_gemm_fraction  the same without the first layer's forward product, which both
//                 sweeps form by copying rows of W (the seed selects them), not by a GEMM
//   hessian/grad  time / time of a plain input gradient (forward and reverse, no tangents)
//   torch_us      (with the libtorch comparator, torch_hessians.h) median time of libtorch's
//                 faster way at this point (torch_per_sample = 1 when that is per sample)
//   vs_torch      median of input_hessians() time / libtorch time over the iterations that
//                 also ran libtorch (every iteration until libtorch has taken kTorchSeconds)
// Before timing, the sweeps' Hessians are compared; the benchmark fails if they differ.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "autograd/derivatives.h"
#include "autograd/engine.h"
#include "autograd/functional.h"
#include "blas_context.h"
#include "handwritten_hessians.h"
#ifdef PARITY_BENCH_TORCH
#include "torch_hessians.h"
#endif
#include "tensor/blas.h"
#include "tensor/random.h"
#include "tensor/stopwatch.h"

namespace {

using parity::Index;
using parity::Shape;
using parity::Tensor;
using parity::Var;

struct MlpProblem {
  std::vector<Var> weights;  // [in, out] per layer, the last [w, 1]
  std::vector<Var> biases;
  Tensor X;
  Tensor y;

  MlpProblem(Index d, Index w, int depth, Index batch) {
    parity::Rng rng(17);
    Index in = d;
    for (int layer = 0; layer <= depth; ++layer) {
      const Index out = layer == depth ? 1 : w;
      weights.emplace_back(rng.normal(Shape{in, out}, 0.0, 1.0 / std::sqrt(static_cast<double>(in))), true);
      biases.emplace_back(rng.normal(Shape{out}, 0.0, 0.1), true);
      in = out;
    }
    X = rng.normal(Shape{batch, d});
    y = rng.bernoulli(Shape{batch, 1}, 0.5);
  }

  Var losses(const Var& x) const {
    Var h = x;
    for (std::size_t l = 0; l + 1 < weights.size(); ++l) h = parity::tanh(parity::matmul(h, weights[l]) + biases[l]);
    Var logits = parity::matmul(h, weights.back()) + biases.back();
    return parity::reshape(parity::bce_with_logits(logits, y), Shape{X.size(0)});
  }

  double flops() const {
    const double k_rows = static_cast<double>(X.size(1)) * static_cast<double>(X.size(0));
    double total = 0.0;
    for (const Var& w : weights) total += 4.0 * k_rows * static_cast<double>(w.shape()[0] * w.shape()[1]);
    return total;
  }
};

template <class F>
double seconds_per_call(F call) {
  call();
  double best = 1e300;
  for (int trial = 0; trial < 3; ++trial) {
    int reps = 0;
    const parity::Stopwatch watch;
    double elapsed = 0.0;
    do {
      call();
      ++reps;
      elapsed = watch.seconds();
    } while (elapsed < 0.05);
    best = std::min(best, elapsed / reps);
  }
  return best;
}

// The tangent GEMMs of the sweep, each timed alone: [K*B, in] x [in, out] and its transpose.
struct GemmSeconds {
  double all = 0.0;
  double first_forward = 0.0;  // [K*B, d] x [d, w]
};

GemmSeconds gemm_seconds(const MlpProblem& p) {
  const Index rows = p.X.size(1) * p.X.size(0);
  parity::Rng rng(3);
  GemmSeconds seconds;
  for (const Var& w : p.weights) {
    const Tensor forward_in = rng.normal(Shape{rows, w.shape()[0]});
    const Tensor backward_in = rng.normal(Shape{rows, w.shape()[1]});
    const double forward =
        seconds_per_call([&] { benchmark::DoNotOptimize(parity::matmul(forward_in, w.value()).data()); });
    if (&w == &p.weights.front()) seconds.first_forward = forward;
    seconds.all += forward + seconds_per_call([&] {
      benchmark::DoNotOptimize(parity::matmul(backward_in, w.value(), {.b = true}).data());
    });
  }
  return seconds;
}

double gradient_seconds(const MlpProblem& p) {
  return seconds_per_call([&] {
    Var x(p.X, true);
    benchmark::DoNotOptimize(parity::gradient(parity::sum(p.losses(x)), {x})[0].data());
  });
}

std::vector<parity::Tensor> values(const std::vector<Var>& vars) {
  std::vector<Tensor> out;
  for (const Var& v : vars) out.push_back(v.value());
  return out;
}

double largest_difference(const Tensor& a, const Tensor& b) {
  double largest = 0.0;
  for (Index i = 0; i < a.numel(); ++i) largest = std::max(largest, std::abs(a.data()[i] - b.data()[i]));
  return largest;
}

double largest_magnitude(const Tensor& a) {
  double largest = 0.0;
  for (Index i = 0; i < a.numel(); ++i) largest = std::max(largest, std::abs(a.data()[i]));
  return largest;
}

#ifdef PARITY_BENCH_TORCH
// libtorch runs in the iterations until it has taken this long in all (at least 3 runs).
constexpr double kTorchSeconds = 0.3;
#endif

// Largest difference of the losses, gradients and Hessians of two sweeps.
double difference_from(const parity::InputHessians& a, const parity::InputHessians& b) {
  return std::max({largest_difference(a.hessian, b.hessian), largest_difference(a.gradient, b.gradient),
                   largest_difference(a.loss, b.loss)});
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void BM_InputHessians(benchmark::State& state) {
  const MlpProblem p(state.range(0), state.range(1), static_cast<int>(state.range(2)), state.range(3));
  const parity::Function losses = [&p](const Var& x) { return p.losses(x); };
  const Index batch = p.X.size(0);
  const Index d = p.X.size(1);
  bench::HandwrittenHessians hand(values(p.weights), values(p.biases), batch);
  parity::InputHessians reference{Tensor(Shape{batch}), Tensor(Shape{batch, d}), Tensor(Shape{batch, d, d})};
  const auto run_hand = [&] {
    hand(p.X, p.y, reference.loss.data(), reference.gradient.data(), reference.hessian.data());
  };
  const GemmSeconds gemm = gemm_seconds(p);
  const double gradient = gradient_seconds(p);
  run_hand();
  const double scale = std::max(1.0, largest_magnitude(reference.hessian));
  const double difference = difference_from(parity::input_hessians(losses, p.X), reference);
  if (difference > 1e-10 * scale) {
    state.SkipWithError(("input_hessians() and the hand-written sweep differ by " + std::to_string(difference)).c_str());
    return;
  }
#ifdef PARITY_BENCH_TORCH
  const bench::TorchHessians torch(values(p.weights), values(p.biases), p.X, p.y);
  Tensor torch_hessian(Shape{batch, d, d});
  // The per-sample way costs B d backward passes: only tried at small batches.
  const bool try_per_sample = batch <= 32;
  const auto time_torch = [&](bool per_sample) {
    const parity::Stopwatch watch;
    if (per_sample) {
      torch.per_sample(torch_hessian.data());
    } else {
      torch.batched(torch_hessian.data());
    }
    return watch.seconds();
  };
  double batched_seconds = 0.0;
  double per_sample_seconds = 1e300;
  for (const bool per_sample : {false, true}) {
    if (per_sample && !try_per_sample) continue;
    time_torch(per_sample);
    const double torch_difference = largest_difference(torch_hessian, reference.hessian);
    if (torch_difference > 1e-10 * scale) {
      state.SkipWithError(("libtorch and the hand-written sweep differ by " + std::to_string(torch_difference)).c_str());
      return;
    }
    (per_sample ? per_sample_seconds : batched_seconds) = time_torch(per_sample);
  }
  const bool torch_per_sample = per_sample_seconds < batched_seconds;
  std::vector<double> torch_seconds;
  std::vector<double> torch_ratios;
  double torch_total = 0.0;
#endif
  // Warm-up after every other sweep, with no earlier result alive: the timed calls find the blocks
  // they need in the block cache, as calls in a training loop do. (A result kept alive here would make
  // the first timed call take fresh pages from the OS, which after libtorch has freed its memory cost
  // this virtual machine 10-15 us each: 0.3 s for the 80 MB of Hessians at d = 100, B = 1024.)
  benchmark::DoNotOptimize(parity::input_hessians(losses, p.X).hessian.data());
  std::vector<double> hand_seconds;
  std::vector<double> ratios;
  for (auto _ : state) {
    const parity::Stopwatch watch;
    parity::InputHessians h = parity::input_hessians(losses, p.X);
    benchmark::DoNotOptimize(h.hessian.data());
    const double seconds = watch.seconds();
    state.SetIterationTime(seconds);
    const parity::Stopwatch hand_watch;
    run_hand();
    benchmark::DoNotOptimize(reference.hessian.data());
    hand_seconds.push_back(hand_watch.seconds());
    ratios.push_back(seconds / hand_seconds.back());
#ifdef PARITY_BENCH_TORCH
    if (torch_total < kTorchSeconds || torch_seconds.size() < 3) {
      torch_seconds.push_back(time_torch(torch_per_sample));
      torch_total += torch_seconds.back();
      torch_ratios.push_back(seconds / torch_seconds.back());
    }
#endif
  }
  using benchmark::Counter;
  state.counters["GFLOP/s"] = Counter(p.flops() * 1e-9, Counter::kIsIterationInvariantRate);
  state.counters["gemm_GFLOP/s"] = p.flops() * 1e-9 / gemm.all;
  state.counters["gemm_fraction"] = Counter(gemm.all, Counter::kIsIterationInvariantRate);
  state.counters["performed_gemm_fraction"] =
      Counter(gemm.all - gemm.first_forward, Counter::kIsIterationInvariantRate);
  state.counters["grad_us"] = gradient * 1e6;
  state.counters["hessian/grad"] = Counter(gradient, Counter::kIsIterationInvariantRate | Counter::kInvert);
  state.counters["hand_us"] = median(hand_seconds) * 1e6;
  state.counters["hand_gemm_fraction"] = gemm.all / median(hand_seconds);
  state.counters["hand_performed_gemm_fraction"] = (gemm.all - gemm.first_forward) / median(hand_seconds);
  state.counters["vs_hand"] = median(ratios);
#ifdef PARITY_BENCH_TORCH
  state.counters["torch_us"] = median(torch_seconds) * 1e6;
  state.counters["vs_torch"] = median(torch_ratios);
  state.counters["torch_per_sample"] = torch_per_sample ? 1.0 : 0.0;
#endif
}

}  // namespace

BENCHMARK(BM_InputHessians)
    ->ArgNames({"d", "w", "depth", "B"})
    ->ArgsProduct({{2, 14, 100}, {16, 64, 256}, {1, 2}, {32, 1024}})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv) {
  parity::set_blas_threads(1);
  return run_benchmarks(argc, argv);
}
