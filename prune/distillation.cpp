#include "prune/distillation.h"

#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::prune {

Var distillation_losses(const Var& student_logits, const Tensor& teacher_logits, double temperature) {
  constexpr const char* kCaller = "distillation_losses()";
  PARITY_CHECK(std::isfinite(temperature) && temperature > 0.0, kCaller,
               ": temperature must be finite and > 0, got ", temperature);
  check_defined(teacher_logits, kCaller, "teacher logits");
  const Shape& shape = student_logits.shape();
  PARITY_CHECK(shape.rank() == 2 && shape.size(1) >= 2, kCaller,
               ": student logits must be [B, C] with C >= 2, got ", shape);
  PARITY_CHECK(teacher_logits.shape() == shape, kCaller, ": teacher logits of shape ", teacher_logits.shape(),
               ", expected the student's ", shape);
  check_finite(teacher_logits, kCaller, "teacher logits");
  Tensor log_p;
  {
    NoGradGuard constant;
    log_p = log_softmax(Var(teacher_logits) * (1.0 / temperature), 1).value();
  }
  const Index B = shape.size(0), C = shape.size(1);
  Tensor p = log_p.clone();
  for (double& v : p) v = std::exp(v);
  Tensor p_log_p(Shape{B});
  for (Index i = 0; i < B; ++i) {
    for (Index c = 0; c < C; ++c) p_log_p.data()[i] += p.data()[i * C + c] * log_p.data()[i * C + c];
  }
  const Var log_q = log_softmax(student_logits * (1.0 / temperature), 1);
  const double t2 = temperature * temperature;
  return (Var(p_log_p) - sum(mul_constant(log_q, p), 1)) * t2;
}

}  // namespace parity::prune
