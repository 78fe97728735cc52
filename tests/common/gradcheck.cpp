#include "common/gradcheck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "autograd/op.h"
#include "common/tolerances.h"
#include "tensor/elementwise.h"
#include "tensor/random.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity::testing {

namespace {

double max_abs(const Tensor& t) {
  double m = 0.0;
  for (double v : t) m = std::max(m, std::abs(v));
  return m;
}

double relative_error(const Tensor& actual, const Tensor& expected) {
  return max_abs(sub(actual, expected)) / std::max(1.0, max_abs(expected));
}

double dot(const Tensor& a, const Tensor& b) {
  double total = 0.0;
  for (Index i = 0; i < a.numel(); ++i) total += a.data()[i] * b.data()[i];
  return total;
}

std::vector<Var> make_leaves(const std::vector<Tensor>& point, bool requires_grad) {
  std::vector<Var> leaves;
  for (const Tensor& t : point) leaves.emplace_back(t, requires_grad);
  return leaves;
}

Tensor value_at(const VarFunction& f, const std::vector<Tensor>& point) {
  NoGradGuard no_grad;
  return f(make_leaves(point, false)).value();
}

// Direction k ([shape]) of a tangent [K, shape].
Tensor direction(const Tensor& directions, Index k) {
  const Shape shape = directions.shape().slice(1, directions.dim());
  const Index n = shape.numel();
  return Tensor(shape, std::vector<double>(directions.data() + k * n, directions.data() + (k + 1) * n));
}

std::vector<Tensor> shifted(const std::vector<Tensor>& point, const Tensors& directions, Index k, double h) {
  std::vector<Tensor> out;
  for (std::size_t i = 0; i < point.size(); ++i) out.push_back(add(point[i], mul(direction(directions[i], k), h)));
  return out;
}

// s(x) = <w, f(x)> + 1/2 <f(x), D f(x)>
struct Objective {
  Tensor w;
  Tensor d;
  Var operator()(const Var& y) const { return sum(mul_constant(y, w)) + scale(sum(mul_constant(square(y), d)), 0.5); }
  double value(const Tensor& y) const { return dot(w, y) + 0.5 * dot(mul(y, y), d); }
};

void check_first_order(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                       const Tensors& directions, const Tensor& w) {
  const Tolerances& tol = kTolerances;
  std::vector<Var> leaves = make_leaves(point, true);
  Var y = f(leaves);
  const Tensor jv = jvp(y, leaves, directions);
  const Tensors jt_w = gradient(y, leaves, w);
  const Index k_count = directions[0].size(0);
  for (Index k = 0; k < k_count; ++k) {
    const Tensor jv_k = direction(jv, k);
    double rhs = 0.0;
    for (std::size_t i = 0; i < point.size(); ++i) rhs += dot(jt_w[i], direction(directions[i], k));
    const double lhs = dot(w, jv_k);
    EXPECT_LE(std::abs(lhs - rhs), tol.adjoint * std::max(1.0, std::abs(lhs)))
        << name << ": adjoint identity <w, Jv> = " << lhs << " vs <J^T w, v> = " << rhs;
    const Tensor plus = value_at(f, shifted(point, directions, k, tol.step));
    const Tensor minus = value_at(f, shifted(point, directions, k, -tol.step));
    const Tensor fd = mul(sub(plus, minus), 0.5 / tol.step);
    EXPECT_LE(relative_error(jv_k, fd), tol.finite_difference) << name << ": JVP vs central differences, direction " << k;
  }
}

// Check 3: the op's own vjp_tangent against differences of its vjp.
void check_op_rules(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                    const Tensors& directions, const Tensor& w, Rng& rng) {
  const Tolerances& tol = kTolerances;
  std::vector<Var> leaves = make_leaves(point, true);
  Var y = f(leaves);
  const Node& node = *y.node();
  if (!node.op || node.inputs.size() != leaves.size()) return;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (node.inputs[i] != leaves[i].node()) return;
  }
  const Index k_count = directions[0].size(0);
  const Tensor w_dot = rng.normal(y.shape().prepended(k_count));
  const NeededInputs all = NeededInputs::all(leaves.size());
  const Tensors tangent = node.op->vjp_tangent(w, w_dot, directions, all);
  for (Index k = 0; k < k_count; ++k) {
    const Var y_plus = f(make_leaves(shifted(point, directions, k, tol.step), true));
    const Var y_minus = f(make_leaves(shifted(point, directions, k, -tol.step), true));
    const Tensors plus = y_plus.node()->op->vjp(w, all);
    const Tensors minus = y_minus.node()->op->vjp(w, all);
    const Tensors at_w_dot = node.op->vjp(direction(w_dot, k), all);
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const Tensor expected = add(mul(sub(plus[i], minus[i]), 0.5 / tol.step), at_w_dot[i]);
      EXPECT_LE(relative_error(direction(tangent[i], k), expected), tol.finite_difference)
          << name << ": vjp_tangent of input " << i << " vs differences of vjp, direction " << k;
    }
  }
}

