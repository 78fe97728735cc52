// Prints the active OpenBLAS kernel, configuration and thread count, and records them in the
// benchmark context: a poorly chosen kernel is the usual cause of low numbers (README, "BLAS kernel").
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
