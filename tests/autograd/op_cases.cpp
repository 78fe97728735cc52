#include "autograd/op_cases.h"

#include "autograd/functional.h"
#include "tensor/blas.h"
#include "tensor/conv.h"
#include "tensor/elementwise.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity::testing {

namespace {

using Vars = std::vector<Var>;
using Ts = std::vector<Tensor>;

const Tensor& mask_3x4() {
  static const Tensor mask(Shape{3, 4}, {1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1});
  return mask;
}
const Tensor& binary_targets() {
  static const Tensor t(Shape{3, 2}, {0, 1, 1, 0.25, 0, 1});
  return t;
}
const Tensor& class_labels() {
  static const Tensor t(Shape{4}, {2, 0, 1, 2});
  return t;
}
const Tensor& regression_targets() {
  static const Tensor t(Shape{2, 3}, {0.5, -1, 2, 0, 1.5, -0.5});
  return t;
}
const std::vector<Index>& row_indices() {
  static const std::vector<Index> idx = {3, 0, 3, 1};
  return idx;
}

// x + s with s[..., h, w] = 5 ((3h + 5w) mod 9): distinct within every window of up to 3 x 3 and
// 5 apart, so for x in [-2, 2] each window's maximum leads the runner-up by at least 1, and no
// difference or Taylor step (at most 1/16 per entry) moves the argmax of max pooling.
Var separated(const Var& x) {
  Tensor s(x.shape());
  const Index h = x.shape().size(-2);
  const Index w = x.shape().size(-1);
  for (Index i = 0; i < s.numel(); ++i) {
    s.data()[i] = 5.0 * static_cast<double>((3 * (i / w % h) + 5 * (i % w)) % 9);
  }
  return x + Var(s);
}

}  // namespace

