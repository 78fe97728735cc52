#include "optim/adam.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "tensor/check.h"

namespace parity::optim {

Adam::Adam(std::vector<Var> params, AdamOptions options) : Adam("Adam", std::move(params), options, false) {}

Adam::Adam(std::string name, std::vector<Var> params, const AdamOptions& options, bool decoupled)
    : Optimizer(std::move(name), std::move(params), options.lr), options_(options), decoupled_(decoupled) {
  moments_.resize(parameters().size());
  const std::string caller = this->name() + "()";
  const auto is_beta = [](double b) { return b >= 0.0 && b < 1.0; };
  PARITY_CHECK(is_beta(options.beta1), caller, ": beta1 must be in [0, 1), got ", options.beta1);
  PARITY_CHECK(is_beta(options.beta2), caller, ": beta2 must be in [0, 1), got ", options.beta2);
  PARITY_CHECK(std::isfinite(options.eps) && options.eps > 0.0, caller,
               ": eps must be finite and > 0 (it keeps m / (sqrt(v) + eps) finite where v = 0), got ",
               options.eps);
  PARITY_CHECK(std::isfinite(options.weight_decay) && options.weight_decay >= 0.0, caller,
               ": weight_decay must be finite and >= 0, got ", options.weight_decay);
}

AdamW::AdamW(std::vector<Var> params, AdamWOptions options)
    : Adam("AdamW", std::move(params),
           AdamOptions{.lr = options.lr,
                       .beta1 = options.beta1,
                       .beta2 = options.beta2,
                       .eps = options.eps,
                       .weight_decay = options.weight_decay,
                       .amsgrad = options.amsgrad},
           true) {}

std::int64_t Adam::step_count(std::size_t i) const {
  check_index(i, "step_count");
  return moments_[i].step;
}

const Tensor& Adam::exp_avg(std::size_t i) const {
  check_index(i, "exp_avg");
  return moments_[i].m;
}

const Tensor& Adam::exp_avg_sq(std::size_t i) const {
  check_index(i, "exp_avg_sq");
  return moments_[i].v;
}

const Tensor& Adam::max_exp_avg_sq(std::size_t i) const {
  check_index(i, "max_exp_avg_sq");
  return moments_[i].v_max;
}

std::vector<Tensor*> Adam::state(std::size_t i) {
  Moments& s = moments_[i];
  std::vector<Tensor*> tensors;
  for (Tensor* t : {&s.m, &s.v, &s.v_max}) {
    if (t->defined()) tensors.push_back(t);
  }
  return tensors;
}

void Adam::update(std::size_t i, Tensor& value, const Tensor& grad) {
  Moments& s = moments_[i];
  if (s.step == 0) {
    s.m = Tensor(value.shape());
    s.v = Tensor(value.shape());
    if (options_.amsgrad) s.v_max = Tensor(value.shape());
  }
  ++s.step;
  const double lr = learning_rate();
  const double b1 = options_.beta1;
  const double b2 = options_.beta2;
  const double lambda = options_.weight_decay;
  const double t = static_cast<double>(s.step);
  const double step_size = lr / (1.0 - std::pow(b1, t));
  const double sqrt_correction2 = std::sqrt(1.0 - std::pow(b2, t));
  const double decay = 1.0 - lr * lambda;
  double* p = value.data();
  const double* grad_data = grad.data();
  double* m = s.m.data();
  double* v = s.v.data();
  double* v_max = s.v_max.data();
  for (Index k = 0; k < value.numel(); ++k) {
    double g = grad_data[k];
    if (decoupled_) {
      p[k] *= decay;
    } else if (lambda != 0.0) {
      g += lambda * p[k];
    }
    m[k] = b1 * m[k] + (1.0 - b1) * g;
    v[k] = b2 * v[k] + (1.0 - b2) * g * g;
    double v_used = v[k];
    if (options_.amsgrad) v_used = v_max[k] = std::max(v_max[k], v[k]);
    p[k] -= step_size * m[k] / (std::sqrt(v_used) / sqrt_correction2 + options_.eps);
  }
}

}  // namespace parity::optim
