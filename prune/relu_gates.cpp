#include "prune/relu_gates.h"

#include <algorithm>
#include <numeric>

#include "autograd/functional.h"
#include "nn/linear.h"
#include "tensor/check.h"
#include "tensor/creation.h"

namespace parity::prune {

namespace {

template <class ModuleT, class GateT>
void collect(ModuleT& module, std::vector<GateT*>& out) {
  if (auto* gated = dynamic_cast<GateT*>(&module)) out.push_back(gated);
  for (const auto& [name, child] : module.children()) collect<ModuleT, GateT>(*child, out);
}

}  // namespace

std::vector<nn::GatedReLU*> gated_relus(nn::Module& model) {
  std::vector<nn::GatedReLU*> out;
  collect<nn::Module, nn::GatedReLU>(model, out);
  return out;
}

std::vector<const nn::GatedReLU*> gated_relus(const nn::Module& model) {
  std::vector<const nn::GatedReLU*> out;
  collect<const nn::Module, const nn::GatedReLU>(model, out);
  return out;
}

Index relu_locations(const nn::Module& model) {
  Index total = 0;
  for (const nn::GatedReLU* g : gated_relus(model)) total += g->unit_shape().numel();
  PARITY_CHECK(total > 0, "relu_locations(): the model has no GatedReLU layer, so no ReLU to linearise");
  return total;
}

Index relu_count(const nn::Module& model, double threshold) {
  relu_locations(model);
  Index count = 0;
  for (const nn::GatedReLU* g : gated_relus(model)) count += g->relu_count(threshold);
  return count;
}

Var gate_l1(const nn::Module& model) {
  Var total(Tensor::scalar(0.0));
  for (const nn::GatedReLU* g : gated_relus(model)) {
    for (const Var& a : g->parameters()) total = total + sum(relu(a) + relu(-a));
  }
  return total;
}

void make_gates_trainable(nn::Module& model) {
  relu_locations(model);
  for (nn::GatedReLU* g : gated_relus(model)) g->make_trainable();
}

void binarise_to_budget(nn::Module& model, Index budget) {
  const Index total = relu_locations(model);
  PARITY_CHECK(budget >= 0 && budget <= total, "binarise_to_budget(): budget must be in [0, ", total,
               "] (the model's ReLU locations), got ", budget);
  const std::vector<nn::GatedReLU*> layers = gated_relus(model);
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(total));
  for (const nn::GatedReLU* g : layers) {
    const Tensor a = g->gates();
    values.insert(values.end(), a.begin(), a.end());
  }
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] > values[j]; });
  std::vector<double> keep(values.size(), 0.0);
  for (Index k = 0; k < budget; ++k) keep[order[static_cast<std::size_t>(k)]] = 1.0;
  std::size_t offset = 0;
  for (nn::GatedReLU* g : layers) {
    const auto n = static_cast<std::size_t>(g->unit_shape().numel());
    g->freeze();
    g->set_gates(Tensor(g->unit_shape(), std::vector<double>(keep.begin() + static_cast<std::ptrdiff_t>(offset),
                                                             keep.begin() + static_cast<std::ptrdiff_t>(offset + n))));
    offset += n;
  }
}

void cull_last_layers(nn::Module& model, Index k) {
  relu_locations(model);
  const std::vector<nn::GatedReLU*> layers = gated_relus(model);
  const auto count = static_cast<Index>(layers.size());
  PARITY_CHECK(k >= 0 && k <= count, "cull_last_layers(): k must be in [0, ", count,
               "] (the model's GatedReLU layers), got ", k);
  for (Index l = 0; l < count; ++l) {
    nn::GatedReLU* g = layers[static_cast<std::size_t>(l)];
    g->freeze();
    g->set_gates(l < count - k ? ones(g->unit_shape()) : zeros(g->unit_shape()));
  }
}

Index cull_count(const nn::Module& model, Index k) {
  relu_locations(model);
  const std::vector<const nn::GatedReLU*> layers = gated_relus(model);
  const auto count = static_cast<Index>(layers.size());
  PARITY_CHECK(k >= 0 && k <= count, "cull_count(): k must be in [0, ", count,
               "] (the model's GatedReLU layers), got ", k);
  Index kept = 0;
  for (Index l = 0; l < count - k; ++l) kept += layers[static_cast<std::size_t>(l)]->unit_shape().numel();
  return kept;
}

std::unique_ptr<nn::Sequential> gated_mlp(const std::vector<Index>& widths, Rng& rng) {
  PARITY_CHECK(widths.size() >= 2, "gated_mlp(): need at least input and output widths, got ", widths.size(),
               " widths");
  auto model = std::make_unique<nn::Sequential>();
  for (std::size_t i = 0; i + 1 < widths.size(); ++i) {
    model->add(std::make_unique<nn::Linear>(widths[i], widths[i + 1], rng));
    if (i + 2 < widths.size()) model->add(std::make_unique<nn::GatedReLU>(Shape{widths[i + 1]}, false));
  }
  return model;
}

}  // namespace parity::prune
