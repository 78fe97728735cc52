#include "torch_hessians.h"

#include <torch/torch.h>

#include <algorithm>

namespace bench {

namespace {

torch::Tensor to_torch(const parity::Tensor& t) {
  std::vector<int64_t> sizes(t.shape().begin(), t.shape().end());
  return torch::from_blob(const_cast<double*>(t.data()), sizes, torch::kFloat64).clone();
}

}  // namespace

struct TorchHessians::State {
  std::vector<torch::Tensor> weights;  // [in, out]
  std::vector<torch::Tensor> biases;
  torch::Tensor X;       // [B, d]
  torch::Tensor labels;  // [B, 1]

  // Per-sample losses [rows] of rows of x with their labels.
  torch::Tensor losses(const torch::Tensor& x, const torch::Tensor& t) const {
    torch::Tensor h = x;
    for (std::size_t l = 0; l + 1 < weights.size(); ++l) h = torch::tanh(torch::addmm(biases[l], h, weights[l]));
    const torch::Tensor logits = torch::addmm(biases.back(), h, weights.back());
    return torch::binary_cross_entropy_with_logits(logits, t, {}, {}, at::Reduction::None).reshape({-1});
  }

  // Hessians [rows, d, d] of the rows x of X, by d backward passes through the gradient.
  torch::Tensor hessians(const torch::Tensor& rows, const torch::Tensor& t) const {
    const torch::Tensor x = rows.detach().requires_grad_(true);
    const torch::Tensor g = torch::autograd::grad({losses(x, t).sum()}, {x}, {}, true, true)[0];
    const int64_t d = x.size(1);
    std::vector<torch::Tensor> columns;
    for (int64_t k = 0; k < d; ++k) {
      columns.push_back(torch::autograd::grad({g.select(1, k).sum()}, {x}, {}, true, false)[0]);
    }
    return torch::stack(columns, 1);  // [rows, k, :] = H_i e_k
  }
};

TorchHessians::TorchHessians(const std::vector<parity::Tensor>& weights, const std::vector<parity::Tensor>& biases,
                             const parity::Tensor& X, const parity::Tensor& labels)
    : state_(std::make_unique<State>()) {
  torch::set_num_threads(1);
  for (const parity::Tensor& w : weights) state_->weights.push_back(to_torch(w));
  for (const parity::Tensor& b : biases) state_->biases.push_back(to_torch(b));
  state_->X = to_torch(X);
  state_->labels = to_torch(labels);
}

TorchHessians::~TorchHessians() = default;

void TorchHessians::batched(double* hessian) const {
  const torch::Tensor h = state_->hessians(state_->X, state_->labels).contiguous();
  std::copy_n(h.data_ptr<double>(), h.numel(), hessian);
}

void TorchHessians::per_sample(double* hessian) const {
  const int64_t batch = state_->X.size(0);
  const int64_t d = state_->X.size(1);
  for (int64_t i = 0; i < batch; ++i) {
    const torch::Tensor h =
        state_->hessians(state_->X.narrow(0, i, 1), state_->labels.narrow(0, i, 1)).contiguous();
    std::copy_n(h.data_ptr<double>(), d * d, hessian + i * d * d);
  }
}

}  // namespace bench
