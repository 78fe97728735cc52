// Prints the active OpenBLAS kernel, configuration and thread count, and records them in the
// benchmark context: a poorly chosen kernel is the usual cause of low numbers (README, "BLAS kernel");
// and the main() every benchmark program shares.
#pragma once

#include <benchmark/benchmark.h>

#include <iostream>
#include <string>

#include "tensor/blas.h"

inline void report_blas_context() {
  const parity::BlasInfo info = parity::blas_info();
  std::cout << "OpenBLAS core: " << info.core << "\nOpenBLAS config: " << info.config
            << "\nBLAS threads: " << info.threads << "\n"
            << std::endl;
  benchmark::AddCustomContext("blas_core", info.core);
  benchmark::AddCustomContext("blas_config", info.config);
  benchmark::AddCustomContext("blas_threads", std::to_string(info.threads));
}

/// Reports the BLAS context, then runs the registered benchmarks with Google Benchmark's flags.
inline int run_benchmarks(int argc, char** argv) {
  report_blas_context();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
