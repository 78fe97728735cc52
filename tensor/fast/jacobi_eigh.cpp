// Small symmetric eigenproblems by cyclic Jacobi (tensor/jacobi.h): for orders up to
// kJacobiMaxOrder it is faster than LAPACK's dsyevd, having no reduction to tridiagonal form
// and no workspace queries. The algorithm itself is also a method of its own (EighMethod::Jacobi),
// so it stays in the canonical code; this path is only the choice under EighMethod::Auto.
#include "tensor/fast/entry_points.h"
#include "tensor/fast_paths.h"

namespace parity::fast_paths {

bool eigh_by_jacobi(Index n) { return n <= kJacobiMaxOrder; }

}  // namespace parity::fast_paths
