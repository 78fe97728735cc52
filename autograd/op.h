// The op contract. An op y = f(x_1, ..., x_n) states four rules, with J_i = dy/dx_i:
//
//   forward      y         = f(x)                                   (computed by the op's function)
//   jvp          y_dot     = sum_i J_i x_dot_i
//   vjp          x_bar_i   = J_i^T y_bar
//   vjp_tangent  x_bar_dot_i = J_i^T y_bar_dot + (sum_j d_j J_i[x_dot_j])^T y_bar
//
// Tangents carry a leading directions axis K: x_dot_i is [K, shape(x_i)], so one
// forward-over-reverse sweep yields K Hessian-vector products. An undefined tangent means
// zero. LinearOp and PointwiseOp derive the rules of their kind of math:
//   linear     y = L x:  jvp = L x_dot,  vjp = L^T y_bar,  vjp_tangent = L^T y_bar_dot
//   pointwise  y = f(x): jvp = f' x_dot, vjp = f' y_bar,   vjp_tangent = f' y_bar_dot + f'' x_dot y_bar
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "autograd/op_kind.h"
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace parity {

using Tensors = std::vector<Tensor>;

/// Which inputs a reverse rule must produce a result for (bit i = input i).
class NeededInputs {
 public:
  NeededInputs() = default;
  explicit NeededInputs(std::uint64_t bits) : bits_(bits) {}
  static NeededInputs all(std::size_t count) { return NeededInputs(count >= 64 ? ~0ULL : (1ULL << count) - 1); }
  bool operator[](std::size_t i) const { return ((bits_ >> i) & 1ULL) != 0; }
  void set(std::size_t i) { bits_ |= 1ULL << i; }
  bool any() const { return bits_ != 0; }
  bool operator==(const NeededInputs&) const = default;

 private:
  std::uint64_t bits_ = 0;
};

/// The unit directions e_first, ..., e_{first+count-1} over the features of a tensor [rows, ...]
/// (its trailing axes flattened), the same in every row: T[k, i, ...] = e_{first+k}. They seed
/// per-sample input Hessians; the engine hands them to the ops that read them without forming T.
struct UnitDirections {
  Index first = 0;
  Index count = 0;
  /// T as a dense tensor [count] + shape.
  Tensor dense(const Shape& shape) const;
};

/// Where the product for the variable seeded with unit directions goes, sample-major: direction
/// k of row i at data + i * row_stride + k * features, e.g. H_i e_{first+k} as row first+k of
/// sample i's Hessian inside [rows, features, features].
struct SampleMajorTarget {
  double* data = nullptr;
  Index row_stride = 0;
};

class Op {
 public:
  virtual ~Op() = default;
  virtual OpKind kind() const = 0;
  /// y_dot = sum_i J_i x_dot_i. At least one x_dot[i] is defined.
  virtual Tensor jvp(const Tensors& x_dot) const = 0;
  /// x_bar_i = J_i^T y_bar for every wanted i; other entries may stay undefined.
  virtual Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const = 0;
  /// x_bar_dot_i for every wanted i. y_bar is defined; y_bar_dot or some x_dot may not be.
  virtual Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                              NeededInputs wanted) const = 0;
  /// jvp when x_dot[input] is `unit` and every other input's tangent is zero, or undefined when
  /// the op has no cheaper form than jvp of the dense directions (the default).
  virtual Tensor jvp_unit(std::size_t input, const UnitDirections& unit) const;
  /// vjp_tangent's x_bar_dot[input], when it is the only result wanted, written into `target`
  /// instead of returned as [K, shape(x_input)]; false when the op has no such form (the
  /// default), and then the caller lays the result out itself.
  virtual bool vjp_tangent_into(std::size_t input, const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                                const SampleMajorTarget& target) const;
  /// Whether vjp_tangent reads x_dot[input] for the results `wanted` (default: yes).
  virtual bool vjp_tangent_reads(std::size_t input, NeededInputs wanted) const;
};

/// y = L(x_1, ..., x_n) linear in all inputs. Subclasses give the map and its transpose
/// for tensors with `lead` extra leading axes (0 for values and adjoints, 1 for tangents).
class LinearOp : public Op {
 public:
  Tensor jvp(const Tensors& x_dot) const final { return apply(x_dot, 1); }
  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const final { return apply_transpose(y_bar, 0, wanted); }
  Tensors vjp_tangent(const Tensor&, const Tensor& y_bar_dot, const Tensors&, NeededInputs wanted) const final {
    if (!y_bar_dot.defined()) return Tensors(arity());
    return apply_transpose(y_bar_dot, 1, wanted);
  }

 protected:
  virtual std::size_t arity() const = 0;
  /// L applied to x (undefined entries are zero; at least one is defined).
  virtual Tensor apply(const Tensors& x, int lead) const = 0;
  /// L_i^T applied to y for every wanted input i.
  virtual Tensors apply_transpose(const Tensor& y, int lead, NeededInputs wanted) const = 0;
};

/// y = f(x) elementwise. Subclasses give f'(x) and f''(x) as tensors of x's shape; they are
/// computed on first use and kept for the op's lifetime.
class PointwiseOp : public Op {
 public:
  Tensor jvp(const Tensors& x_dot) const final;
  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const final;
  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                      NeededInputs wanted) const final;

 protected:
  virtual Tensor first_derivative() const = 0;
  virtual Tensor second_derivative() const = 0;

 private:
  const Tensor& d1() const;
  const Tensor& d2() const;
  mutable Tensor d1_;
  mutable Tensor d2_;
};

/// Records `op` with its inputs and forward value: the result requires grad when any input
/// does and grad mode is enabled; otherwise it is a constant leaf and `op` is dropped.
Var make_op_result(std::unique_ptr<Op> op, std::vector<Var> inputs, Tensor value);

/// Whether any of `inputs` requires grad while grad mode is on (ops skip saving work if not).
bool records_graph(std::initializer_list<const Var*> inputs);

}  // namespace parity
