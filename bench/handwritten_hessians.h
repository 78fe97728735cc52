// The reference of bench/hessian_bench: per-sample input Hessians of the binary cross-entropy of a
// tanh MLP written by hand on plain OpenBLAS calls, forward-over-reverse with the K = d unit
// directions. For a network h_0 = x, z_l = h_{l-1} W_l + b_l, h_l = tanh(z_l) (l = 1..L), logit
// z = h_L w + c and loss l = softplus(z) - t z, per sample:
//   reverse           g = sigmoid(z) - t, h_L_bar = g w^T, z_l_bar = D_l h_l_bar, h_{l-1}_bar = z_l_bar W_l^T
//                     with D_l = 1 - h_l^2 = tanh'(z_l);
//   forward tangents  z_1_dot[k] = W_1[k, :] (the seed e_k selects row k), h_l_dot = D_l z_l_dot,
//                     z_{l+1}_dot = h_l_dot W_{l+1}, z_dot = h_L_dot w;
//   reverse tangents  h_L_bar_dot = s(1-s) z_dot w^T,
//                     z_l_bar_dot = D_l h_l_bar_dot + E_l z_l_dot with E_l = tanh''(z_l) h_l_bar
//                     = -2 h_l D_l h_l_bar, h_{l-1}_bar_dot = z_l_bar_dot W_l^T;
// and h_0_bar_dot[k] = H e_k, row k of the symmetric H. Tangents are laid out sample-major,
// [samples, K, width], so every GEMM is one call over all directions of a block of samples and the
// last one writes the Hessians in place. Samples are taken in blocks whose tangents fit in 64 MiB.
#pragma once

#include <vector>

#include "tensor/tensor.h"

namespace bench {

class HandwrittenHessians {
 public:
  /// weights[l] is [in, out] (the last [w, 1]), biases[l] is [out]; buffers for `batch` samples.
  HandwrittenHessians(std::vector<parity::Tensor> weights, std::vector<parity::Tensor> biases, parity::Index batch);

  /// loss [B], gradient [B, d] and hessian [B, d, d] of the samples X [B, d] with labels t [B].
  void operator()(const parity::Tensor& X, const parity::Tensor& t, double* loss, double* gradient, double* hessian);

 private:
  void block(const double* x, const double* t, parity::Index rows, double* loss, double* gradient, double* hessian);

  std::vector<parity::Tensor> weights_;
  std::vector<parity::Tensor> biases_;
  parity::Index block_rows_;
  std::vector<std::vector<double>> h_;    // h_l [rows, w_l], l = 1..L
  std::vector<std::vector<double>> d_;    // D_l
  std::vector<std::vector<double>> e_;    // E_l
  std::vector<std::vector<double>> bar_;  // h_l_bar, l = 0..L
  std::vector<std::vector<double>> z_dot_;  // z_l_dot, l = 2..L, [rows, K, w_l]
  std::vector<double> logit_;
  std::vector<double> curvature_;  // s(1-s)
  std::vector<double> logit_dot_;
  std::vector<double> h_dot_;
  std::vector<double> bar_dot_[2];
};

}  // namespace bench
