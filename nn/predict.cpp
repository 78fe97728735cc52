// Hard predictions: thresholding binary logits at 0, argmax over class scores, and the batched
// no-grad evaluation of a model.
#include "nn/predict.h"

#include <algorithm>

#include "tensor/check.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity::nn {

Tensor classes_from_logits(const Tensor& logits) {
  check_defined(logits, "classes_from_logits()", "logits");
  const Shape& shape = logits.shape();
  PARITY_CHECK(shape.rank() == 1 || shape.rank() == 2, "classes_from_logits(): logits must have shape [n], [n, 1] or ",
               "[n, C], got ", shape);
  PARITY_CHECK(shape.rank() == 1 || shape[1] >= 1, "classes_from_logits(): logits of shape ", shape,
               " have no columns");
  check_finite(logits, "classes_from_logits()", "logits");
  if (shape.rank() == 2 && shape[1] >= 2) return argmax(logits, -1);
  Tensor classes = Tensor::empty(Shape{shape[0]});
  std::transform(logits.begin(), logits.end(), classes.begin(), [](double z) { return z > 0.0 ? 1.0 : 0.0; });
  return classes;
}

namespace {

// The checks shared by the batched evaluations; `caller` names the public function.
void check_batched_inputs(const char* caller, const Tensor& X, Index batch_size) {
  PARITY_CHECK(batch_size >= 1, caller, ": batch size must be >= 1, got ", batch_size);
  check_defined(X, caller, "X");
  PARITY_CHECK(X.shape().rank() >= 1, caller, ": X must have a sample axis, got shape ", X.shape());
}

}  // namespace

Tensor predict_classes(Module& model, const Tensor& X, Index batch_size) {
  check_batched_inputs("predict_classes()", X, batch_size);
  NoGradGuard no_grad;
  const Index n = X.size(0);
  Tensor classes = Tensor::empty(Shape{n});
  for (Index begin = 0; begin < n; begin += batch_size) {
    const Index end = std::min(n, begin + batch_size);
    const Tensor batch = classes_from_logits(model(Var(slice_rows(X, begin, end))).value());
    PARITY_CHECK(batch.numel() == end - begin, "predict_classes(): the model gave ", batch.numel(),
                 " predictions for ", end - begin, " samples");
    std::copy(batch.begin(), batch.end(), classes.data() + begin);
  }
  return classes;
}

Tensor predict_logits(Module& model, const Tensor& X, Index batch_size) {
  check_batched_inputs("predict_logits()", X, batch_size);
  NoGradGuard no_grad;
  const Index n = X.size(0);
  std::vector<Tensor> parts;
  for (Index begin = 0; begin < n; begin += batch_size) {
    parts.push_back(model(Var(slice_rows(X, begin, std::min(n, begin + batch_size)))).value());
    PARITY_CHECK(parts.back().dim() >= 1 && parts.back().size(0) == std::min(n, begin + batch_size) - begin,
                 "predict_logits(): the model gave outputs of shape ", parts.back().shape(), " for ",
                 std::min(n, begin + batch_size) - begin, " samples");
  }
  PARITY_CHECK(!parts.empty(), "predict_logits(): X has no rows");
  return parts.size() == 1 ? parts.front() : concat(std::span<const Tensor>(parts), 0);
}

}  // namespace parity::nn
