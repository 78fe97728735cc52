// The engine: the one place that walks graphs. A sweep orders the nodes reachable from a
// root (inputs before outputs, by an iterative depth-first search) and runs
//   reverse           adjoints x_bar by vjp, in reverse order, '+=' where a value is reused;
//   forward tangents  x_dot by jvp, in order, from directions seeded at the wrt leaves;
//   reverse tangents  x_bar_dot by vjp_tangent, in reverse order.
// Only nodes on a path from a wrt leaf to the root take part, so e.g. parameters cost
// nothing when differentiating with respect to the input. Each sweep keeps its state to itself
// and only reads the graph, so graphs sharing leaves (a model's parameters) may be swept on
// different threads at once, except by backward(), which writes the leaves' grad.
#pragma once

#include <memory>
#include <vector>

#include "autograd/op.h"
#include "autograd/var.h"

namespace parity {

/// Adds d(root)/d(leaf) into the grad of every leaf that requires grad. `seed` (root's
/// shape) defaults to 1 for a scalar root; a non-scalar root needs a seed. Not for concurrent
/// use on shared leaves (it writes their grad); use gradient() there.
void backward(const Var& root, const Tensor& seed = Tensor());

/// d(root)/d(wrt_i) for each i, leaving the leaves' grads untouched (safe on shared leaves
/// from several threads).
Tensors gradient(const Var& root, const std::vector<Var>& wrt, const Tensor& seed = Tensor());

/// A plan of Hessian-vector products on one recorded graph with a scalar root: the adjoints
/// are computed once at construction; each hvp() call then runs K directions at once. One
/// plan is used by one thread at a time.
class HvpPlan {
 public:
  /// `wrt` are leaves that require grad.
  HvpPlan(const Var& root, std::vector<Var> wrt);
  ~HvpPlan();
  HvpPlan(const HvpPlan&) = delete;
  HvpPlan& operator=(const HvpPlan&) = delete;

  /// d(root)/d(wrt_i).
  const Tensor& gradient(std::size_t i) const;
  /// The largest number of elements of a value on a path from wrt to the root: a tangent
  /// sweep with K directions holds tangents of up to K times this many elements.
  Index max_path_numel() const;
  /// Hessian-vector products: result_i[k] = sum_j H_ij directions_j[k], as [K, shape(wrt_i)].
  Tensors hvp(const Tensors& directions);
  /// The same for one wrt of rank >= 2 and the unit directions `unit` (op.h), which the ops that
  /// can (a layer's matmul) use without forming them densely: [unit.count, shape(wrt)].
  Tensor hvp(const UnitDirections& unit);
  /// The same products written sample-major into `target` (op.h): the op consuming the
  /// variable writes them in place where it can (a layer's matmul), else they are copied there.
  /// target.row_stride must be at least unit.count times the features of a row.
  void hvp(const UnitDirections& unit, const SampleMajorTarget& target);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Forward mode through a recorded graph: d(root)[direction k] for tangents [K, shape(wrt_i)],
/// returned as [K, shape(root)].
Tensor jvp(const Var& root, const std::vector<Var>& wrt, const Tensors& directions);

}  // namespace parity
