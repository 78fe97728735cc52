#include "nn/sequential.h"

#include "nn/activation.h"
#include "nn/linear.h"
#include "tensor/check.h"

namespace parity::nn {

Sequential& Sequential::add(std::unique_ptr<Module> module) {
  register_module(std::to_string(size()), std::move(module));
  return *this;
}

Var Sequential::forward(const Var& x) {
  Var h = x;
  for (const auto& [name, child] : children()) h = child->forward(h);
  return h;
}

Module& Sequential::operator[](std::size_t i) const {
  PARITY_CHECK(i < size(), "Sequential::operator[](): index ", i, " out of range for ", size(), " modules");
  return *children()[i].second;
}

std::unique_ptr<Sequential> mlp(const std::vector<Index>& widths, const std::string& activation, Rng& rng) {
  PARITY_CHECK(widths.size() >= 2, "mlp(): need at least input and output widths, got ", widths.size(), " widths");
  make_activation(activation);  // an unknown name is an error even when no hidden layer uses it
  auto model = std::make_unique<Sequential>();
  for (std::size_t i = 0; i + 1 < widths.size(); ++i) {
    model->add(std::make_unique<Linear>(widths[i], widths[i + 1], rng));
    if (i + 2 < widths.size()) model->add(make_activation(activation));
  }
  return model;
}

}  // namespace parity::nn
