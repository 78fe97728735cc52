// Helpers of the optimiser tests: exact gradients, error capture, and test problems with known
// minimisers written as Var functions, with a loop that minimises them:
//   sphere      f(x) = sum x_i^2,                           minimum 0 at x = 0
//   rosenbrock  f(x, y) = (1 - x)^2 + 100 (y - x^2)^2,      minimum 0 at (1, 1)
//   quadratic   f(x) = 1/2 sum lambda_i x_i^2,              minimum 0 at x = 0; its condition
//               number is max lambda / min lambda.
#pragma once

#include <functional>
#include <string>

#include "autograd/functional.h"
#include "common/error_message.h"
#include "optim/optimizer.h"
#include "tensor/check.h"

namespace parity::testing {

/// Makes g (of p's shape) the gradient of p, exactly: backward of the linear loss sum(g * p).
inline void set_gradient(Var& p, const Tensor& g) {
  p.zero_grad();
  sum(mul_constant(p, g)).backward();
}

inline Var sphere(const Var& x) { return sum(square(x)); }

/// `xy` of shape [2].
inline Var rosenbrock(const Var& xy) {
  const Var x = slice_rows(xy, 0, 1);
  const Var y = slice_rows(xy, 1, 2);
  return sum(square(1.0 - x) + 100.0 * square(y - square(x)));
}

inline Var quadratic(const Var& x, const Tensor& lambda) {
  return 0.5 * sum(mul_constant(square(x), lambda));
}

/// `steps` rounds of zero_grad, backward of loss() and step.
inline void minimise(optim::Optimizer& optimizer, int steps, const std::function<Var()>& loss) {
  for (int k = 0; k < steps; ++k) {
    optimizer.zero_grad();
    loss().backward();
    optimizer.step();
  }
}

}  // namespace parity::testing
