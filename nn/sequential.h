// Sequential: modules applied in order, named "0", "1", ...; and the MLP helper.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nn/module.h"
#include "tensor/random.h"

namespace parity::nn {

class Sequential : public Module {
 public:
  Sequential() = default;
  /// Appends a module; returns *this for chaining.
  Sequential& add(std::unique_ptr<Module> module);

  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"Sequential", {}}; }

  std::size_t size() const { return children().size(); }
  Module& operator[](std::size_t i) const;
};

/// Linear layers of the given widths {in, hidden..., out} with `activation` between them
/// (none after the last), e.g. mlp({2, 16, 1}, "tanh", rng).
std::unique_ptr<Sequential> mlp(const std::vector<Index>& widths, const std::string& activation, Rng& rng);

}  // namespace parity::nn
