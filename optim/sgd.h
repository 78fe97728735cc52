// SGD with momentum, dampening, Nesterov momentum and L2 weight decay, by PyTorch's rule. With
// gradient g of parameter p, momentum mu, dampening tau, weight decay lambda and learning rate lr:
//   d = g + lambda p;   b = d on the first step, else b = mu b + (1 - tau) d   (when mu != 0);
//   d = d + mu b (Nesterov) or d = b;   p = p - lr d.
// Reference: Sutskever et al. (2013), in the form torch.optim.SGD uses.
#pragma once

#include "optim/optimizer.h"

namespace parity::optim {

struct SGDOptions {
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
};

class SGD : public Optimizer {
 public:
  /// @throws parity::Error for lr, momentum or weight_decay negative or not finite, a dampening
  /// that is not finite, or Nesterov without momentum or with dampening.
  explicit SGD(std::vector<Var> params, SGDOptions options = {});

  const SGDOptions& options() const { return options_; }
  /// The momentum buffer b of parameter i: undefined before its first step or without momentum.
  const Tensor& momentum_buffer(std::size_t i) const;

 protected:
  void update(std::size_t i, Tensor& value, const Tensor& grad) override;
  std::vector<Tensor*> state(std::size_t i) override;

 private:
  SGDOptions options_;
  std::vector<Tensor> buffers_;
};

}  // namespace parity::optim
