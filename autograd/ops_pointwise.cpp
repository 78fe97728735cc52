// Pointwise ops y = f(x). Each gives f' and f'' (in terms of x and y = f(x));
// PointwiseOp (op.h) derives jvp, vjp and vjp_tangent from them.
//
//   exp          f' = y                 f'' = y
//   log          f' = 1/x               f'' = -1/x^2
//   tanh         f' = 1 - y^2           f'' = -2 y (1 - y^2)
//   sigmoid      f' = y (1 - y)         f'' = y (1 - y) (1 - 2y)
//   softplus     f' = s                 f'' = s (1 - s),         s = sigmoid(x)
//   log_sigmoid  f' = sigmoid(-x)       f'' = -s sigmoid(-x)
//   relu         f' = [x > 0]           f'' = 0
//   leaky_relu   f' = [x > 0] + a [x <= 0]   f'' = 0
//   square       f' = 2x                f'' = 2
//   sqrt         f' = 1 / (2y)          f'' = -1 / (4 x y)
// relu and leaky_relu take f'(0) = [0 > 0] (the left derivative), as PyTorch does.
#include "autograd/functional.h"
#include "autograd/op.h"
#include "tensor/elementwise.h"
#include "tensor/kernels.h"
#include "tensor/scalar_math.h"

namespace parity {

namespace {

// Fn provides double first(double x, double y) const and double second(double x, double y) const.
template <class Fn>
class ScalarFunctionOp final : public PointwiseOp {
 public:
  ScalarFunctionOp(OpKind kind, Fn fn, Tensor x, Tensor y)
      : kind_(kind), fn_(fn), x_(std::move(x)), y_(std::move(y)) {}
  OpKind kind() const override { return kind_; }

 protected:
  Tensor first_derivative() const override {
    return kernels::zip(x_, y_, [this](double x, double y) { return fn_.first(x, y); }, "jvp");
  }
  Tensor second_derivative() const override {
    return kernels::zip(x_, y_, [this](double x, double y) { return fn_.second(x, y); }, "vjp_tangent");
  }

 private:
  OpKind kind_;
  Fn fn_;
  Tensor x_, y_;
};

template <class Fn>
Var pointwise(OpKind kind, const Var& x, Tensor y, Fn fn = {}) {
  if (!records_graph({&x})) return Var(std::move(y));
  auto op = std::make_unique<ScalarFunctionOp<Fn>>(kind, fn, x.value(), y);
  return make_op_result(std::move(op), {x}, std::move(y));
}

struct ExpFn {
  double first(double, double y) const { return y; }
  double second(double, double y) const { return y; }
};
struct LogFn {
  double first(double x, double) const { return 1.0 / x; }
  double second(double x, double) const { return -1.0 / (x * x); }
};
struct TanhFn {
  double first(double, double y) const { return 1.0 - y * y; }
  double second(double, double y) const { return -2.0 * y * (1.0 - y * y); }
};
struct SigmoidFn {
  double first(double, double y) const { return y * (1.0 - y); }
  double second(double, double y) const { return y * (1.0 - y) * (1.0 - 2.0 * y); }
};
struct SoftplusFn {
  double first(double x, double) const { return scalar::sigmoid(x); }
  double second(double x, double) const { return scalar::sigmoid(x) * scalar::sigmoid(-x); }
};
struct LogSigmoidFn {
  double first(double x, double) const { return scalar::sigmoid(-x); }
  double second(double x, double) const { return -scalar::sigmoid(x) * scalar::sigmoid(-x); }
};
struct ReluFn {
  double first(double x, double) const { return x > 0.0 ? 1.0 : 0.0; }
  double second(double, double) const { return 0.0; }
};
struct LeakyReluFn {
  double slope;
  double first(double x, double) const { return x > 0.0 ? 1.0 : slope; }
  double second(double, double) const { return 0.0; }
};
struct SquareFn {
  double first(double x, double) const { return 2.0 * x; }
  double second(double, double) const { return 2.0; }
};
struct SqrtFn {
  double first(double, double y) const { return 0.5 / y; }
  double second(double x, double y) const { return -0.25 / (x * y); }
};

}  // namespace

Var exp(const Var& x) { return pointwise<ExpFn>(OpKind::Exp, x, exp(x.value())); }
Var log(const Var& x) { return pointwise<LogFn>(OpKind::Log, x, log(x.value())); }
Var tanh(const Var& x) { return pointwise<TanhFn>(OpKind::Tanh, x, tanh(x.value())); }
Var sigmoid(const Var& x) { return pointwise<SigmoidFn>(OpKind::Sigmoid, x, sigmoid(x.value())); }
Var softplus(const Var& x) { return pointwise<SoftplusFn>(OpKind::Softplus, x, softplus(x.value())); }
Var log_sigmoid(const Var& x) { return pointwise<LogSigmoidFn>(OpKind::LogSigmoid, x, log_sigmoid(x.value())); }
Var relu(const Var& x) { return pointwise<ReluFn>(OpKind::Relu, x, relu(x.value())); }
Var leaky_relu(const Var& x, double slope) {
  return pointwise(OpKind::LeakyRelu, x, leaky_relu(x.value(), slope), LeakyReluFn{slope});
}
Var square(const Var& x) { return pointwise<SquareFn>(OpKind::Square, x, square(x.value())); }
Var sqrt(const Var& x) { return pointwise<SqrtFn>(OpKind::Sqrt, x, sqrt(x.value())); }

}  // namespace parity
