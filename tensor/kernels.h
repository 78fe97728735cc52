// Loop templates behind the elementwise and reduction functions: a unary map, a binary
// zip with NumPy broadcasting, and sum_to (the reduction that undoes a broadcast).
// Broadcast loops merge adjacent axes that are contiguous for every operand, then run an
// inner loop specialised for unit and zero strides so the compiler can vectorise it.
// Exposed (namespace parity::kernels) so that autograd rules can fuse their arithmetic.
#pragma once

#include <array>

#include "tensor/check.h"
#include "tensor/tensor.h"

namespace parity::kernels {

/// Iteration plan of an output shape against the (zero-padded) strides of two operands.
struct BroadcastPlan {
  int rank = 1;
  std::array<Index, Shape::kMaxRank> extent{};
  std::array<Index, Shape::kMaxRank> stride_a{};
  std::array<Index, Shape::kMaxRank> stride_b{};
  Index numel = 0;
};

/// Plan for iterating `out` while reading `a` and `b`, which broadcast to `out`.
BroadcastPlan make_plan(const Shape& out, const Shape& a, const Shape& b);

/// Calls body(offset_a, offset_b, out_begin, inner_extent, inner_stride_a, inner_stride_b)
/// once per innermost run of the plan.
template <class Body>
void for_each_run(const BroadcastPlan& plan, Body body) {
  const int last = plan.rank - 1;
  const Index inner = plan.extent[static_cast<std::size_t>(last)];
  if (plan.numel == 0 || inner == 0) return;
  const Index runs = plan.numel / inner;
  std::array<Index, Shape::kMaxRank> counter{};
  Index off_a = 0;
  Index off_b = 0;
  for (Index run = 0; run < runs; ++run) {
    body(off_a, off_b, run * inner, inner, plan.stride_a[static_cast<std::size_t>(last)],
         plan.stride_b[static_cast<std::size_t>(last)]);
    for (int axis = last - 1; axis >= 0; --axis) {
      const auto ax = static_cast<std::size_t>(axis);
      off_a += plan.stride_a[ax];
      off_b += plan.stride_b[ax];
      if (++counter[ax] < plan.extent[ax]) break;
      off_a -= plan.stride_a[ax] * plan.extent[ax];
      off_b -= plan.stride_b[ax] * plan.extent[ax];
      counter[ax] = 0;
    }
  }
}

/// out[i] = f(a[i]).
template <class F>
Tensor map(const Tensor& a, F f) {
  Tensor out = Tensor::empty(a.shape());
  const double* x = a.data();
  double* y = out.data();
  const Index n = a.numel();
  for (Index i = 0; i < n; ++i) y[i] = f(x[i]);
  return out;
}

/// out = f(a, b) with NumPy broadcasting; `caller` names the function in errors.
template <class F>
Tensor zip(const Tensor& a, const Tensor& b, F f, const char* caller) {
  check_defined(a, caller, "first operand");
  check_defined(b, caller, "second operand");
  if (a.shape() == b.shape()) {
    Tensor out = Tensor::empty(a.shape());
    const double* x = a.data();
    const double* z = b.data();
    double* y = out.data();
    const Index n = a.numel();
    for (Index i = 0; i < n; ++i) y[i] = f(x[i], z[i]);
    return out;
  }
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), caller);
  Tensor out = Tensor::empty(shape);
  const BroadcastPlan plan = make_plan(shape, a.shape(), b.shape());
  const double* pa = a.data();
  const double* pb = b.data();
  double* po = out.data();
  for_each_run(plan, [&](Index oa, Index ob, Index oo, Index n, Index sa, Index sb) {
    const double* x = pa + oa;
    const double* z = pb + ob;
    double* y = po + oo;
    if (sa == 1 && sb == 1) {
      for (Index i = 0; i < n; ++i) y[i] = f(x[i], z[i]);
    } else if (sa == 1 && sb == 0) {
      const double zv = *z;
      for (Index i = 0; i < n; ++i) y[i] = f(x[i], zv);
    } else if (sa == 0 && sb == 1) {
      const double xv = *x;
      for (Index i = 0; i < n; ++i) y[i] = f(xv, z[i]);
    } else {
      for (Index i = 0; i < n; ++i) y[i] = f(x[i * sa], z[i * sb]);
    }
  });
  return out;
}

}  // namespace parity::kernels
