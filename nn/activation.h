// Activation layers (pointwise; no parameters) and the names that select them.
#pragma once

#include <memory>
#include <string>

#include "nn/module.h"

namespace parity::nn {

class ReLU : public Module {
 public:
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"ReLU", {}}; }
};

/// x for x > 0, slope * x otherwise.
class LeakyReLU : public Module {
 public:
  explicit LeakyReLU(double slope = 0.01) : slope_(slope) {}
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"LeakyReLU", {{"slope", slope_}}}; }

 private:
  double slope_;
};

class Tanh : public Module {
 public:
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"Tanh", {}}; }
};

class Sigmoid : public Module {
 public:
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"Sigmoid", {}}; }
};

class Softplus : public Module {
 public:
  Var forward(const Var& x) override;
  LayerSpec spec() const override { return {"Softplus", {}}; }
};

class Identity : public Module {
 public:
  Var forward(const Var& x) override { return x; }
  LayerSpec spec() const override { return {"Identity", {}}; }
};

/// The activation named `name` (relu, leaky_relu, tanh, sigmoid, softplus, identity; case
/// insensitive); throws listing the known names otherwise.
std::unique_ptr<Module> make_activation(const std::string& name);

}  // namespace parity::nn
