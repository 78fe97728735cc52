#include "autograd/op_kind.h"

#include "tensor/check.h"

namespace parity {

// A switch without a default: -Wswitch flags a kind added without its name.
std::string_view op_name(OpKind kind) {
  switch (kind) {
    case OpKind::Add:
      return "add";
    case OpKind::Sub:
      return "sub";
    case OpKind::Mul:
      return "mul";
    case OpKind::Div:
      return "div";
    case OpKind::Neg:
      return "neg";
    case OpKind::Scale:
      return "scale";
    case OpKind::MulConstant:
      return "mul_constant";
    case OpKind::Matmul:
      return "matmul";
    case OpKind::Transpose:
      return "transpose";
    case OpKind::Reshape:
      return "reshape";
    case OpKind::BroadcastTo:
      return "broadcast_to";
    case OpKind::Sum:
      return "sum";
    case OpKind::Mean:
      return "mean";
    case OpKind::Exp:
      return "exp";
    case OpKind::Log:
      return "log";
    case OpKind::Tanh:
      return "tanh";
    case OpKind::Sigmoid:
      return "sigmoid";
    case OpKind::Softplus:
      return "softplus";
    case OpKind::LogSigmoid:
      return "log_sigmoid";
    case OpKind::Relu:
      return "relu";
    case OpKind::LeakyRelu:
      return "leaky_relu";
    case OpKind::Square:
      return "square";
    case OpKind::Sqrt:
      return "sqrt";
    case OpKind::Logsumexp:
      return "logsumexp";
    case OpKind::LogSoftmax:
      return "log_softmax";
    case OpKind::GatherRows:
      return "gather_rows";
    case OpKind::SliceRows:
      return "slice_rows";
    case OpKind::Concat:
      return "concat";
    case OpKind::BceWithLogits:
      return "bce_with_logits";
    case OpKind::CrossEntropyWithLogits:
      return "cross_entropy_with_logits";
    case OpKind::Mse:
      return "mse";
    case OpKind::Conv2d:
      return "conv2d";
    case OpKind::MaxPool2d:
      return "max_pool2d";
    case OpKind::AvgPool2d:
      return "avg_pool2d";
    case OpKind::Count:
      break;
  }
  ::parity::detail::throw_error("op_name(): unknown op kind ", static_cast<int>(kind));
}

}  // namespace parity
