// Linear(in, out): y = x W^T + b with W [out, in] and b [out], for x [..., in] -> [..., out].
// Initialised like PyTorch: W and b uniform in +-1/sqrt(in).
#pragma once

#include "nn/module.h"
#include "tensor/random.h"

namespace parity::nn {

class Linear : public Module {
 public:
  Linear(Index in_features, Index out_features, Rng& rng, bool bias = true);

  Var forward(const Var& x) override;
  LayerSpec spec() const override;

  Index in_features() const { return in_; }
  Index out_features() const { return out_; }
  const Var& weight() const { return parameter(0); }
  bool has_bias() const { return has_bias_; }
  /// Requires has_bias().
  const Var& bias() const;

 private:
  Index in_;
  Index out_;
  bool has_bias_;
};

}  // namespace parity::nn
