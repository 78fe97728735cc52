// The registry of differentiable ops: one enumerator per op and its name. The op test
// table (tests/autograd/op_cases.cpp) must have a row for every kind; a test enforces it.
#pragma once

#include <string_view>

namespace parity {

enum class OpKind {
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  Scale,
  MulConstant,
  Matmul,
  Transpose,
  Reshape,
  BroadcastTo,
  Sum,
  Mean,
  Exp,
  Log,
  Tanh,
  Sigmoid,
  Softplus,
  LogSigmoid,
  Relu,
  LeakyRelu,
  Square,
  Sqrt,
  Logsumexp,
  LogSoftmax,
  GatherRows,
  SliceRows,
  Concat,
  BceWithLogits,
  CrossEntropyWithLogits,
  Mse,
  Conv2d,
  MaxPool2d,
  AvgPool2d,
  Count  // not an op: the number of kinds
};

inline constexpr int kOpKindCount = static_cast<int>(OpKind::Count);

std::string_view op_name(OpKind kind);

}  // namespace parity
