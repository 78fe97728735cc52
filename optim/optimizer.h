// Optimizer: the base of the first-order optimisers, with PyTorch's names. step() updates every
// parameter that has a gradient, in place, by its subclass's elementwise rule; zero_grad() resets
// the gradients. Pruning masks are given explicitly, aligned with the parameters (set_masks): the
// masked entries of a parameter, and those of its optimiser state, are held at exactly zero through
// every step, so momentum, moments and weight decay cannot revive pruned weights.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "autograd/var.h"

namespace parity::optim {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// One update of every parameter whose gradient is defined (the others are skipped). All
  /// gradients are checked first, so a bad one leaves every parameter and all state unchanged.
  /// @throws parity::Error naming the parameter index and flat index of a non-finite gradient, and
  /// when an update overflows a parameter to a non-finite value (that parameter and those before it
  /// keep their updated values).
  void step();
  /// Resets the gradient of every parameter to undefined.
  void zero_grad();

  double learning_rate() const { return lr_; }
  /// @throws parity::Error unless lr is finite and >= 0.
  void set_learning_rate(double lr);

  const std::vector<Var>& parameters() const { return params_; }

  /// Pruning masks aligned with parameters(): masks[i] is undefined (parameter i is not pruned) or a
  /// 0/1 tensor of parameter i's shape. The optimiser keeps its own copies and sets the entries where
  /// masks[i] is 0, of parameter i and of its state, to +0 now and after every step. A model's masks
  /// come from nn::Module::masks() (pass them again after changing them); n undefined tensors
  /// remove all masks.
  /// @throws parity::Error naming the parameter index for a count other than parameters().size(),
  /// a mask of another shape, or an entry other than 0 or 1; the masks are then unchanged.
  void set_masks(std::vector<Tensor> masks);
  /// The current masks, aligned with parameters() (all undefined until set_masks()).
  const std::vector<Tensor>& masks() const { return masks_; }
  /// "SGD", "Adam", ...: the prefix of this optimiser's error messages.
  const std::string& name() const { return name_; }

 protected:
  /// `params` must be distinct leaves that require grad; `name` prefixes error messages.
  Optimizer(std::string name, std::vector<Var> params, double lr);

  /// Updates parameter i's value in place from its finite gradient (same shape). The rule must be
  /// elementwise: entry k of the result depends on entry k of value, grad and state only.
  virtual void update(std::size_t i, Tensor& value, const Tensor& grad) = 0;
  /// The defined state tensors of parameter i (each of the parameter's shape), which masks zero.
  virtual std::vector<Tensor*> state(std::size_t i) = 0;
  /// Checks that i indexes a parameter; `accessor` names the caller in the message.
  void check_index(std::size_t i, const char* accessor) const;

 private:
  void check_before_step(std::size_t i);
  /// Checks that every state tensor of parameter i still has the parameter's shape.
  void check_state_shapes(std::size_t i, const char* accessor);
  void apply_mask(std::size_t i);

  std::string name_;
  std::vector<Var> params_;
  std::vector<Tensor> masks_;
  double lr_;
};

}  // namespace parity::optim
