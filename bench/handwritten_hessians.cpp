#include "handwritten_hessians.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

namespace bench {

using parity::Index;
using parity::Tensor;

namespace {

constexpr Index kTangentDoubles = Index{64} << 17;  // 64 MiB

// C [m, n] = A [m, k] B [k, n], or A B^T with B [n, k] when `b_transposed`.
void gemm(Index m, Index n, Index k, const double* a, const double* b, bool b_transposed, double* c) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, b_transposed ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), 1.0, a, static_cast<int>(k), b,
              static_cast<int>(b_transposed ? k : n), 0.0, c, static_cast<int>(n));
}

}  // namespace

HandwrittenHessians::HandwrittenHessians(std::vector<Tensor> weights, std::vector<Tensor> biases, Index batch)
    : weights_(std::move(weights)), biases_(std::move(biases)) {
  const Index d = weights_.front().size(0);
  Index widest = d;
  for (const Tensor& w : weights_) widest = std::max(widest, w.size(1));
  block_rows_ = std::clamp<Index>(kTangentDoubles / (d * widest), 1, batch);
  const auto rows = static_cast<std::size_t>(block_rows_);
  const std::size_t hidden = weights_.size() - 1;
  bar_.emplace_back(rows * static_cast<std::size_t>(d));
  for (std::size_t l = 0; l < hidden; ++l) {
    const auto w = static_cast<std::size_t>(weights_[l].size(1));
    h_.emplace_back(rows * w);
    d_.emplace_back(rows * w);
    e_.emplace_back(rows * w);
    bar_.emplace_back(rows * w);
    if (l > 0) z_dot_.emplace_back(rows * static_cast<std::size_t>(d) * w);
  }
  logit_.resize(rows);
  curvature_.resize(rows);
  logit_dot_.resize(rows * static_cast<std::size_t>(d));
  const auto tangent = rows * static_cast<std::size_t>(d * widest);
  h_dot_.resize(tangent);
  bar_dot_[0].resize(tangent);
  bar_dot_[1].resize(tangent);
}

void HandwrittenHessians::operator()(const Tensor& X, const Tensor& t, double* loss, double* gradient,
                                     double* hessian) {
  const Index batch = X.size(0);
  const Index d = X.size(1);
  for (Index r = 0; r < batch; r += block_rows_) {
    const Index rows = std::min(block_rows_, batch - r);
    block(X.data() + r * d, t.data() + r, rows, loss + r, gradient + r * d, hessian + r * d * d);
  }
}

