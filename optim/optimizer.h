// Optimizer: the base of the first-order optimisers, with PyTorch's names. step() updates every
// parameter that has a gradient, in place, by its subclass's elementwise rule; zero_grad() resets
// the gradients. A parameter with a 0/1 mask (Var::set_mask) has its masked entries, and those of
// its optimiser state, set to exactly zero after every step, so momentum cannot revive pruned weights.
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
  void apply_mask(std::size_t i);

  std::string name_;
  std::vector<Var> params_;
  double lr_;
};

}  // namespace parity::optim
