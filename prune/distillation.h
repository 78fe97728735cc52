// Knowledge distillation (Hinton, Vinyals and Dean, 2015) as SNL fine-tunes with it: per sample,
//   KD_T(s, t) = T^2 KL(softmax(t / T) || softmax(s / T)) = T^2 sum_c p_c (log p_c - log q_c),
// p = softmax(t / T) of the teacher's logits t (a constant), q = softmax(s / T) of the student's
// logits s. The T^2 factor keeps its gradient's scale independent of T; KD is 0 when s = t.
#pragma once

#include "autograd/var.h"

namespace parity::prune {

/// Per-sample KD_T [B] of student logits [B, C] against teacher logits [B, C], C >= 2.
/// @throws parity::Error for other shapes, a non-finite teacher logit or T not finite and > 0.
Var distillation_losses(const Var& student_logits, const Tensor& teacher_logits, double temperature);

}  // namespace parity::prune
