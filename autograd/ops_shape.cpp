// Shape ops; all linear, so each states the map L and its adjoint L^T:
//
//   reshape       L = reinterpretation of the shape        L^T = reshape back
//   broadcast_to  L = NumPy broadcast                      L^T = sum over broadcast axes
//   gather_rows   L x = x[idx] (rows along axis 0)         L^T y = scatter-add of y's rows into idx
//   slice_rows    gather_rows with idx = begin..end-1
//   concat        L (x_1..x_n) = [x_1, ..., x_n] on axis    L^T y = the n blocks of y
#include <numeric>

#include "autograd/functional.h"
#include "autograd/op.h"
#include "autograd/tangent.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity {

namespace {

class ReshapeOp final : public LinearOp {
 public:
  ReshapeOp(Shape in, Shape out) : in_(std::move(in)), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::Reshape; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override { return x[0].reshape(with_lead(out_, x[0], lead)); }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    return {y.reshape(with_lead(in_, y, lead))};
  }

 private:
  static Shape with_lead(const Shape& s, const Tensor& t, int lead) { return lead == 0 ? s : s.prepended(t.size(0)); }
  Shape in_, out_;
};

class BroadcastToOp final : public LinearOp {
 public:
  BroadcastToOp(Shape in, Shape out) : in_(std::move(in)), out_(std::move(out)) {}
  OpKind kind() const override { return OpKind::BroadcastTo; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override { return tangent::expand(x[0], lead, out_); }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    return {tangent::reduce(y, lead, in_)};
  }

 private:
  Shape in_, out_;
};

// Rows idx of x along the axis after `lead` leading axes, and the scatter-add adjoint.
class RowSelectOp final : public LinearOp {
 public:
  RowSelectOp(OpKind kind, std::vector<Index> indices, Shape in)
      : kind_(kind), indices_(std::move(indices)), in_(std::move(in)) {}
  OpKind kind() const override { return kind_; }

 protected:
  std::size_t arity() const override { return 1; }
  Tensor apply(const Tensors& x, int lead) const override {
    const Index blocks = lead == 0 ? 1 : x[0].size(0);
    const Index rows = in_[0];
    const Index row = rows == 0 ? 0 : in_.numel() / rows;
    const auto picked = static_cast<Index>(indices_.size());
    Shape out_shape = in_;
    out_shape[0] = picked;
    if (lead == 1) out_shape = out_shape.prepended(blocks);
    Tensor out = Tensor::empty(out_shape);
    for (Index b = 0; b < blocks; ++b) {
      for (Index i = 0; i < picked; ++i) {
        const double* src = x[0].data() + (b * rows + indices_[static_cast<std::size_t>(i)]) * row;
        std::copy(src, src + row, out.data() + (b * picked + i) * row);
      }
    }
    return out;
  }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs) const override {
    const Index blocks = lead == 0 ? 1 : y.size(0);
    const Index rows = in_[0];
    const Index row = rows == 0 ? 0 : in_.numel() / rows;
    const auto picked = static_cast<Index>(indices_.size());
    Tensor out(lead == 0 ? in_ : in_.prepended(blocks));
    for (Index b = 0; b < blocks; ++b) {
      for (Index i = 0; i < picked; ++i) {
        const double* src = y.data() + (b * picked + i) * row;
        double* dst = out.data() + (b * rows + indices_[static_cast<std::size_t>(i)]) * row;
        for (Index j = 0; j < row; ++j) dst[j] += src[j];
      }
    }
    return {out};
  }

 private:
  OpKind kind_;
  std::vector<Index> indices_;
  Shape in_;
};

class ConcatOp final : public LinearOp {
 public:
  ConcatOp(std::vector<Shape> in, int axis) : in_(std::move(in)), axis_(axis) {}
  OpKind kind() const override { return OpKind::Concat; }

 protected:
  std::size_t arity() const override { return in_.size(); }
  Tensor apply(const Tensors& x, int lead) const override {
    Index directions = 0;
    for (const Tensor& t : x) {
      if (t.defined()) directions = t.size(0);
    }
    Tensors parts;
    for (std::size_t i = 0; i < x.size(); ++i) {
      parts.push_back(x[i].defined() ? x[i] : Tensor(lead == 0 ? in_[i] : in_[i].prepended(directions)));
    }
    return concat(parts, axis_ + lead);
  }
  Tensors apply_transpose(const Tensor& y, int lead, NeededInputs wanted) const override {
    const int axis = axis_ + lead;
    Index outer = 1;
    for (int i = 0; i < axis; ++i) outer *= y.shape()[i];
    const Index y_row = outer == 0 ? 0 : y.numel() / outer;
    Tensors x(in_.size());
    Index column = 0;
    for (std::size_t i = 0; i < in_.size(); ++i) {
      const Shape shape = lead == 0 ? in_[i] : in_[i].prepended(y.size(0));
      const Index row = outer == 0 ? 0 : shape.numel() / outer;
      if (wanted[i]) {
        x[i] = Tensor::empty(shape);
        for (Index o = 0; o < outer; ++o) {
          const double* src = y.data() + o * y_row + column;
          std::copy(src, src + row, x[i].data() + o * row);
        }
      }
      column += row;
    }
    return x;
  }

 private:
  std::vector<Shape> in_;
  int axis_;
};

Var select_rows(OpKind kind, const Var& x, Tensor y, std::vector<Index> indices) {
  if (!records_graph({&x})) return Var(std::move(y));
  auto op = std::make_unique<RowSelectOp>(kind, std::move(indices), x.shape());
  return make_op_result(std::move(op), {x}, std::move(y));
}

}  // namespace

Var reshape(const Var& x, const Shape& shape) {
  Tensor y = x.value().reshape(shape);
  return make_op_result(std::make_unique<ReshapeOp>(x.shape(), shape), {x}, std::move(y));
}

Var broadcast_to(const Var& x, const Shape& shape) {
  Tensor y = broadcast_to(x.value(), shape);
  return make_op_result(std::make_unique<BroadcastToOp>(x.shape(), shape), {x}, std::move(y));
}

Var gather_rows(const Var& x, std::span<const Index> indices) {
  Tensor y = gather_rows(x.value(), indices);
  return select_rows(OpKind::GatherRows, x, std::move(y), std::vector<Index>(indices.begin(), indices.end()));
}

Var slice_rows(const Var& x, Index begin, Index end) {
  Tensor y = slice_rows(x.value(), begin, end);
  std::vector<Index> indices(static_cast<std::size_t>(end - begin));
  std::iota(indices.begin(), indices.end(), begin);
  return select_rows(OpKind::SliceRows, x, std::move(y), std::move(indices));
}

Var concat(const std::vector<Var>& xs, int axis) {
  PARITY_CHECK(!xs.empty(), "concat(): no inputs given");
  Tensors values;
  std::vector<Shape> shapes;
  for (const Var& v : xs) {
    values.push_back(v.value());
    shapes.push_back(v.shape());
  }
  Tensor y = concat(values, axis);
  const int ax = xs[0].shape().normalize_axis(axis, "concat()");
  return make_op_result(std::make_unique<ConcatOp>(std::move(shapes), ax), xs, std::move(y));
}

}  // namespace parity
