// Which parameters are pruned and how a keep-set is chosen. `sparsity` is the fraction of the
// prunable weights removed, `density` = 1 - sparsity the fraction kept; both in [0, 1) and (0, 1].
// The prunable parameters are the weights of rank >= 2 (Linear and Conv2d weights); biases and
// other vectors are never pruned. A mask keeps the k = round(density * N) entries of largest
// score |x| among N (globally: all prunable weights pooled; per layer: N and k of each weight),
// ties broken towards the lower index (global order: the parameters in registration order, each
// row-major), so the same scores give the same mask on every platform.
#pragma once

#include <string>
#include <vector>

#include "nn/module.h"

namespace parity::prune {

enum class Scope { Global, PerLayer };

/// "global" or "layer".
const char* scope_name(Scope scope);
/// @throws parity::Error naming the expected names.
Scope parse_scope(const std::string& name);

/// Returns `sparsity` when it lies in [0, 1); else throws parity::Error naming `caller`, the
/// value, the range and the density 1 - sparsity it implies.
double check_sparsity(double sparsity, const char* caller);

/// The dotted paths of the prunable parameters of `model` (rank >= 2), in registration order.
std::vector<std::string> prunable_paths(const nn::Module& model);

/// The number of entries kept at `sparsity` among n: round((1 - sparsity) n).
Index kept_count(Index n, double sparsity);

/// 0/1 masks of the shapes of `scores` keeping the largest |score| entries (see above).
/// @throws parity::Error for a bad sparsity or no scores.
std::vector<Tensor> top_k_masks(const std::vector<Tensor>& scores, double sparsity, Scope scope);

/// The values of the prunable parameters of `model` (aligned with prunable_paths()).
std::vector<Tensor> prunable_values(const nn::Module& model);

/// Masks every prunable parameter of `model` by magnitude: top_k_masks(|W|, sparsity, scope).
void prune_by_magnitude(nn::Module& model, double sparsity, Scope scope);

/// Sets the mask of prunable parameter paths[i] to masks[i] (nn::Module::set_mask).
/// @throws parity::Error naming the path for a count or shape mismatch.
void set_masks(nn::Module& model, const std::vector<std::string>& paths, const std::vector<Tensor>& masks);

/// Zeros among the prunable weights: per path and in total.
struct SparsityCount {
  std::vector<std::string> paths;
  std::vector<Index> zeros;  ///< exact zeros of each prunable weight's value
  std::vector<Index> sizes;  ///< entries of each prunable weight
  Index total_zeros() const;
  Index total_size() const;
  /// total_zeros / total_size.
  double sparsity() const;
};
SparsityCount count_zeros(const nn::Module& model);

}  // namespace parity::prune
