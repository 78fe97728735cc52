// The entry points of a build without fast paths (PARITY_FAST_PATHS=OFF, and the canonical
// twins the tests build): every one declines, so the canonical code does all the work.
#include "tensor/fast/entry_points.h"
#include "tensor/fast_paths.h"

namespace parity::fast_paths {

bool enabled() { return false; }
bool thin_matmul(const Gemm&) { return false; }
bool gemv_matmul(const Gemm&) { return false; }
bool eigh_by_jacobi(Index) { return false; }
bool tanh(const double*, double*, Index) { return false; }
std::shared_ptr<double[]> cached_storage(std::size_t) { return nullptr; }
void trim_cache(std::size_t) {}
std::size_t cached_bytes() { return 0; }

}  // namespace parity::fast_paths