// Check 4: the full Hessian of the objective against differences of the AD gradient.
void check_full_hessian(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                        const Objective& s) {
  const Tolerances& tol = kTolerances;
  Index n = 0;
  for (const Tensor& t : point) n += t.numel();
  if (n > kMaxHessianSize) return;
  std::vector<Var> leaves = make_leaves(point, true);
  HvpPlan plan(s(f(leaves)), leaves);
  Tensors units;
  Index offset = 0;
  for (const Tensor& t : point) {
    Tensor u(t.shape().prepended(n));
    for (Index j = 0; j < t.numel(); ++j) u.data()[(offset + j) * t.numel() + j] = 1.0;
    units.push_back(u);
    offset += t.numel();
  }
  const Tensors columns = plan.hvp(units);
  Tensor hessian(Shape{n, n});
  Tensor fd(Shape{n, n});
  for (Index j = 0; j < n; ++j) {
    Index col = 0;
    std::vector<Tensor> plus_point = shifted(point, units, j, tol.step);
    std::vector<Tensor> minus_point = shifted(point, units, j, -tol.step);
    std::vector<Var> plus_leaves = make_leaves(plus_point, true);
    std::vector<Var> minus_leaves = make_leaves(minus_point, true);
    const Tensors g_plus = gradient(s(f(plus_leaves)), plus_leaves);
    const Tensors g_minus = gradient(s(f(minus_leaves)), minus_leaves);
    for (std::size_t i = 0; i < point.size(); ++i) {
      const Tensor column = direction(columns[i], j);
      for (Index e = 0; e < column.numel(); ++e, ++col) {
        hessian.data()[j * n + col] = column.data()[e];
        fd.data()[j * n + col] = (g_plus[i].data()[e] - g_minus[i].data()[e]) * 0.5 / tol.step;
      }
    }
  }
  EXPECT_LE(relative_error(hessian, fd), tol.finite_difference) << name << ": Hessian vs differences of the gradient";
  EXPECT_LE(max_abs(sub(hessian, transpose(hessian))) / std::max(1.0, max_abs(hessian)), tol.symmetry)
      << name << ": Hessian symmetry";
}

// Median of log2(E(h) / E(h/2)) over halvings where both remainders exceed the rounding
// floor; NaN when the remainders sit at rounding level throughout.
double median_slope(const std::vector<double>& remainders, double floor) {
  std::vector<double> slopes;
  for (std::size_t i = 0; i + 1 < remainders.size(); ++i) {
    if (remainders[i] > floor && remainders[i + 1] > floor) slopes.push_back(std::log2(remainders[i] / remainders[i + 1]));
  }
  if (slopes.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(slopes.begin(), slopes.end());
  return slopes[slopes.size() / 2];
}

// Check 5: Taylor remainders of the objective along one direction of max-norm 1.
void check_taylor(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                  const Objective& s, Rng& rng) {
  Tensors v;
  for (const Tensor& t : point) {
    Tensor d = rng.uniform(t.shape(), -1.0, 1.0);
    v.push_back(d.reshape(t.shape().prepended(1)));
  }
  std::vector<Var> leaves = make_leaves(point, true);
  HvpPlan plan(s(f(leaves)), leaves);
  const Tensors hv = plan.hvp(v);
  double g_v = 0.0;
  double v_h_v = 0.0;
  for (std::size_t i = 0; i < point.size(); ++i) {
    g_v += dot(plan.gradient(i), v[i]);
    v_h_v += dot(hv[i], v[i]);
  }
  const double s0 = s.value(value_at(f, point));
  std::vector<double> first;
  std::vector<double> second;
  for (int k = 4; k <= 16; ++k) {
    const double h = std::ldexp(1.0, -k);
    const double sh = s.value(value_at(f, shifted(point, v, 0, h)));
    first.push_back(std::abs(sh - s0 - h * g_v));
    second.push_back(std::abs(sh - s0 - h * g_v - 0.5 * h * h * v_h_v));
  }
  const double floor = 1e3 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(s0));
  const double slope1 = median_slope(first, floor);
  const double slope2 = median_slope(second, floor);
  if (!std::isnan(slope1)) {
    EXPECT_GE(slope1, 1.8) << name << ": first-order Taylor remainder slope";
  }
  if (!std::isnan(slope2)) {
    EXPECT_GE(slope2, 2.8) << name << ": second-order Taylor remainder slope";
  }
}

}  // namespace

void expect_derivatives_match(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                              std::uint64_t seed, const GradcheckOptions& options) {
  Rng rng(seed);
  const Tensor y = value_at(f, point);
  Tensors directions;
  for (const Tensor& t : point) directions.push_back(rng.normal(t.shape().prepended(options.directions)));
  const Objective s{rng.normal(y.shape()), rng.normal(y.shape())};
  check_first_order(name, point, f, directions, s.w);
  if (options.check_op_rules) check_op_rules(name, point, f, directions, s.w, rng);
  check_full_hessian(name, point, f, s);
  check_taylor(name, point, f, s, rng);
}

}  // namespace parity::testing
