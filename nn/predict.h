// A classifier's hard predictions from its outputs (logits). One output per sample is a binary
// logit z, class 1 when z > 0 (sigmoid(z) > 1/2; a tie goes to class 0); C >= 2 outputs are
// class scores, class argmax_c z_c (the lowest index on ties).
#pragma once

#include "nn/module.h"
#include "tensor/tensor.h"

namespace parity::nn {

/// Classes [n] of logits [n] or [n, 1] (binary: 1 if z > 0, else 0) or [n, C], C >= 2 (argmax).
/// @throws parity::Error on an undefined tensor, another shape, zero columns or a non-finite logit.
Tensor classes_from_logits(const Tensor& logits);

/// Classes [n] of `model` on inputs X [n, ...], evaluated in batches of `batch_size` rows
/// without recording graphs; the model's outputs must be logits as above.
/// @throws parity::Error on batch_size < 1, an undefined or rank-0 X, or bad model outputs.
Tensor predict_classes(Module& model, const Tensor& X, Index batch_size = 4096);

/// The outputs [n, ...] of `model` on inputs X [n, ...] (n >= 1), evaluated in batches of
/// `batch_size` rows without recording graphs.
/// @throws parity::Error on batch_size < 1, an undefined, rank-0 or empty X, or outputs without
/// one row per sample.
Tensor predict_logits(Module& model, const Tensor& X, Index batch_size = 4096);

}  // namespace parity::nn
