// Module: the base of layers and models, with PyTorch's names and shapes. A module owns named
// parameters (leaf Vars that require grad) and named child modules; parameters() walks them in
// registration order with dotted paths ("0.weight", "0.bias", ...). A parameter may carry a 0/1
// pruning mask, owned by the module that owns the parameter: layers use value * mask in forward.
#pragma once

#include <functional>
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
  /// A mask set at `path` stays and applies to the new value.
  void set_parameter(const std::string& path, const Var& value);

  /// Prunes the parameter at dotted `path`: stores a copy of the 0/1 `mask` (of the parameter's
  /// shape) and zeroes the masked entries of the value in place. Forward passes then use
  /// value * mask, so masked entries contribute nothing and get zero gradient; to hold them at
  /// zero through training, give masks() to the optimiser (optim::Optimizer::set_masks).
  /// @throws parity::Error naming the path for an unknown path, an undefined mask or one of
  /// another shape, an entry other than 0 or 1, or a parameter that is not a leaf.
  void set_mask(const std::string& path, const Tensor& mask);
  /// The mask of the parameter at `path`, undefined when it has none.
  const Tensor& mask(const std::string& path) const;
  /// Removes the mask of the parameter at `path` (nothing to do when it has none).
  void clear_mask(const std::string& path);
  /// The masks aligned with parameters(): entry i is parameter i's mask, undefined when none.
  std::vector<Tensor> masks() const;

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
  const Var& parameter(std::size_t index) const { return parameters_[index].value; }
  /// The value a forward pass uses for parameter `index`: value * mask when it carries a mask.
  Var masked(std::size_t index) const;
  /// Removes the parameter `name` (e.g. a trained gate frozen into a constant); the indices
  /// of parameters registered after it shift down by one. Its mask goes with it.
  void remove_parameter(const std::string& name);
  Module& register_module(std::string name, std::unique_ptr<Module> child);

 private:
  struct Parameter {
    std::string name;
    Var value;
    Tensor mask;  ///< undefined when the parameter is not pruned
  };

  /// Calls visit(path, parameter) for every parameter, recursively, in registration order.
  void for_each_parameter(const std::string& prefix,
                          const std::function<void(const std::string&, const Parameter&)>& visit) const;
  /// The parameter at dotted `path`; `caller` names the public function in errors.
  Parameter& find_parameter(const std::string& path, const char* caller);
  const Parameter& find_parameter(const std::string& path, const char* caller) const;

  std::vector<Parameter> parameters_;
  std::vector<std::pair<std::string, std::unique_ptr<Module>>> children_;
  bool training_ = true;
};

}  // namespace parity::nn
