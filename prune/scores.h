// Score-based masks (edge-popup, HYDRA, BiP): every prunable weight W has a score tensor S of its
// shape; the mask M = TopK(|S|) (prune/sparsity.h) and the layer uses W (.) M. The top-k has no
// useful derivative, so the backward pass treats it as the identity on |S| (straight-through):
//   dL/dS = dL/d(W (.) M) (.) W (.) sign(S),     dL/dW = dL/d(W (.) M) (.) M.
// Forward value and both gradients come from one expression,
//   W_eff = W (.) M + (W (.) sign(S)) (.) (S - stop(S)),
// whose second term is exactly zero in value. Scores start from the weights, so that the first
// mask is the magnitude mask of the same scope: per layer at HYDRA's scaled initialisation
// S = sqrt(6 / fan_in) W / max|W| (fan_in = entries per output row); globally at S = W, since
// per-layer factors would reorder the pooled ranking (a first layer with few inputs gets the
// largest factor and would take nearly the whole budget at high sparsity, leaving the later
// layers almost empty).
#pragma once

#include <string>
#include <vector>

#include "nn/module.h"
#include "prune/sparsity.h"

namespace parity::prune {

/// The straight-through effective weight W (.) mask with the gradients above.
/// @throws parity::Error unless the three have the same shape.
Var straight_through_weight(const Var& weight, const Var& scores, const Tensor& mask);

/// BiP's implicit-gradient term added to the score gradients already in scores[i].grad():
/// paper  g_S <- g_S - eta2 g_S (.) g_W  (g_W = weights[i].grad());  bip-code  g_S <- g_S - eta2 g_S (.) g_S.
/// `paper` selects the first form. @throws parity::Error when a gradient is missing.
void add_implicit_gradient(const std::vector<Var>& scores, const std::vector<Var>& weights, bool paper,
                           double eta2);

class ScoreMasks {
 public:
  /// Scores for every prunable weight of `model` (which must outlive this object), initialised
  /// from the weights as above. @throws parity::Error for a bad sparsity or a model without prunable weights.
  ScoreMasks(nn::Module& model, double sparsity, Scope scope);

  const std::vector<std::string>& paths() const { return paths_; }
  /// The score leaves (require grad), aligned with paths().
  const std::vector<Var>& scores() const { return scores_; }
  /// The weight leaves of the model, aligned with paths().
  const std::vector<Var>& weights() const { return weights_; }
  /// TopK(|S|) of the current scores.
  std::vector<Tensor> masks() const;

  /// Puts the straight-through effective weights into the model (a forward pass then trains
  /// scores and weights); restore() puts the weight leaves back. The mask is taken now.
  void install();
  void restore();
  /// restore(), then masks the model's weights with masks() (nn::Module::set_mask).
  void freeze();

 private:
  nn::Module& model_;
  double sparsity_;
  Scope scope_;
  std::vector<std::string> paths_;
  std::vector<Var> scores_;
  std::vector<Var> weights_;
};

}  // namespace parity::prune
