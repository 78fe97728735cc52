// Cyclic Jacobi eigendecomposition of a batch of small symmetric matrices. Each rotation
// J(p, q, c, s) zeroes a_pq of A <- J^T A J (Golub & Van Loan, Matrix Computations, 4th ed.,
// sec. 8.5.2, with t = tan(angle) = sign(theta) / (|theta| + sqrt(theta^2 + 1)),
// theta = (a_qq - a_pp) / (2 a_pq)), and V <- V J accumulates the eigenvectors. Sweeps repeat until
// the off-diagonal part is negligible against the diagonal; convergence is quadratic. For n up to
// about ten this is faster than LAPACK's dsyevd (no reduction to tridiagonal form, no workspace
// queries) and computes small eigenvalues to high relative accuracy.
//
// The matrices are solved kJacobiLanes (or, for the last few of a batch, kJacobiFewLanes) at a
// time, stored structure-of-arrays (entry (i, j) of the lanes side by side), so that every step of
// the sweep is a vector operation across the lanes; with several vectors of lanes the latency of
// one rotation's divisions and square roots is hidden behind the others'.
// All lanes take the rotation (p, q) together; a lane whose a_pq is negligible takes t = 0, i.e.
// c = 1, s = 0, which leaves its entries exactly as they are. Each matrix's result is therefore
// bitwise the same whatever matrices share its lanes, and so independent of how a batch is split.
#pragma once

#include "tensor/shape.h"

namespace parity::detail {

/// Matrices solved together as the lanes of one vector sweep.
inline constexpr Index kJacobiLanes = 32;
/// The lanes of the groups that take what remains of a batch after its groups of kJacobiLanes.
inline constexpr Index kJacobiFewLanes = 8;

/// Eigendecomposition of `count` symmetric n x n row-major matrices stored one after the other
/// in `a` (read from their lower triangles): eigenvalues ascending into w [count, n],
/// eigenvectors as the columns of the row-major v [count, n, n]. Returns -1, or the index of the
/// first matrix that `max_sweeps` sweeps did not bring to convergence.
Index jacobi_eigh_batch(const double* a, Index count, Index n, double* w, double* v, int max_sweeps = 50);

}  // namespace parity::detail
