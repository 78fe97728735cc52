#include "prune/sparsity.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tensor/check.h"

namespace parity::prune {

const char* scope_name(Scope scope) { return scope == Scope::Global ? "global" : "layer"; }

Scope parse_scope(const std::string& name) {
  if (name == "global") return Scope::Global;
  if (name == "layer") return Scope::PerLayer;
  ::parity::detail::throw_error("parse_scope(): unknown scope '", name, "', expected global or layer");
}

double check_sparsity(double sparsity, const char* caller) {
  PARITY_CHECK(std::isfinite(sparsity) && sparsity >= 0.0 && sparsity < 1.0, caller, ": sparsity ", sparsity,
               " is outside [0, 1) (the fraction of weights removed; density = 1 - sparsity = ",
               1.0 - sparsity, " must lie in (0, 1])");
  return sparsity;
}

std::vector<std::string> prunable_paths(const nn::Module& model) {
  std::vector<std::string> paths;
  for (const auto& [path, p] : model.named_parameters()) {
    if (p.shape().rank() >= 2) paths.push_back(path);
  }
  return paths;
}

Index kept_count(Index n, double sparsity) {
  return static_cast<Index>(std::llround((1.0 - sparsity) * static_cast<double>(n)));
}

namespace {

// Sets out[t][k] = 1 for the `keep` entries of largest |data[t][k]| over all ranges t, ties to the
// lower (t, k).
void keep_largest(const std::vector<const double*>& data, const std::vector<Index>& sizes, Index keep,
                  std::vector<double*>& out) {
  std::vector<std::pair<std::size_t, Index>> entries;
  for (std::size_t t = 0; t < data.size(); ++t) {
    for (Index k = 0; k < sizes[t]; ++k) entries.emplace_back(t, k);
  }
  const auto larger = [&](const auto& a, const auto& b) {
    const double va = std::abs(data[a.first][a.second]);
    const double vb = std::abs(data[b.first][b.second]);
    if (va != vb) return va > vb;
    return a < b;
  };
  std::nth_element(entries.begin(), entries.begin() + keep, entries.end(), larger);
  for (Index i = 0; i < keep; ++i)
    out[entries[static_cast<std::size_t>(i)].first][entries[static_cast<std::size_t>(i)].second] = 1.0;
}

}  // namespace

std::vector<Tensor> top_k_masks(const std::vector<Tensor>& scores, double sparsity, Scope scope) {
  check_sparsity(sparsity, "top_k_masks()");
  PARITY_CHECK(!scores.empty(), "top_k_masks(): no scores");
  std::vector<Tensor> masks;
  std::vector<const double*> data;
  std::vector<double*> out;
  std::vector<Index> sizes;
  for (const Tensor& s : scores) {
    PARITY_CHECK(s.defined(), "top_k_masks(): score ", masks.size(), " is undefined");
    const Index k = first_non_finite(s);
    PARITY_CHECK(k < 0, "top_k_masks(): score ", masks.size(), " holds a non-finite value at flat index ", k);
    masks.emplace_back(s.shape());
    data.push_back(s.data());
    out.push_back(masks.back().data());
    sizes.push_back(s.numel());
  }
  if (scope == Scope::Global) {
    const Index n = std::accumulate(sizes.begin(), sizes.end(), Index{0});
    keep_largest(data, sizes, kept_count(n, sparsity), out);
  } else {
    for (std::size_t t = 0; t < scores.size(); ++t) {
      std::vector<double*> one{out[t]};
      keep_largest({data[t]}, {sizes[t]}, kept_count(sizes[t], sparsity), one);
    }
  }
  return masks;
}

std::vector<Tensor> prunable_values(const nn::Module& model) {
  std::vector<Tensor> values;
  for (const auto& [path, p] : model.named_parameters()) {
    if (p.shape().rank() >= 2) values.push_back(p.value());
  }
  return values;
}

void prune_by_magnitude(nn::Module& model, double sparsity, Scope scope) {
  const std::vector<std::string> paths = prunable_paths(model);
  PARITY_CHECK(!paths.empty(), "prune_by_magnitude(): the model has no prunable weights (rank >= 2)");
  set_masks(model, paths, top_k_masks(prunable_values(model), sparsity, scope));
}

void set_masks(nn::Module& model, const std::vector<std::string>& paths, const std::vector<Tensor>& masks) {
  PARITY_CHECK(paths.size() == masks.size(), "prune::set_masks(): ", masks.size(), " masks for ",
               paths.size(), " prunable parameters");
  for (std::size_t i = 0; i < paths.size(); ++i) model.set_mask(paths[i], masks[i]);
}

Index SparsityCount::total_zeros() const { return std::accumulate(zeros.begin(), zeros.end(), Index{0}); }
Index SparsityCount::total_size() const { return std::accumulate(sizes.begin(), sizes.end(), Index{0}); }
double SparsityCount::sparsity() const {
  return total_size() == 0 ? 0.0 : static_cast<double>(total_zeros()) / static_cast<double>(total_size());
}

SparsityCount count_zeros(const nn::Module& model) {
  SparsityCount count;
  for (const auto& [path, p] : model.named_parameters()) {
    if (p.shape().rank() < 2) continue;
    count.paths.push_back(path);
    count.sizes.push_back(p.value().numel());
    count.zeros.push_back(
        static_cast<Index>(std::count(p.value().data(), p.value().data() + p.value().numel(), 0.0)));
  }
  return count;
}

}  // namespace parity::prune
