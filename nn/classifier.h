// Losses of a classifier from its logits: one output is a binary task (binary cross-entropy with
// logits), C >= 2 outputs a C-class task (cross-entropy). Its hard predictions: nn/predict.h.
#pragma once

#include "autograd/sample_loss.h"
#include "autograd/var.h"
#include "nn/module.h"

namespace parity::nn {

/// Per-sample losses [B] of logits [B, 1] or [B, C] against labels y (B values).
Var classifier_losses(const Var& logits, const Tensor& y);

/// Per-sample losses [B] of `model` on inputs X with labels y [B].
SampleLoss sample_loss(Module& model, const Tensor& y);

}  // namespace parity::nn
