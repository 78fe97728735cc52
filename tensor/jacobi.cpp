#include "tensor/jacobi.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace parity::detail {

namespace {

// Sweeps over one group of lanes: a and v are [n][n][L] (entry (i, j) of lane l at
// (i * n + j) * L + l), a symmetric with both triangles; v is set to the identity. Sets
// unconverged[l] for the lanes still rotating after max_sweeps sweeps.
template <Index L>
#if defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void sweep_lanes(double* a, double* v, Index n, int max_sweeps, bool* unconverged) {
  for (Index i = 0; i < n * n; ++i) {
    for (Index l = 0; l < L; ++l) v[i * L + l] = i % (n + 1) == 0 ? 1.0 : 0.0;
  }
  // 1 where a lane rotated in the current sweep (doubles, like every lane value, so that the lane
  // loops hold one type and vectorise).
  double rotated[L] = {};
  for (int sweep = 0; sweep <= max_sweeps; ++sweep) {
    for (Index l = 0; l < L; ++l) rotated[l] = 0.0;
    bool any_in_sweep = false;
    for (Index p = 0; p < n; ++p) {
      for (Index q = p + 1; q < n; ++q) {
        double* app = a + (p * n + p) * L;
        double* aqq = a + (q * n + q) * L;
        double* apq = a + (p * n + q) * L;
        double* aqp = a + (q * n + p) * L;
        double c[L];
        double s[L];
        double kept[L];
        for (Index l = 0; l < L; ++l) {
          const double x = apq[l];
          const double xpp = app[l];
          const double xqq = aqq[l];
          // An a_pq below a hundredth of an ulp of both diagonal entries is a backward-stable
          // perturbation of A: it is dropped (t = 0).
          const double scaled = 100.0 * std::abs(x);
          const double dp = std::abs(xpp);
          const double dq = std::abs(xqq);
          // (& rather than &&: no branches in the lane loop)
          const bool keep = (x != 0.0) & !((dp + scaled == dp) & (dq + scaled == dq));
          const double theta = (xqq - xpp) / (2.0 * x);
          const double tangent =
              (theta >= 0.0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
          const double tl = keep ? tangent : 0.0;
          const double cl = 1.0 / std::sqrt(tl * tl + 1.0);
          c[l] = cl;
          s[l] = tl * cl;
          kept[l] = keep ? 1.0 : 0.0;
          app[l] = xpp - tl * x;
          aqq[l] = xqq + tl * x;
          apq[l] = 0.0;
          aqp[l] = 0.0;
        }
        double any = 0.0;
        for (Index l = 0; l < L; ++l) {
          rotated[l] = std::max(rotated[l], kept[l]);
          any = std::max(any, kept[l]);
        }
        if (any == 0.0) continue;
        any_in_sweep = true;
        for (Index r = 0; r < n; ++r) {
          if (r != p && r != q) {
            double* arp = a + (r * n + p) * L;
            double* arq = a + (r * n + q) * L;
            double* apr = a + (p * n + r) * L;
            double* aqr = a + (q * n + r) * L;
            for (Index l = 0; l < L; ++l) {
              const double xp = arp[l];
              const double xq = arq[l];
              arp[l] = apr[l] = c[l] * xp - s[l] * xq;
              arq[l] = aqr[l] = s[l] * xp + c[l] * xq;
            }
          }
          double* vrp = v + (r * n + p) * L;
          double* vrq = v + (r * n + q) * L;
          for (Index l = 0; l < L; ++l) {
            const double xp = vrp[l];
            const double xq = vrq[l];
            vrp[l] = c[l] * xp - s[l] * xq;
            vrq[l] = s[l] * xp + c[l] * xq;
          }
        }
      }
    }
    if (!any_in_sweep) return;
  }
  for (Index l = 0; l < L; ++l) unconverged[l] = rotated[l] != 0.0;
}

// Ascending eigenvalues, eigenvector columns moved along (selection sort: n is small; equal
// eigenvalues keep their order).
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

// Decomposes matrices [begin, begin + used) of the batch (used <= L) as one group of L lanes;
// returns the first that did not converge, or -1.
template <Index L>
Index decompose_group(const double* a, Index begin, Index used, Index n, double* w, double* v, int max_sweeps,
                      std::vector<double>& lanes_a, std::vector<double>& lanes_v) {
  lanes_a.assign(static_cast<std::size_t>(n * n * L), 0.0);  // lanes past `used` take no rotation
  lanes_v.resize(static_cast<std::size_t>(n * n * L));
  for (Index l = 0; l < used; ++l) {
    const double* m = a + (begin + l) * n * n;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j <= i; ++j) {
        lanes_a[static_cast<std::size_t>((i * n + j) * L + l)] = m[i * n + j];
        lanes_a[static_cast<std::size_t>((j * n + i) * L + l)] = m[i * n + j];
      }
    }
  }
  bool unconverged[L] = {};
  sweep_lanes<L>(lanes_a.data(), lanes_v.data(), n, max_sweeps, unconverged);
  Index failure = -1;
  for (Index l = 0; l < used; ++l) {
    const Index b = begin + l;
    if (unconverged[l] && failure < 0) failure = b;
    double* wb = w + b * n;
    double* vb = v + b * n * n;
    for (Index i = 0; i < n; ++i) {
      wb[i] = lanes_a[static_cast<std::size_t>((i * n + i) * L + l)];
      for (Index j = 0; j < n; ++j) vb[i * n + j] = lanes_v[static_cast<std::size_t>((i * n + j) * L + l)];
    }
    sort_ascending(wb, vb, n);
  }
  return failure;
}

}  // namespace

Index jacobi_eigh_batch(const double* a, Index count, Index n, double* w, double* v, int max_sweeps) {
  std::vector<double> lanes_a;
  std::vector<double> lanes_v;
  Index first_failure = -1;
  for (Index begin = 0; begin < count;) {
    const Index left = count - begin;
    const Index used = left >= kJacobiLanes ? kJacobiLanes : std::min(left, kJacobiFewLanes);
    const Index failure =
        used == kJacobiLanes
            ? decompose_group<kJacobiLanes>(a, begin, used, n, w, v, max_sweeps, lanes_a, lanes_v)
            : decompose_group<kJacobiFewLanes>(a, begin, used, n, w, v, max_sweeps, lanes_a, lanes_v);
    if (failure >= 0 && first_failure < 0) first_failure = failure;
    begin += used;
  }
  return first_failure;
}

}  // namespace parity::detail
