#include "tensor/reduce.h"

#include <cmath>
#include <limits>

#include "tensor/check.h"
#include "tensor/kernels.h"

namespace parity {

namespace {

// a viewed as [outer, n, inner] around the reduced axis.
struct AxisView {
  Index outer = 1;
  Index n = 1;
  Index inner = 1;
  Shape out_shape;
};

AxisView axis_view(const Tensor& a, int axis, bool keepdim, const char* caller) {
  check_defined(a, caller, "argument");
  const int ax = a.shape().normalize_axis(axis, caller);
  AxisView v;
  for (int i = 0; i < a.dim(); ++i) {
    if (i < ax) v.outer *= a.shape()[i];
    if (i > ax) v.inner *= a.shape()[i];
    if (i != ax) v.out_shape.push_back(a.shape()[i]);
    if (i == ax && keepdim) v.out_shape.push_back(1);
  }
  v.n = a.shape()[ax];
  return v;
}

// Folds `step(acc, x)` over the reduced axis starting from `init`, then maps `finish(acc)`.
template <class Step, class Finish>
Tensor fold_axis(const Tensor& a, const AxisView& v, double init, Step step, Finish finish) {
  Tensor out = Tensor::empty(v.out_shape);
  const double* x = a.data();
  double* y = out.data();
  for (Index o = 0; o < v.outer; ++o) {
    double* row = y + o * v.inner;
    for (Index i = 0; i < v.inner; ++i) row[i] = init;
    for (Index j = 0; j < v.n; ++j) {
      const double* src = x + (o * v.n + j) * v.inner;
      for (Index i = 0; i < v.inner; ++i) row[i] = step(row[i], src[i]);
    }
    for (Index i = 0; i < v.inner; ++i) row[i] = finish(row[i]);
  }
  return out;
}

// NaN is sticky: once seen it is the result.
double max_step(double acc, double x) { return std::isnan(acc) || !(x > acc || std::isnan(x)) ? acc : x; }
double min_step(double acc, double x) { return std::isnan(acc) || !(x < acc || std::isnan(x)) ? acc : x; }
double identity(double x) { return x; }

Tensor flat(const Tensor& a, const char* caller) {
  check_defined(a, caller, "argument");
  return a.reshape(Shape{a.numel()});
}

// For the all-element forms without an identity element: the error shows the caller's shape.
Tensor flat_nonempty(const Tensor& a, const char* caller) {
  check_defined(a, caller, "argument");
  PARITY_CHECK(a.numel() > 0, caller, ": empty reduction over all elements of shape ", a.shape());
  return a.reshape(Shape{a.numel()});
}

}  // namespace

Tensor sum(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "sum()");
  return fold_axis(a, v, 0.0, [](double acc, double x) { return acc + x; }, identity);
}

Tensor sum(const Tensor& a) { return sum(flat(a, "sum()"), 0).reshape(Shape{}); }

Tensor mean(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "mean()");
  PARITY_CHECK(v.n > 0, "mean(): empty reduction along axis ", axis, " of shape ", a.shape());
  const double scale = 1.0 / static_cast<double>(v.n);
  return fold_axis(a, v, 0.0, [](double acc, double x) { return acc + x; },
                   [scale](double acc) { return acc * scale; });
}

Tensor mean(const Tensor& a) { return mean(flat_nonempty(a, "mean()"), 0).reshape(Shape{}); }

Tensor max(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "max()");
  PARITY_CHECK(v.n > 0, "max(): empty reduction along axis ", axis, " of shape ", a.shape());
  return fold_axis(a, v, -std::numeric_limits<double>::infinity(), max_step, identity);
}

Tensor max(const Tensor& a) { return max(flat_nonempty(a, "max()"), 0).reshape(Shape{}); }

Tensor min(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "min()");
  PARITY_CHECK(v.n > 0, "min(): empty reduction along axis ", axis, " of shape ", a.shape());
  return fold_axis(a, v, std::numeric_limits<double>::infinity(), min_step, identity);
}

Tensor min(const Tensor& a) { return min(flat_nonempty(a, "min()"), 0).reshape(Shape{}); }

Tensor argmax(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "argmax()");
  PARITY_CHECK(v.n > 0, "argmax(): empty reduction along axis ", axis, " of shape ", a.shape());
  Tensor out = Tensor::empty(v.out_shape);
  const double* x = a.data();
  for (Index o = 0; o < v.outer; ++o) {
    for (Index i = 0; i < v.inner; ++i) {
      Index best = 0;
      double best_value = x[o * v.n * v.inner + i];
      for (Index j = 1; j < v.n && !std::isnan(best_value); ++j) {
        const double value = x[(o * v.n + j) * v.inner + i];
        if (value > best_value || std::isnan(value)) {
          best = j;
          best_value = value;
        }
      }
      out.data()[o * v.inner + i] = static_cast<double>(best);
    }
  }
  return out;
}

Tensor logsumexp(const Tensor& a, int axis, bool keepdim) {
  const AxisView v = axis_view(a, axis, keepdim, "logsumexp()");
  PARITY_CHECK(v.n > 0, "logsumexp(): empty reduction along axis ", axis, " of shape ", a.shape());
  const Tensor m = max(a, axis, true);
  Tensor out = Tensor::empty(v.out_shape);
  const double* x = a.data();
  for (Index o = 0; o < v.outer; ++o) {
    for (Index i = 0; i < v.inner; ++i) {
      const double shift = m.data()[o * v.inner + i];
      double result = shift;
      if (std::isfinite(shift)) {
        double total = 0.0;
        for (Index j = 0; j < v.n; ++j) total += std::exp(x[(o * v.n + j) * v.inner + i] - shift);
        result = shift + std::log(total);
      }
      out.data()[o * v.inner + i] = result;
    }
  }
  return out;
}

Tensor logsumexp(const Tensor& a) { return logsumexp(flat_nonempty(a, "logsumexp()"), 0).reshape(Shape{}); }

Tensor sum_to_shape(const Tensor& a, const Shape& shape) {
  check_defined(a, "sum_to_shape()", "argument");
  if (a.shape() == shape) return a;
  PARITY_CHECK(broadcast_shapes(shape, a.shape(), "sum_to_shape()") == a.shape(), "sum_to_shape(): ",
               shape, " does not broadcast to ", a.shape());
  Tensor out(shape);
  const kernels::BroadcastPlan plan = kernels::make_plan(a.shape(), a.shape(), shape);
  const double* src = a.data();
  double* dst = out.data();
  kernels::for_each_run(plan, [&](Index oa, Index ob, Index, Index n, Index sa, Index sb) {
    const double* x = src + oa;
    double* y = dst + ob;
    if (sa == 1 && sb == 0) {
      double total = 0.0;
      for (Index i = 0; i < n; ++i) total += x[i];
      *y += total;
    } else if (sa == 1 && sb == 1) {
      for (Index i = 0; i < n; ++i) y[i] += x[i];
    } else {
      for (Index i = 0; i < n; ++i) y[i * sb] += x[i * sa];
    }
  });
  return out;
}

}  // namespace parity
