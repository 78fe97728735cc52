// Throughput of parity::matmul (one cblas_dgemm) in GFLOP/s, counting 2*M*N*K flops per product
// of [M, K] x [K, N]. Shapes are those of the batched Hessian code, [K*B, n] x [n, m], plus two
// square products. Prints the OpenBLAS kernel and thread count first: a poorly chosen kernel is
// the usual cause of low numbers (see README, "BLAS kernel").
#include <benchmark/benchmark.h>

#include "blas_context.h"
#include "tensor/blas.h"
#include "tensor/creation.h"

namespace {

void bench_matmul(benchmark::State& state, parity::Index rows, parity::Index inner, parity::Index cols) {
  const parity::Tensor a = parity::full({rows, inner}, 0.5);
  const parity::Tensor b = parity::full({inner, cols}, 0.25);
  for (auto _ : state) {
    parity::Tensor c = parity::matmul(a, b);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double flops =
      2.0 * static_cast<double>(rows) * static_cast<double>(inner) * static_cast<double>(cols);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// [K*B, n] x [n, m]: args {K*B, n, m}.
void BM_matmul_tall(benchmark::State& state) {
  bench_matmul(state, state.range(0), state.range(1), state.range(2));
}

// [s, s] x [s, s]: args {s}.
void BM_matmul_square(benchmark::State& state) {
  bench_matmul(state, state.range(0), state.range(0), state.range(0));
}

}  // namespace

BENCHMARK(BM_matmul_tall)
    ->ArgNames({"KB", "n", "m"})
    ->ArgsProduct({{1024, 10240, 102400}, {16, 64, 256}, {16, 64, 256}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_matmul_square)->ArgName("s")->Arg(512)->Arg(2048)->UseRealTime()->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) { return run_benchmarks(argc, argv); }
