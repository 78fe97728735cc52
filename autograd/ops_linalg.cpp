// Matrix ops.
//
//   matmul     Y = A B           jvp  Y_dot = A_dot B + A B_dot
//                                vjp  A_bar = Y_bar B^T,  B_bar = A^T Y_bar
//                                vjp_tangent  A_bar_dot = Y_bar_dot B^T + Y_bar B_dot^T
//                                             B_bar_dot = A^T Y_bar_dot + A_dot^T Y_bar
//              with unit directions A_dot[k, i, :] = e_{f+k} (a layer, A [N, k]):
//                                jvp  Y_dot[k, i, :] = B[f+k, :], a row of B copied to every row i
//                                A_bar_dot sample-major: A_bar_dot[k, i, :] = Y_bar_dot[k, i, :] B^T
//                                by one GEMM per direction (or per row, if fewer), each writing
//                                its rows in place
//   transpose  Y = X^T (last two axes), linear and its own adjoint.
//
// Two layouts: B of rank 2 with A [..., m, k] (a layer: A's leading axes and m flatten into
// one GEMM of N rows), or A, B with identical batch axes (one GEMM per batch entry).
// Products with a tangent's directions axis K stay single GEMMs where the layout allows:
// A_dot [K, N, k] x B [k, n] is [K*N, k] x [k, n].
#include <algorithm>

#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/blas.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

class MatmulOp final : public Op {
 public:
  MatmulOp(Tensor a, Tensor b) : a_(std::move(a)), b_(std::move(b)), layer_(b_.dim() == 2) {}
  OpKind kind() const override { return OpKind::Matmul; }

  Tensor jvp(const Tensors& x_dot) const override {
    Tensor y_dot;
    if (x_dot[0].defined()) y_dot = matmul(x_dot[0], b_);
    if (x_dot[1].defined()) {
      const Tensor& b_dot = x_dot[1];
      Tensor term = layer_ ? matmul(flat(a_), b_dot).reshape(output_shape().prepended(b_dot.size(0)))
                           : matmul(a_, b_dot);
      y_dot = tangent::add(y_dot, term);
    }
    return y_dot;
  }

  Tensor jvp_unit(std::size_t input, const UnitDirections& unit) const override {
    if (input != 0 || !layer_ || a_.dim() != 2) return Tensor();
    const Index rows = a_.size(0);
    const Index n = b_.size(1);
    Tensor y_dot = Tensor::empty(Shape{unit.count, rows, n});
    for (Index k = 0; k < unit.count; ++k) {
      const double* row = b_.data() + (unit.first + k) * n;
      for (Index i = 0; i < rows; ++i) std::copy_n(row, n, y_dot.data() + (k * rows + i) * n);
    }
    return y_dot;
  }

  bool vjp_tangent_into(std::size_t input, const Tensor&, const Tensor& y_bar_dot, const Tensors& x_dot,
                        const SampleMajorTarget& target) const override {
    if (input != 0 || !layer_ || a_.dim() != 2 || x_dot[1].defined() || !y_bar_dot.defined()) return false;
    const Index rows = a_.size(0);
    const Index features = a_.size(1);
    const Index n = b_.size(1);
    const Index directions = y_bar_dot.size(0);
    if (directions <= rows) {
      // Direction k: rows [rows, n] -> every sample's block k.
      for (Index k = 0; k < directions; ++k) {
        matmul_into(y_bar_dot.data() + k * rows * n, rows, n, b_, {.b = true}, target.data + k * features,
                    target.row_stride);
      }
    } else {
      // Sample i: its directions [K, n], rows rows * n apart -> its K blocks, contiguous.
      for (Index i = 0; i < rows; ++i) {
        matmul_into(y_bar_dot.data() + i * n, directions, rows * n, b_, {.b = true},
                    target.data + i * target.row_stride, features);
      }
    }
    return true;
  }

  // A_bar_dot reads B_dot, B_bar_dot reads A_dot.
  bool vjp_tangent_reads(std::size_t input, NeededInputs wanted) const override { return wanted[1 - input]; }

  Tensors vjp(const Tensor& y_bar, NeededInputs wanted) const override {
    Tensors x_bar(2);
    if (wanted[0]) x_bar[0] = matmul(y_bar, b_, {.b = true});
    if (wanted[1]) x_bar[1] = layer_ ? matmul(flat(a_), flat(y_bar), {.a = true}) : matmul(a_, y_bar, {.a = true});
    return x_bar;
  }

  Tensors vjp_tangent(const Tensor& y_bar, const Tensor& y_bar_dot, const Tensors& x_dot,
                      NeededInputs wanted) const override {
    Tensors x_bar_dot(2);
    const Tensor& a_dot = x_dot[0];
    const Tensor& b_dot = x_dot[1];
    if (wanted[0]) {
      Tensor total;
      if (y_bar_dot.defined()) total = matmul(y_bar_dot, b_, {.b = true});
      if (b_dot.defined()) {
        Tensor term = layer_ ? matmul(flat(y_bar), b_dot, {.b = true}).reshape(a_.shape().prepended(b_dot.size(0)))
                             : matmul(y_bar, b_dot, {.b = true});
        total = tangent::add(total, term);
      }
      x_bar_dot[0] = total;
    }
    if (wanted[1]) {
      Tensor total;
      if (y_bar_dot.defined()) {
        total = layer_ ? matmul(flat(a_), flat_directions(y_bar_dot), {.a = true})
                       : matmul(a_, y_bar_dot, {.a = true});
      }
      if (a_dot.defined()) {
        Tensor term = layer_ ? matmul(flat_directions(a_dot), flat(y_bar), {.a = true})
                             : matmul(a_dot, y_bar, {.a = true});
        total = tangent::add(total, term);
      }
      x_bar_dot[1] = total;
    }
    return x_bar_dot;
  }

 private:
  // [..., r, c] -> [N, c]
  static Tensor flat(const Tensor& t) { return t.reshape({-1, t.size(-1)}); }
  // [K, ..., r, c] -> [K, N, c]
  static Tensor flat_directions(const Tensor& t) { return t.reshape({t.size(0), -1, t.size(-1)}); }
  Shape output_shape() const {
    Shape s = a_.shape();
    s[s.rank() - 1] = b_.size(-1);
    return s;
  }

  Tensor a_, b_;
  bool layer_;
};

class TransposeOp final : public LinearOp {
 public:
  OpKind kind() const override { return OpKind::Transpose; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int) const override { return parity::transpose(x[0]); }
  Tensors apply_transpose(const Tensor& y, int, NeededInputs) const override { return {parity::transpose(y)}; }
};

}  // namespace

Var matmul(const Var& a, const Var& b) {
  const Shape& sa = a.shape();
  const Shape& sb = b.shape();
  PARITY_CHECK(sa.rank() >= 2 && sb.rank() >= 2, "matmul(): operands need rank >= 2, got ", sa, " and ", sb);
  PARITY_CHECK(sb.rank() == 2 || sa.slice(0, sa.rank() - 2) == sb.slice(0, sb.rank() - 2),
               "matmul(): batch axes must be equal (or the second operand of rank 2), got ", sa, " and ", sb);
  Tensor y = matmul(a.value(), b.value());
  if (!records_graph({&a, &b})) return Var(std::move(y));
  return make_op_result(std::make_unique<MatmulOp>(a.value(), b.value()), {a, b}, std::move(y));
}

Var transpose(const Var& x) {
  Tensor y = transpose(x.value());
  return make_op_result(std::make_unique<TransposeOp>(), {x}, std::move(y));
}

}  // namespace parity
