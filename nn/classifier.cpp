#include "nn/classifier.h"

#include <algorithm>

#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity::nn {

Var classifier_losses(const Var& logits, const Tensor& y) {
  PARITY_CHECK(logits.shape().rank() == 2 && logits.shape()[0] == y.numel(), "sample_loss(): model output of shape ",
               logits.shape(), " for ", y.numel(), " labels, expected [B, 1] or [B, C]");
  if (logits.shape()[1] == 1) return bce_with_logits(reshape(logits, Shape{y.numel()}), y.reshape(Shape{y.numel()}));
  return cross_entropy_with_logits(logits, y.reshape(Shape{y.numel()}));
}

Tensor classes_from_logits(const Tensor& logits) {
  if (logits.size(-1) == 1) {
    Tensor out = Tensor::empty(Shape{logits.size(0)});
    for (Index i = 0; i < logits.size(0); ++i) out.data()[i] = logits.data()[i] > 0.0 ? 1.0 : 0.0;
    return out;
  }
  return argmax(logits, -1);
}

SampleLoss sample_loss(Module& model, const Tensor& y) {
  return SampleLoss([&model](const Var& X, const Tensor& labels) { return classifier_losses(model(X), labels); }, y);
}

Tensor predict(Module& model, const Tensor& X, Index batch_size) {
  PARITY_CHECK(batch_size >= 1, "predict(): batch size must be >= 1, got ", batch_size);
  NoGradGuard no_grad;
  const Index n = X.size(0);
  Tensor out = Tensor::empty(Shape{n});
  for (Index begin = 0; begin < n; begin += batch_size) {
    const Index end = std::min(n, begin + batch_size);
    const Tensor classes = classes_from_logits(model(Var(slice_rows(X, begin, end))).value());
    std::copy(classes.begin(), classes.end(), out.data() + begin);
  }
  return out;
}

}  // namespace parity::nn
