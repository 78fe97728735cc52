// Dense linear algebra on LAPACKE: symmetric eigendecomposition, Cholesky, linear solves.
// All functions accept a batch of matrices over leading axes. A LAPACK failure
// (info != 0) throws parity::Error naming the routine and the info value.
// This file's .cpp is the only one that includes lapacke.h.
#pragma once

#include "tensor/tensor.h"

namespace parity {

/// A = Q diag(eigenvalues) Q^T for symmetric A.
struct Eigh {
  Tensor eigenvalues;   ///< [..., n], ascending
  Tensor eigenvectors;  ///< [..., n, n], column j is the unit eigenvector of eigenvalue j
};

/// How eigh() computes: LAPACK's divide and conquer (LAPACKE_dsyevd), cyclic Jacobi
/// (tensor/jacobi.h), or Auto: LAPACK, except where the Jacobi fast path takes small orders
/// (n <= fast_paths::kJacobiMaxOrder in tensor/fast_paths.h).
enum class EighMethod { Auto, Lapack, Jacobi };

/// Symmetric eigendecomposition of a [..., n, n] (only the lower triangle is read). Throws
/// on non-square input, NaN/Inf entries, or a failure to converge.
Eigh eigh(const Tensor& a, EighMethod method = EighMethod::Auto);

/// eigh() of `count` row-major n x n matrices stored one after the other at `a` (lower triangles
/// read, entries finite: not checked here), eigenvalues into w [count, n] and eigenvectors into
/// v [count, n, n], without tensors: for callers that decompose blocks of their own buffers.
void eigh_into(const double* a, Index count, Index n, double* w, double* v, EighMethod method = EighMethod::Auto);

/// Lower-triangular L with A = L L^T for symmetric positive-definite a [..., n, n]
/// (LAPACKE_dpotrf). Throws, naming the routine and the leading minor, when A is not
/// positive definite.
Tensor cholesky(const Tensor& a);

/// X with A X = B for general square A (LU with partial pivoting, LAPACKE_dgesv).
/// a [..., n, n]; b [..., n, k] with the same batch axes, or [..., n] for one right-hand
/// side. Throws when A is singular (U(i,i) exactly zero).
Tensor solve(const Tensor& a, const Tensor& b);

/// X with A X = B for symmetric positive-definite A (Cholesky, LAPACKE_dposv); shapes as
/// in solve(). Throws when A is not positive definite.
Tensor solve_spd(const Tensor& a, const Tensor& b);

}  // namespace parity
