// Module: the base of layers and models, with PyTorch's names and shapes. A module owns named
// parameters (leaf Vars that require grad) and named child modules; parameters() walks them in
// registration order with dotted paths ("0.weight", "0.bias", ...).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "autograd/var.h"

namespace parity::nn {

/// A layer's description for model.json: its type name and scalar attributes.
struct LayerSpec {
  std::string type;
  std::map<std::string, std::variant<Index, double, bool, std::string>> attributes;
};

class Module {
 public:
  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  virtual ~Module() = default;

  virtual Var forward(const Var& x) = 0;
  Var operator()(const Var& x) { return forward(x); }
  /// The type name and attributes that rebuild this module (see serialize.h).
  virtual LayerSpec spec() const = 0;

  /// All parameters, recursively, in registration order.
  std::vector<Var> parameters() const;
  /// All parameters with their dotted paths.
  std::vector<std::pair<std::string, Var>> named_parameters() const;
  /// Direct children with their names.
  const std::vector<std::pair<std::string, std::unique_ptr<Module>>>& children() const { return children_; }

  /// Replaces the parameter at dotted `path` by `value` (same shape), e.g. to evaluate the
  /// module at other parameters or to differentiate with respect to fresh leaves.
  void set_parameter(const std::string& path, const Var& value);

  /// Training mode (default) or evaluation mode, for this module and its children.
  void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }
  /// Resets the gradients of all parameters.
  void zero_grad();

 protected:
  /// Adds a parameter (a leaf that requires grad) named `name`; returns its index for
  /// parameter(), through which layers read it (so set_parameter() takes effect).
  std::size_t register_parameter(std::string name, Tensor value);
  const Var& parameter(std::size_t index) const { return parameters_[index].second; }
  /// Removes the parameter `name` (e.g. a trained gate frozen into a constant); the indices
  /// of parameters registered after it shift down by one.
  void remove_parameter(const std::string& name);
  Module& register_module(std::string name, std::unique_ptr<Module> child);

 private:
  void collect(const std::string& prefix, std::vector<std::pair<std::string, Var>>& out) const;

  std::vector<std::pair<std::string, Var>> parameters_;
  std::vector<std::pair<std::string, std::unique_ptr<Module>>> children_;
  bool training_ = true;
};

/// The value used in a layer's forward pass: value * mask when the parameter carries a mask.
Var masked(const Var& parameter);

}  // namespace parity::nn
