#include "autograd/sample_loss.h"

#include "tensor/shape_ops.h"

namespace parity {

SampleLoss::SampleLoss(Function f, Tensor labels) : function_(std::move(f)), labels_(std::move(labels)) {
  PARITY_CHECK(static_cast<bool>(function_), "SampleLoss(): empty function");
  check_defined(labels_, "SampleLoss()", "labels");
  PARITY_CHECK(labels_.dim() >= 1, "SampleLoss(): labels must be [B] or [B, ...], got ", labels_.shape());
}

Var SampleLoss::operator()(const Var& X) const {
  PARITY_CHECK(!labels_.defined() || (X.shape().rank() >= 1 && X.shape()[0] == labels_.size(0)),
               "SampleLoss: inputs of shape ", X.shape(), " for ", labels_.size(0), " labels");
  return function_(X, labels_);
}

SampleLoss SampleLoss::subset(std::span<const Index> indices) const {
  SampleLoss out = *this;
  if (labels_.defined()) out.labels_ = gather_rows(labels_, indices);
  return out;
}

SampleLoss SampleLoss::rows(Index begin, Index end) const {
  SampleLoss out = *this;
  if (labels_.defined()) out.labels_ = slice_rows(labels_, begin, end);
  return out;
}

}  // namespace parity
