#include "optim/sgd.h"

#include <cmath>
#include <utility>

#include "tensor/check.h"

namespace parity::optim {

SGD::SGD(std::vector<Var> params, SGDOptions options)
    : Optimizer("SGD", std::move(params), options.lr), options_(options) {
  buffers_.resize(parameters().size());
  const double mu = options.momentum;
  const double lambda = options.weight_decay;
  PARITY_CHECK(std::isfinite(mu) && mu >= 0.0, "SGD(): momentum must be finite and >= 0, got ", mu);
  PARITY_CHECK(std::isfinite(options.dampening), "SGD(): dampening must be finite, got ", options.dampening);
  PARITY_CHECK(std::isfinite(lambda) && lambda >= 0.0, "SGD(): weight_decay must be finite and >= 0, got ",
               lambda);
  PARITY_CHECK(!options.nesterov || (mu > 0.0 && options.dampening == 0.0),
               "SGD(): nesterov needs momentum > 0 and dampening = 0, got momentum ", mu, " and dampening ",
               options.dampening);
}

const Tensor& SGD::momentum_buffer(std::size_t i) const {
  check_index(i, "momentum_buffer");
  return buffers_[i];
}

std::vector<Tensor*> SGD::state(std::size_t i) {
  if (!buffers_[i].defined()) return {};
  return {&buffers_[i]};
}

void SGD::update(std::size_t i, Tensor& value, const Tensor& grad) {
  const double lr = learning_rate();
  const double mu = options_.momentum;
  const double lambda = options_.weight_decay;
  Tensor& buffer = buffers_[i];
  const bool first = !buffer.defined();
  if (mu != 0.0 && first) buffer = Tensor::empty(value.shape());
  double* p = value.data();
  const double* g = grad.data();
  double* b = buffer.data();
  for (Index k = 0; k < value.numel(); ++k) {
    double d = g[k];
    if (lambda != 0.0) d += lambda * p[k];
    if (mu != 0.0) {
      b[k] = first ? d : mu * b[k] + (1.0 - options_.dampening) * d;
      d = options_.nesterov ? d + mu * b[k] : b[k];
    }
    p[k] -= lr * d;
  }
}

}  // namespace parity::optim
