#include "tensor/jacobi.h"

#include <cmath>
#include <utility>

namespace parity::detail {

namespace {

// Rotates rows/columns p and q of the symmetric a (both triangles kept) and columns p, q of v.
void rotate(double* a, double* v, Index n, Index p, Index q) {
  const double apq = a[p * n + q];
  const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
  const double t = (theta >= 0.0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
  const double c = 1.0 / std::sqrt(t * t + 1.0);
  const double s = t * c;
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = 0.0;
  a[q * n + p] = 0.0;
  for (Index r = 0; r < n; ++r) {
    if (r != p && r != q) {
      const double arp = a[r * n + p];
      const double arq = a[r * n + q];
      a[r * n + p] = a[p * n + r] = c * arp - s * arq;
      a[r * n + q] = a[q * n + r] = s * arp + c * arq;
    }
    const double vrp = v[r * n + p];
    const double vrq = v[r * n + q];
    v[r * n + p] = c * vrp - s * vrq;
    v[r * n + q] = s * vrp + c * vrq;
  }
}

// Ascending eigenvalues, eigenvector columns moved along (selection sort: n is small).
void sort_ascending(double* w, double* v, Index n) {
  for (Index i = 0; i < n; ++i) {
    Index smallest = i;
    for (Index j = i + 1; j < n; ++j) {
      if (w[j] < w[smallest]) smallest = j;
    }
    if (smallest == i) continue;
    std::swap(w[i], w[smallest]);
    for (Index r = 0; r < n; ++r) std::swap(v[r * n + i], v[r * n + smallest]);
  }
}

}  // namespace

int jacobi_eigh(double* a, Index n, double* w, double* v, int max_sweeps) {
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      if (j > i) a[i * n + j] = a[j * n + i];
      v[i * n + j] = i == j ? 1.0 : 0.0;
    }
  }
  int sweep = 0;
  for (; sweep <= max_sweeps; ++sweep) {
    bool rotated = false;
    for (Index p = 0; p < n; ++p) {
      for (Index q = p + 1; q < n; ++q) {
        const double apq = std::abs(a[p * n + q]);
        if (apq == 0.0) continue;
        // An a_pq below a hundredth of an ulp of both diagonal entries is a backward-stable
        // perturbation of A: drop it.
        const double scaled = 100.0 * apq;
        if (std::abs(a[p * n + p]) + scaled == std::abs(a[p * n + p]) &&
            std::abs(a[q * n + q]) + scaled == std::abs(a[q * n + q])) {
          a[p * n + q] = a[q * n + p] = 0.0;
          continue;
        }
        rotate(a, v, n, p, q);
        rotated = true;
      }
    }
    if (!rotated) break;
  }
  for (Index i = 0; i < n; ++i) w[i] = a[i * n + i];
  sort_ascending(w, v, n);
  return sweep > max_sweeps ? -1 : sweep;
}

}  // namespace parity::detail
