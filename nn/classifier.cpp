#include "nn/classifier.h"

#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::nn {

Var classifier_losses(const Var& logits, const Tensor& y) {
  PARITY_CHECK(logits.shape().rank() == 2 && logits.shape()[0] == y.numel(), "sample_loss(): model output of shape ",
               logits.shape(), " for ", y.numel(), " labels, expected [B, 1] or [B, C]");
  if (logits.shape()[1] == 1) return bce_with_logits(reshape(logits, Shape{y.numel()}), y.reshape(Shape{y.numel()}));
  return cross_entropy_with_logits(logits, y.reshape(Shape{y.numel()}));
}

SampleLoss sample_loss(Module& model, const Tensor& y) {
  return SampleLoss([&model](const Var& X, const Tensor& labels) { return classifier_losses(model(X), labels); }, y);
}

}  // namespace parity::nn
