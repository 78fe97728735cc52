// The libtorch comparator of hessian_bench (built when CMake finds Torch): per-sample input
// Hessians of the same tanh MLP and binary cross-entropy by libtorch's double backward, in
// double precision on one thread. Two ways, of which the benchmark times the faster:
//   batched      g = d(sum_i l_i)/dX with create_graph, then for each direction k
//                H[:, k, :] = d(sum_i g[i, k])/dX (d backward passes over the whole batch);
//   per-sample   the same for each sample alone (B d backward passes).
#pragma once

#include <memory>
#include <vector>

#include "tensor/tensor.h"

namespace bench {

class TorchHessians {
 public:
  TorchHessians(const std::vector<parity::Tensor>& weights, const std::vector<parity::Tensor>& biases,
                const parity::Tensor& X, const parity::Tensor& labels);
  ~TorchHessians();
  /// Hessians [B, d, d] into `hessian`, batched or per sample.
  void batched(double* hessian) const;
  void per_sample(double* hessian) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bench