void HandwrittenHessians::block(const double* x, const double* t, Index rows, double* loss, double* gradient,
                                double* hessian) {
  const std::size_t hidden = weights_.size() - 1;
  const Index d = weights_.front().size(0);
  const Index kr = rows * d;  // rows of the tangents [rows, K, w]
  const auto width = [&](std::size_t l) { return weights_[l].size(1); };

  // Values: h_l = tanh(h_{l-1} W_l + b_l), D_l = 1 - h_l^2; logit = h_L w + c.
  const double* in = x;
  for (std::size_t l = 0; l < hidden; ++l) {
    const Index w = width(l);
    double* h = h_[l].data();
    gemm(rows, w, weights_[l].size(0), in, weights_[l].data(), false, h);
    const double* b = biases_[l].data();
    for (Index i = 0; i < rows; ++i) {
      for (Index j = 0; j < w; ++j) {
        const double a = std::tanh(h[i * w + j] + b[j]);
        h[i * w + j] = a;
        d_[l][static_cast<std::size_t>(i * w + j)] = 1.0 - a * a;
      }
    }
    in = h;
  }
  const Index last = width(hidden - 1);
  const double* w_out = weights_.back().data();
  cblas_dgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(rows), static_cast<int>(last), 1.0, in,
              static_cast<int>(last), w_out, 1, 0.0, logit_.data(), 1);

  // Loss, l' = s - t and l'' = s(1-s); h_L_bar = l' w^T.
  double* bar_last = bar_[hidden].data();
  for (Index i = 0; i < rows; ++i) {
    const double z = logit_[static_cast<std::size_t>(i)] + biases_.back().data()[0];
    const double s = 1.0 / (1.0 + std::exp(-z));
    loss[i] = std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - t[i] * z;
    curvature_[static_cast<std::size_t>(i)] = s * (1.0 - s);
    for (Index j = 0; j < last; ++j) bar_last[i * last + j] = (s - t[i]) * w_out[j];
  }

  // Reverse: z_l_bar = D_l h_l_bar (in place), E_l = -2 h_l D_l h_l_bar, h_{l-1}_bar = z_l_bar W_l^T.
  for (std::size_t l = hidden; l-- > 0;) {
    const auto n = static_cast<std::size_t>(rows * width(l));
    double* bar = bar_[l + 1].data();
    for (std::size_t q = 0; q < n; ++q) {
      e_[l][q] = -2.0 * h_[l][q] * d_[l][q] * bar[q];
      bar[q] *= d_[l][q];
    }
    gemm(rows, weights_[l].size(0), width(l), bar, weights_[l].data(), true, l == 0 ? gradient : bar_[l].data());
  }

  // Forward tangents: h_1_dot[i, k, :] = D_1[i, :] W_1[k, :]; z_l_dot = h_{l-1}_dot W_l, h_l_dot = D_l z_l_dot.
  const Index w1 = width(0);
  const double* W1 = weights_[0].data();
  for (Index i = 0; i < rows; ++i) {
    const double* di = d_[0].data() + i * w1;
    for (Index k = 0; k < d; ++k) {
      double* out = h_dot_.data() + (i * d + k) * w1;
      for (Index j = 0; j < w1; ++j) out[j] = di[j] * W1[k * w1 + j];
    }
  }
  for (std::size_t l = 1; l < hidden; ++l) {
    const Index w = width(l);
    double* z_dot = z_dot_[l - 1].data();
    gemm(kr, w, width(l - 1), h_dot_.data(), weights_[l].data(), false, z_dot);
    for (Index i = 0; i < rows; ++i) {
      const double* di = d_[l].data() + i * w;
      for (Index k = 0; k < d; ++k) {
        const double* src = z_dot + (i * d + k) * w;
        double* out = h_dot_.data() + (i * d + k) * w;
        for (Index j = 0; j < w; ++j) out[j] = di[j] * src[j];
      }
    }
  }
  cblas_dgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(kr), static_cast<int>(last), 1.0, h_dot_.data(),
              static_cast<int>(last), w_out, 1, 0.0, logit_dot_.data(), 1);

  // Reverse tangents: h_L_bar_dot = s(1-s) z_dot w^T; z_l_bar_dot = D_l h_l_bar_dot + E_l z_l_dot (in
  // place); h_{l-1}_bar_dot = z_l_bar_dot W_l^T, for l = 1 straight into the Hessians.
  double* bar_dot = bar_dot_[0].data();
  double* next = bar_dot_[1].data();
  for (Index i = 0; i < rows; ++i) {
    for (Index k = 0; k < d; ++k) {
      const double scale = curvature_[static_cast<std::size_t>(i)] * logit_dot_[static_cast<std::size_t>(i * d + k)];
      double* out = bar_dot + (i * d + k) * last;
      for (Index j = 0; j < last; ++j) out[j] = scale * w_out[j];
    }
  }
  for (std::size_t l = hidden; l-- > 0;) {
    const Index w = width(l);
    for (Index i = 0; i < rows; ++i) {
      const double* di = d_[l].data() + i * w;
      const double* ei = e_[l].data() + i * w;
      for (Index k = 0; k < d; ++k) {
        // z_1_dot[i, k, :] is row k of W_1.
        const double* z_dot = l == 0 ? W1 + k * w1 : z_dot_[l - 1].data() + (i * d + k) * w;
        double* out = bar_dot + (i * d + k) * w;
        for (Index j = 0; j < w; ++j) out[j] = di[j] * out[j] + ei[j] * z_dot[j];
      }
    }
    gemm(kr, weights_[l].size(0), w, bar_dot, weights_[l].data(), true, l == 0 ? hessian : next);
    std::swap(bar_dot, next);
  }
}

}  // namespace bench
