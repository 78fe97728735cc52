// Conv2d(in_channels, out_channels, kernel_size): y = conv2d(x, W, stride, padding) + b for
// x [N, C, H, W], with W [O, C, k, k] and b [O] broadcast over y [N, O, Ho, Wo]. Initialised
// like PyTorch: W and b uniform in +-1/sqrt(fan_in), fan_in = C k^2.
#pragma once

#include "nn/module.h"
#include "tensor/random.h"

namespace parity::nn {

class Conv2d : public Module {
 public:
  Conv2d(Index in_channels, Index out_channels, Index kernel_size, Rng& rng, Index stride = 1,
         Index padding = 0, bool bias = true);

  Var forward(const Var& x) override;
  LayerSpec spec() const override;

  Index in_channels() const { return in_; }
  Index out_channels() const { return out_; }
  Index kernel_size() const { return kernel_; }
  Index stride() const { return stride_; }
  Index padding() const { return padding_; }
  const Var& weight() const { return parameter(0); }
  bool has_bias() const { return has_bias_; }
  /// Requires has_bias().
  const Var& bias() const;

 private:
  Index in_;
  Index out_;
  Index kernel_;
  Index stride_;
  Index padding_;
  bool has_bias_;
};

}  // namespace parity::nn
