// Var: a handle on a node of the reverse-mode graph. A node holds its value, the op that
// produced it (with what the op saved) and its inputs; leaves hold a value and, after
// backward(), an accumulated gradient. Graphs are owned by the Vars that reference them. A
// graph is built and swept by one thread at a time; graphs on different threads may share
// leaves (a model's parameters), which sweeps only read, except that backward() accumulates
// into their grad (see engine.h).
#pragma once

#include <memory>
#include <vector>

#include "tensor/tensor.h"

namespace parity {

class Op;

struct Node {
  Tensor value;
  Tensor grad;  ///< leaves only: accumulated by backward()
  std::vector<std::shared_ptr<Node>> inputs;
  std::unique_ptr<Op> op;  ///< null for leaves
  bool requires_grad = false;

  Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  /// Releases inputs iteratively, so destroying a chain of any length never recurses.
  ~Node();
};

class Var {
 public:
  /// An undefined Var.
  Var() = default;
  /// A leaf holding `value`; parameters and inputs to differentiate pass requires_grad.
  explicit Var(Tensor value, bool requires_grad = false);

  bool defined() const { return node_ != nullptr; }
  const Tensor& value() const;
  const Shape& shape() const { return value().shape(); }
  bool requires_grad() const;
  bool is_leaf() const;

  /// Accumulated gradient of a leaf after backward() (undefined before).
  const Tensor& grad() const;
  /// Resets the accumulated gradient to undefined.
  void zero_grad();
  /// The value of a leaf, for in-place updates by optimisers. Graphs recorded earlier keep
  /// sharing this storage, so update parameters only between forward passes.
  Tensor& mutable_value();

  /// Reverse sweep from this scalar: adds d(this)/d(leaf) into every leaf's grad.
  void backward() const;
  /// Reverse sweep with an explicit seed of this Var's shape.
  void backward(const Tensor& seed) const;

  const std::shared_ptr<Node>& node() const { return node_; }
  /// Wraps a node built by an op (see make_op_result in op.h).
  static Var from_node(std::shared_ptr<Node> node);

 private:
  std::shared_ptr<Node> node_;
};

/// While alive, ops record no graph (their results are constant leaves) on this thread.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// Whether ops currently record graphs on this thread.
bool grad_enabled();

}  // namespace parity
