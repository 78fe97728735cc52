#include "nn/loss.h"

#include "autograd/functional.h"

namespace parity::nn {

Var reduce(const Var& losses, Reduction reduction) {
  switch (reduction) {
    case Reduction::Mean:
      return mean(losses);
    case Reduction::Sum:
      return sum(losses);
    case Reduction::None:
      break;
  }
  return losses;
}

Var BCEWithLogitsLoss::operator()(const Var& logits, const Tensor& targets) const {
  return reduce(bce_with_logits(logits, targets), reduction_);
}

Var CrossEntropyLoss::operator()(const Var& logits, const Tensor& labels) const {
  return reduce(cross_entropy_with_logits(logits, labels), reduction_);
}

Var MSELoss::operator()(const Var& prediction, const Tensor& targets) const {
  return reduce(mse(prediction, targets), reduction_);
}

}  // namespace parity::nn
