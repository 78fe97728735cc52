// GatedReLU: a ReLU whose units can be linearised one by one, as in Selective Network
// Linearization (Cho et al., ICML 2022). Each unit u of one sample's activations has a gate a_u:
//   y = a relu(x) + (1 - a) x = x + a (relu(x) - x),
// so a = 1 is a ReLU and a = 0 the identity. Gates are either trainable (a relaxed parameter
// "gate", not clamped unless the caller calls clamp_gates()) or frozen 0/1 constants (no
// parameter), e.g. after freeze() binarised them as a <- [a > threshold].
#pragma once

#include "nn/module.h"

namespace parity::nn {

class GatedReLU : public Module {
 public:
  /// Gates of `unit_shape` (one sample's activation shape, e.g. [C, H, W]), all 1 (every ReLU
  /// active), trainable or frozen.
  explicit GatedReLU(const Shape& unit_shape, bool trainable = true);

  /// x [N, unit_shape...] -> y of the same shape.
  Var forward(const Var& x) override;
  LayerSpec spec() const override;

  const Shape& unit_shape() const { return unit_shape_; }
  bool is_trainable() const { return trainable_; }
  /// A copy of the current gates, shape unit_shape.
  Tensor gates() const;
  /// Overwrites the gates in place (a trainable gate stays the same leaf, so optimisers keep
  /// tracking it); frozen gates must be 0 or 1.
  void set_gates(const Tensor& gates);
  /// Number of gates above `threshold`: active ReLUs (SNL counts a > 1e-2).
  Index relu_count(double threshold = 1e-2) const;
  /// Clamps trainable gates to [0, 1] in place (a no-op for frozen gates).
  void clamp_gates();
  /// Binarises the gates, a <- [a > threshold], and turns them into constants.
  void freeze(double threshold = 1e-2);
  /// Makes the current gates a trainable parameter again.
  void make_trainable();

 private:
  Shape unit_shape_;
  bool trainable_;
  Tensor frozen_;  ///< the gates while frozen
};

}  // namespace parity::nn
