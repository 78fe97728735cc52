#include "prune/scores.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/elementwise.h"

namespace parity::prune {

Var straight_through_weight(const Var& weight, const Var& scores, const Tensor& mask) {
  PARITY_CHECK(weight.shape() == scores.shape() && weight.shape() == mask.shape(),
               "straight_through_weight(): weight ", weight.shape(), ", scores ", scores.shape(),
               " and mask ", mask.shape(), " must have the same shape");
  Tensor sign(scores.shape());
  const double* s = scores.value().data();
  for (Index k = 0; k < sign.numel(); ++k) sign.data()[k] = s[k] > 0.0 ? 1.0 : (s[k] < 0.0 ? -1.0 : 0.0);
  const Var frozen(scores.value(), false);
  return add(mul_constant(weight, mask), mul(mul_constant(weight, sign), sub(scores, frozen)));
}

void add_implicit_gradient(const std::vector<Var>& scores, const std::vector<Var>& weights, bool paper,
                           double eta2) {
  PARITY_CHECK(scores.size() == weights.size(), "add_implicit_gradient(): ", scores.size(), " scores for ",
               weights.size(), " weights");
  for (std::size_t i = 0; i < scores.size(); ++i) {
    Tensor g_s = scores[i].grad();
    const Tensor& g_w = paper ? weights[i].grad() : g_s;
    PARITY_CHECK(g_s.defined() && g_w.defined(), "add_implicit_gradient(): score ", i,
                 " or its weight has no gradient");
    g_s.add_(g_s * g_w * (-eta2));
  }
}

ScoreMasks::ScoreMasks(nn::Module& model, double sparsity, Scope scope)
    : model_(model),
      sparsity_(check_sparsity(sparsity, "ScoreMasks()")),
      scope_(scope),
      paths_(prunable_paths(model)) {
  PARITY_CHECK(!paths_.empty(), "ScoreMasks(): the model has no prunable weights (rank >= 2)");
  const auto named = model.named_parameters();
  for (const std::string& path : paths_) {
    const Var& w =
        std::find_if(named.begin(), named.end(), [&](const auto& p) { return p.first == path; })->second;
    PARITY_CHECK(w.is_leaf(), "ScoreMasks(): '", path, "' is not a leaf");
    const Tensor& v = w.value();
    double largest = 0.0;
    for (Index k = 0; k < v.numel(); ++k) largest = std::max(largest, std::abs(v.data()[k]));
    const double fan_in = static_cast<double>(v.numel() / v.size(0));
    const double factor =
        scope == Scope::Global ? 1.0 : (largest > 0.0 ? std::sqrt(6.0 / fan_in) / largest : 0.0);
    Tensor s = v.clone();
    for (Index k = 0; k < s.numel(); ++k) s.data()[k] *= factor;
    scores_.emplace_back(std::move(s), true);
    weights_.push_back(w);
  }
}

std::vector<Tensor> ScoreMasks::masks() const {
  std::vector<Tensor> values;
  for (const Var& s : scores_) values.push_back(s.value());
  return top_k_masks(values, sparsity_, scope_);
}

void ScoreMasks::install() {
  const std::vector<Tensor> m = masks();
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    model_.set_parameter(paths_[i], straight_through_weight(weights_[i], scores_[i], m[i]));
  }
}

void ScoreMasks::restore() {
  for (std::size_t i = 0; i < paths_.size(); ++i) model_.set_parameter(paths_[i], weights_[i]);
}

void ScoreMasks::freeze() {
  restore();
  set_masks(model_, paths_, masks());
}

}  // namespace parity::prune
