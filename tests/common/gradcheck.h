// The derivative harness: checks a differentiable function of several tensors against
// central differences up to second order. For y = f(x_1..x_n), random weights w, D and
// directions V (K of them), it checks
//   1. the adjoint identity <w, J v> = <J^T w, v>;
//   2. the JVP against (f(x + h v) - f(x - h v)) / 2h;
//   3. (single-op graphs) the op's vjp_tangent against differences of its vjp:
//      [vjp_{x+hv}(w) - vjp_{x-hv}(w)] / 2h + vjp_x(w_dot);
//   4. the full Hessian of s(x) = <w, f(x)> + 1/2 <f(x), D f(x)> (the second term feeds a
//      non-zero y_bar_dot into f's rules) against central differences of the AD gradient,
//      and its symmetry (when the inputs have at most kMaxHessianSize elements in all);
//   5. Taylor remainders of s along a direction: |s(x+hv) - s(x) - h g.v| falls like h^2 and
//      |... - h^2/2 v.Hv| like h^3 (or sits at rounding level).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "autograd/var.h"
#include "tensor/tensor.h"

namespace parity::testing {

using VarFunction = std::function<Var(const std::vector<Var>&)>;

inline constexpr Index kMaxHessianSize = 64;

struct GradcheckOptions {
  Index directions = 3;           ///< K, the number of tangent directions per sweep
  bool check_op_rules = true;     ///< check 3, when f is a single op on its inputs
};

/// Runs all checks with EXPECT_* assertions; `name` labels failures.
void expect_derivatives_match(const std::string& name, const std::vector<Tensor>& point, const VarFunction& f,
                              std::uint64_t seed, const GradcheckOptions& options = {});

}  // namespace parity::testing
