// Losses as callables (input, target) -> loss, built on the fused stable autograd losses,
// with PyTorch's reductions: mean (default), sum, or none (per element / per sample).
#pragma once

#include "autograd/var.h"

namespace parity::nn {

enum class Reduction { Mean, Sum, None };

/// Binary cross-entropy of logits against targets in [0, 1] of the same shape.
class BCEWithLogitsLoss {
 public:
  explicit BCEWithLogitsLoss(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  Var operator()(const Var& logits, const Tensor& targets) const;

 private:
  Reduction reduction_;
};

/// Cross-entropy of logits [B, C] against class indices [B]; `none` gives [B].
class CrossEntropyLoss {
 public:
  explicit CrossEntropyLoss(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  Var operator()(const Var& logits, const Tensor& labels) const;

 private:
  Reduction reduction_;
};

/// Squared error against targets of the same shape.
class MSELoss {
 public:
  explicit MSELoss(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  Var operator()(const Var& prediction, const Tensor& targets) const;

 private:
  Reduction reduction_;
};

/// Applies a reduction to per-element losses.
Var reduce(const Var& losses, Reduction reduction);

}  // namespace parity::nn
