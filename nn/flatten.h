// Flatten: [N, d1, d2, ...] -> [N, d1 * d2 * ...] (PyTorch's nn.Flatten with start_dim = 1),
// the bridge from convolutional feature maps to Linear layers.
#pragma once

#include "nn/module.h"

namespace parity::nn {

class Flatten : public Module {
 public:
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"Flatten", {}}; }
};

}  // namespace parity::nn
