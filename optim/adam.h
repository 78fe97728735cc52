// Adam and AdamW with bias correction and optional AMSGrad, by PyTorch's rule. With gradient g of
// parameter p at its t-th step (t = 1, 2, ...), betas b1, b2, weight decay lambda, learning rate lr:
//   g = g + lambda p (Adam: L2 in the gradient)   or   p = p (1 - lr lambda) (AdamW: decoupled);
//   m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2;   (AMSGrad: v_max = max(v_max, v), used for v)
//   p = p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
// Papers: Kingma & Ba (2015); Loshchilov & Hutter (2019) for AdamW; Reddi et al. (2018) for AMSGrad.
#pragma once

#include <cstdint>

#include "optim/optimizer.h"

namespace parity::optim {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
};

/// AdamW's options: Adam's, with PyTorch's default decoupled weight decay 1e-2.
struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;
  bool amsgrad = false;
};

class Adam : public Optimizer {
 public:
  /// @throws parity::Error for lr or weight_decay negative or not finite, betas outside [0, 1), or
  /// eps not positive and finite (eps > 0 keeps m / (sqrt(v) + eps) finite where v = 0).
  explicit Adam(std::vector<Var> params, AdamOptions options = {});

  const AdamOptions& options() const { return options_; }
  /// The number of steps parameter i has taken (t above).
  std::int64_t step_count(std::size_t i) const;
  /// First moment m, second moment v and (AMSGrad) v_max of parameter i; undefined before its
  /// first step (v_max also without AMSGrad).
  const Tensor& exp_avg(std::size_t i) const;
  const Tensor& exp_avg_sq(std::size_t i) const;
  const Tensor& max_exp_avg_sq(std::size_t i) const;

 protected:
  /// `decoupled` selects AdamW's weight decay; `name` prefixes error messages.
  Adam(std::string name, std::vector<Var> params, const AdamOptions& options, bool decoupled);

  void update(std::size_t i, Tensor& value, const Tensor& grad) override;
  std::vector<Tensor*> state(std::size_t i) override;

 private:
  struct Moments {
    std::int64_t step = 0;
    Tensor m;
    Tensor v;
    Tensor v_max;
  };

  AdamOptions options_;
  bool decoupled_;
  std::vector<Moments> moments_;
};

class AdamW : public Adam {
 public:
  /// @throws parity::Error under the same conditions as Adam.
  explicit AdamW(std::vector<Var> params, AdamWOptions options = {});
};

}  // namespace parity::optim
