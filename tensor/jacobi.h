// Cyclic Jacobi eigendecomposition of one small symmetric matrix. Each rotation J(p, q, c, s)
// zeroes a_pq of A <- J^T A J (Golub & Van Loan, Matrix Computations, 4th ed., sec. 8.5.2,
// with t = tan(angle) = sign(theta) / (|theta| + sqrt(theta^2 + 1)), theta = (a_qq - a_pp) / (2 a_pq)),
// and V <- V J accumulates the eigenvectors. Sweeps repeat until the off-diagonal part is
// negligible against the diagonal; convergence is quadratic. For n up to about ten this is
// faster than LAPACK's dsyevd (no reduction to tridiagonal form, no workspace queries) and
// computes small eigenvalues to high relative accuracy.
#pragma once

#include "tensor/shape.h"

namespace parity::detail {

/// Eigendecomposition of the symmetric n x n row-major `a` (read from its lower triangle;
/// destroyed): eigenvalues ascending into `w`, eigenvectors as the columns of the row-major
/// `v`. Returns the number of sweeps, or -1 if `max_sweeps` did not suffice.
int jacobi_eigh(double* a, Index n, double* w, double* v, int max_sweeps = 50);

}  // namespace parity::detail