const std::vector<OpCase>& op_cases() {
  static const std::vector<OpCase> cases = {
      {"add", OpKind::Add, {{3, 4}, {3, 4}}, [](const Vars& x) { return add(x[0], x[1]); },
       [](const Ts& x) { return add(x[0], x[1]); }},
      {"add_broadcast", OpKind::Add, {{2, 3, 4}, {4}}, [](const Vars& x) { return add(x[0], x[1]); },
       [](const Ts& x) { return add(x[0], x[1]); }},
      {"add_broadcast_both", OpKind::Add, {{3, 1}, {1, 4}}, [](const Vars& x) { return x[0] + x[1]; },
       [](const Ts& x) { return add(x[0], x[1]); }},
      {"sub_broadcast", OpKind::Sub, {{3, 1}, {3, 4}}, [](const Vars& x) { return sub(x[0], x[1]); },
       [](const Ts& x) { return sub(x[0], x[1]); }},
      {"mul", OpKind::Mul, {{3, 4}, {3, 4}}, [](const Vars& x) { return mul(x[0], x[1]); },
       [](const Ts& x) { return mul(x[0], x[1]); }},
      {"mul_broadcast", OpKind::Mul, {{2, 3}, {3}}, [](const Vars& x) { return x[0] * x[1]; },
       [](const Ts& x) { return mul(x[0], x[1]); }},
      {"mul_square", OpKind::Mul, {{5}}, [](const Vars& x) { return mul(x[0], x[0]); },
       [](const Ts& x) { return mul(x[0], x[0]); }},
      {"div", OpKind::Div, {{3, 4}, {3, 4}}, [](const Vars& x) { return div(x[0], x[1]); },
       [](const Ts& x) { return div(x[0], x[1]); }, 0.5, 2.0, true},
      {"div_broadcast", OpKind::Div, {{2, 3}, {2, 1}}, [](const Vars& x) { return x[0] / x[1]; },
       [](const Ts& x) { return div(x[0], x[1]); }, 0.5, 2.0, true},
      {"neg", OpKind::Neg, {{3, 4}}, [](const Vars& x) { return -x[0]; }, [](const Ts& x) { return neg(x[0]); }},
      {"scale", OpKind::Scale, {{3, 4}}, [](const Vars& x) { return scale(x[0], -1.5); },
       [](const Ts& x) { return mul(x[0], -1.5); }},
      {"mul_constant", OpKind::MulConstant, {{3, 4}}, [](const Vars& x) { return mul_constant(x[0], mask_3x4()); },
       [](const Ts& x) { return mul(x[0], mask_3x4()); }},
      {"matmul", OpKind::Matmul, {{3, 4}, {4, 2}}, [](const Vars& x) { return matmul(x[0], x[1]); },
       [](const Ts& x) { return matmul(x[0], x[1]); }},
      {"matmul_layer_batched", OpKind::Matmul, {{2, 3, 4}, {4, 2}}, [](const Vars& x) { return matmul(x[0], x[1]); },
       [](const Ts& x) { return matmul(x[0], x[1]); }},
      {"matmul_batched", OpKind::Matmul, {{2, 2, 3}, {2, 3, 2}}, [](const Vars& x) { return matmul(x[0], x[1]); },
       [](const Ts& x) { return matmul(x[0], x[1]); }},
      {"transpose", OpKind::Transpose, {{2, 3, 4}}, [](const Vars& x) { return transpose(x[0]); },
       [](const Ts& x) { return transpose(x[0]); }},
      {"reshape", OpKind::Reshape, {{3, 4}}, [](const Vars& x) { return reshape(x[0], Shape{2, 6}); },
       [](const Ts& x) { return x[0].reshape(Shape{2, 6}); }},
      {"broadcast_to", OpKind::BroadcastTo, {{3, 1}}, [](const Vars& x) { return broadcast_to(x[0], Shape{2, 3, 4}); },
       [](const Ts& x) { return broadcast_to(x[0], Shape{2, 3, 4}); }},
      {"sum_all", OpKind::Sum, {{3, 4}}, [](const Vars& x) { return sum(x[0]); }, [](const Ts& x) { return sum(x[0]); }},
      {"sum_axis", OpKind::Sum, {{2, 3, 4}}, [](const Vars& x) { return sum(x[0], 1); },
       [](const Ts& x) { return sum(x[0], 1); }},
      {"sum_axis_keepdim", OpKind::Sum, {{3, 4}}, [](const Vars& x) { return sum(x[0], -1, true); },
       [](const Ts& x) { return sum(x[0], -1, true); }},
      {"mean_all", OpKind::Mean, {{3, 4}}, [](const Vars& x) { return mean(x[0]); },
       [](const Ts& x) { return mean(x[0]); }},
      {"mean_axis", OpKind::Mean, {{3, 4}}, [](const Vars& x) { return mean(x[0], 0); },
       [](const Ts& x) { return mean(x[0], 0); }},
      {"exp", OpKind::Exp, {{3, 4}}, [](const Vars& x) { return exp(x[0]); }, [](const Ts& x) { return exp(x[0]); }},
      {"log", OpKind::Log, {{3, 4}}, [](const Vars& x) { return log(x[0]); }, [](const Ts& x) { return log(x[0]); },
       0.5, 3.0},
      {"tanh", OpKind::Tanh, {{3, 4}}, [](const Vars& x) { return tanh(x[0]); }, [](const Ts& x) { return tanh(x[0]); }},
      {"sigmoid", OpKind::Sigmoid, {{3, 4}}, [](const Vars& x) { return sigmoid(x[0]); },
       [](const Ts& x) { return sigmoid(x[0]); }, -4.0, 4.0},
      {"softplus", OpKind::Softplus, {{3, 4}}, [](const Vars& x) { return softplus(x[0]); },
       [](const Ts& x) { return softplus(x[0]); }, -4.0, 4.0},
      {"log_sigmoid", OpKind::LogSigmoid, {{3, 4}}, [](const Vars& x) { return log_sigmoid(x[0]); },
       [](const Ts& x) { return log_sigmoid(x[0]); }, -4.0, 4.0},
      {"relu", OpKind::Relu, {{3, 4}}, [](const Vars& x) { return relu(x[0]); }, [](const Ts& x) { return relu(x[0]); },
       0.1, 2.0, true},
      {"leaky_relu", OpKind::LeakyRelu, {{3, 4}}, [](const Vars& x) { return leaky_relu(x[0], 0.1); },
       [](const Ts& x) { return leaky_relu(x[0], 0.1); }, 0.1, 2.0, true},
      {"square", OpKind::Square, {{3, 4}}, [](const Vars& x) { return square(x[0]); },
       [](const Ts& x) { return square(x[0]); }},
      {"sqrt", OpKind::Sqrt, {{3, 4}}, [](const Vars& x) { return sqrt(x[0]); }, [](const Ts& x) { return sqrt(x[0]); },
       0.5, 3.0},
      {"logsumexp", OpKind::Logsumexp, {{3, 4}}, [](const Vars& x) { return logsumexp(x[0], 1); },
       [](const Ts& x) { return logsumexp(x[0], 1); }},
      {"logsumexp_keepdim_axis0", OpKind::Logsumexp, {{3, 4}}, [](const Vars& x) { return logsumexp(x[0], 0, true); },
       [](const Ts& x) { return logsumexp(x[0], 0, true); }},
      {"log_softmax", OpKind::LogSoftmax, {{3, 4}}, [](const Vars& x) { return log_softmax(x[0], -1); },
       [](const Ts& x) { return sub(x[0], logsumexp(x[0], -1, true)); }},
      {"log_softmax_axis0", OpKind::LogSoftmax, {{3, 2, 2}}, [](const Vars& x) { return log_softmax(x[0], 0); },
       [](const Ts& x) { return sub(x[0], logsumexp(x[0], 0, true)); }},
      {"gather_rows", OpKind::GatherRows, {{4, 3}}, [](const Vars& x) { return gather_rows(x[0], row_indices()); },
       [](const Ts& x) { return gather_rows(x[0], row_indices()); }},
      {"slice_rows", OpKind::SliceRows, {{5, 2}}, [](const Vars& x) { return slice_rows(x[0], 1, 4); },
       [](const Ts& x) { return slice_rows(x[0], 1, 4); }},
      {"concat_axis1", OpKind::Concat, {{2, 3}, {2, 1}, {2, 2}},
       [](const Vars& x) { return concat(x, 1); }, [](const Ts& x) { return concat(x, 1); }},
      {"concat_axis0", OpKind::Concat, {{1, 3}, {2, 3}}, [](const Vars& x) { return concat(x, 0); },
       [](const Ts& x) { return concat(x, 0); }},
      {"bce_with_logits", OpKind::BceWithLogits, {{3, 2}},
       [](const Vars& x) { return bce_with_logits(x[0], binary_targets()); },
       [](const Ts& x) { return sub(softplus(x[0]), mul(binary_targets(), x[0])); }, -4.0, 4.0},
      {"cross_entropy_with_logits", OpKind::CrossEntropyWithLogits, {{4, 3}},
       [](const Vars& x) { return cross_entropy_with_logits(x[0], class_labels()); }, nullptr, -3.0, 3.0},
      {"mse", OpKind::Mse, {{2, 3}}, [](const Vars& x) { return mse(x[0], regression_targets()); },
       [](const Ts& x) { return square(sub(x[0], regression_targets())); }},
      {"conv2d", OpKind::Conv2d, {{2, 1, 4, 4}, {2, 1, 3, 3}},
       [](const Vars& x) { return conv2d(x[0], x[1]); }, [](const Ts& x) { return conv2d(x[0], x[1]); }},
      {"conv2d_stride2_pad1", OpKind::Conv2d, {{2, 2, 3, 3}, {2, 2, 2, 2}},
       [](const Vars& x) { return conv2d(x[0], x[1], 2, 1); },
       [](const Ts& x) { return conv2d(x[0], x[1], 2, 1); }},
      {"conv2d_rect_kernel_pad1", OpKind::Conv2d, {{1, 3, 4, 3}, {2, 3, 2, 1}},
       [](const Vars& x) { return conv2d(x[0], x[1], 1, 1); },
       [](const Ts& x) { return conv2d(x[0], x[1], 1, 1); }},
      {"conv2d_stride3_pad2", OpKind::Conv2d, {{2, 3, 7, 6}, {4, 3, 3, 2}},
       [](const Vars& x) { return conv2d(x[0], x[1], 3, 2); },
       [](const Ts& x) { return conv2d(x[0], x[1], 3, 2); }},
      {"max_pool2d", OpKind::MaxPool2d, {{2, 2, 4, 4}},
       [](const Vars& x) { return max_pool2d(separated(x[0]), 2, 2); },
       [](const Ts& x) { return max_pool2d(separated(Var(x[0])).value(), 2, 2).values; }},
      {"max_pool2d_overlapping", OpKind::MaxPool2d, {{1, 2, 5, 5}},
       [](const Vars& x) { return max_pool2d(separated(x[0]), 3, 2); },
       [](const Ts& x) { return max_pool2d(separated(Var(x[0])).value(), 3, 2).values; }},
      {"avg_pool2d", OpKind::AvgPool2d, {{2, 2, 4, 4}},
       [](const Vars& x) { return avg_pool2d(x[0], 2, 2); },
       [](const Ts& x) { return avg_pool2d(x[0], 2, 2); }},
      {"avg_pool2d_overlapping", OpKind::AvgPool2d, {{1, 2, 5, 4}},
       [](const Vars& x) { return avg_pool2d(x[0], 3, 1); },
       [](const Ts& x) { return avg_pool2d(x[0], 3, 1); }},
  };
  return cases;
}

}  // namespace parity::testing
