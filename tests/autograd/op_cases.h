// The op test table: one row per differentiable op (a test fails while a kind has none).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "autograd/op_kind.h"
#include "common/gradcheck.h"

namespace parity::testing {

struct OpCase {
  std::string name;
  OpKind kind;
  std::vector<Shape> shapes;  ///< input shapes
  VarFunction build;
  /// The same function on tensors (value check); empty when the op has no tensor twin.
  std::function<Tensor(const std::vector<Tensor>&)> reference;
  double lo = -2.0;  ///< inputs uniform in [lo, hi] ...
  double hi = 2.0;
  bool random_sign = false;  ///< ... times a random sign (to keep away from kinks at 0)
};

const std::vector<OpCase>& op_cases();

}  // namespace parity::testing
