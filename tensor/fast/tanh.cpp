// Tensor tanh by the branch-free branch_free_tanh (tensor/fast/tanh.h). On x86-64 the loop is
// compiled for AVX2 as well as the baseline and picked at load time. Both do the same IEEE
// operations (this file is compiled without contraction into FMAs, see tensor/CMakeLists.txt), so
// results are identical on every machine.
#include "tensor/fast/tanh.h"

#include "tensor/fast/entry_points.h"

namespace parity::fast_paths {

namespace {

#if defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void tanh_loop(const double* x, double* y, Index n) {
  for (Index i = 0; i < n; ++i) y[i] = branch_free_tanh(x[i]);
}

}  // namespace

bool tanh(const double* x, double* y, Index n) {
  tanh_loop(x, y, n);
  return true;
}

}  // namespace parity::fast_paths
