#include "tensor/elementwise.h"

#include <cmath>

#include "tensor/fast/entry_points.h"
#include "tensor/kernels.h"
#include "tensor/scalar_math.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

template <class F>
Tensor unary(const Tensor& a, const char* caller, F f) {
  check_defined(a, caller, "argument");
  return kernels::map(a, f);
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x + y; }, "add()");
}
Tensor sub(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x - y; }, "sub()");
}
Tensor mul(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x * y; }, "mul()");
}
Tensor div(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x / y; }, "div()");
}
// NaN in either operand propagates (std::max would keep or drop it depending on the order).
Tensor maximum(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x >= y || std::isnan(x) ? x : y; }, "maximum()");
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return x <= y || std::isnan(x) ? x : y; }, "minimum()");
}
Tensor add(const Tensor& a, double b) {
  return unary(a, "add()", [b](double x) { return x + b; });
}
Tensor sub(const Tensor& a, double b) {
  return unary(a, "sub()", [b](double x) { return x - b; });
}
Tensor mul(const Tensor& a, double b) {
  return unary(a, "mul()", [b](double x) { return x * b; });
}
Tensor div(const Tensor& a, double b) {
  return unary(a, "div()", [b](double x) { return x / b; });
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator+(const Tensor& a, double b) { return add(a, b); }
Tensor operator-(const Tensor& a, double b) { return sub(a, b); }
Tensor operator*(const Tensor& a, double b) { return mul(a, b); }
Tensor operator/(const Tensor& a, double b) { return div(a, b); }
Tensor operator+(double a, const Tensor& b) { return add(b, a); }
Tensor operator-(double a, const Tensor& b) {
  return unary(b, "sub()", [a](double x) { return a - x; });
}
Tensor operator*(double a, const Tensor& b) { return mul(b, a); }
Tensor operator/(double a, const Tensor& b) {
  return unary(b, "div()", [a](double x) { return a / x; });
}
Tensor operator-(const Tensor& a) { return neg(a); }

Tensor neg(const Tensor& a) {
  return unary(a, "neg()", [](double x) { return -x; });
}
Tensor exp(const Tensor& a) {
  return unary(a, "exp()", [](double x) { return std::exp(x); });
}
Tensor log(const Tensor& a) {
  return unary(a, "log()", [](double x) { return std::log(x); });
}
Tensor log1p(const Tensor& a) {
  return unary(a, "log1p()", [](double x) { return std::log1p(x); });
}
Tensor tanh(const Tensor& a) {
  check_defined(a, "tanh()", "argument");
  Tensor out = Tensor::empty(a.shape());
  const double* x = a.data();
  double* y = out.data();
  if (!fast_paths::tanh(x, y, a.numel())) {
    for (Index i = 0; i < a.numel(); ++i) y[i] = std::tanh(x[i]);
  }
  return out;
}
Tensor sigmoid(const Tensor& a) { return unary(a, "sigmoid()", scalar::sigmoid); }
Tensor softplus(const Tensor& a) { return unary(a, "softplus()", scalar::softplus); }
Tensor log_sigmoid(const Tensor& a) { return unary(a, "log_sigmoid()", scalar::log_sigmoid); }
Tensor relu(const Tensor& a) { return unary(a, "relu()", scalar::relu); }
Tensor leaky_relu(const Tensor& a, double slope) {
  return unary(a, "leaky_relu()", [slope](double x) { return scalar::leaky_relu(x, slope); });
}
Tensor abs(const Tensor& a) {
  return unary(a, "abs()", [](double x) { return std::abs(x); });
}
Tensor sqrt(const Tensor& a) {
  return unary(a, "sqrt()", [](double x) { return std::sqrt(x); });
}
Tensor square(const Tensor& a) {
  return unary(a, "square()", [](double x) { return x * x; });
}
Tensor pow(const Tensor& a, double p) {
  return unary(a, "pow()", [p](double x) { return std::pow(x, p); });
}
Tensor pow(const Tensor& a, const Tensor& b) {
  return kernels::zip(a, b, [](double x, double y) { return std::pow(x, y); }, "pow()");
}
Tensor clamp(const Tensor& a, double lo, double hi) {
  PARITY_CHECK(lo <= hi, "clamp(): lower bound ", lo, " exceeds upper bound ", hi);
  return unary(a, "clamp()", [lo, hi](double x) { return std::clamp(x, lo, hi); });
}

#define PARITY_COMPARISON(name, op)                                                        \
  Tensor name(const Tensor& a, const Tensor& b) {                                          \
    return kernels::zip(a, b, [](double x, double y) { return x op y ? 1.0 : 0.0; }, #name "()"); \
  }                                                                                        \
  Tensor name(const Tensor& a, double b) {                                                 \
    return unary(a, #name "()", [b](double x) { return x op b ? 1.0 : 0.0; });             \
  }

PARITY_COMPARISON(eq, ==)
PARITY_COMPARISON(ne, !=)
PARITY_COMPARISON(lt, <)
PARITY_COMPARISON(le, <=)
PARITY_COMPARISON(gt, >)
PARITY_COMPARISON(ge, >=)

#undef PARITY_COMPARISON

Tensor where(const Tensor& mask, const Tensor& a, const Tensor& b) {
  check_defined(mask, "where()", "mask");
  check_defined(a, "where()", "first choice");
  check_defined(b, "where()", "second choice");
  const Shape shape = broadcast_shapes(mask.shape(), broadcast_shapes(a.shape(), b.shape(), "where()"),
                                       "where()");
  const Tensor m = broadcast_to(mask, shape);
  const Tensor x = broadcast_to(a, shape);
  const Tensor y = broadcast_to(b, shape);
  Tensor out = Tensor::empty(shape);
  for (Index i = 0; i < out.numel(); ++i) out.data()[i] = m.data()[i] != 0.0 ? x.data()[i] : y.data()[i];
  return out;
}

}  // namespace parity
