// Losses and predictions of a classifier from its logits: one output is a binary task (binary
// cross-entropy with logits, class 1 when the logit is positive), C >= 2 outputs a C-class task
// (cross-entropy, the argmax).
#pragma once

#include "autograd/sample_loss.h"
#include "autograd/var.h"
#include "nn/module.h"

namespace parity::nn {

/// Per-sample losses [B] of logits [B, 1] or [B, C] against labels y (B values).
Var classifier_losses(const Var& logits, const Tensor& y);

/// Class predictions [B] from logits [B, 1] or [B, C].
Tensor classes_from_logits(const Tensor& logits);

/// Per-sample losses [B] of `model` on inputs X with labels y [B].
SampleLoss sample_loss(Module& model, const Tensor& y);

/// Class predictions [n] of `model` on X, in batches of `batch_size`, without recording graphs.
Tensor predict(Module& model, const Tensor& X, Index batch_size = 4096);

}  // namespace parity::nn
