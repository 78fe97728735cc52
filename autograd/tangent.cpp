#include "autograd/tangent.h"

#include "tensor/elementwise.h"
#include "tensor/reduce.h"
#include "tensor/shape_ops.h"

namespace parity::tangent {

Tensor lift(const Tensor& t_dot, int rank) {
  const int own = t_dot.dim() - 1;
  if (own == rank) return t_dot;
  Shape shape;
  shape.push_back(t_dot.size(0));
  for (int i = own; i < rank; ++i) shape.push_back(1);
  for (int i = 1; i <= own; ++i) shape.push_back(t_dot.shape()[i]);
  return t_dot.reshape(shape);
}

Tensor sum_to(const Tensor& t_dot, const Shape& shape) {
  const Shape target = shape.prepended(t_dot.size(0));
  if (t_dot.shape() == target) return t_dot;
  const int rank = t_dot.dim() - 1;
  Shape lifted;
  lifted.push_back(t_dot.size(0));
  for (int i = shape.rank(); i < rank; ++i) lifted.push_back(1);
  for (Index d : shape) lifted.push_back(d);
  return sum_to_shape(t_dot, lifted).reshape(target);
}

Tensor add(const Tensor& a, const Tensor& b) {
  if (!a.defined()) return b;
  if (!b.defined()) return a;
  return parity::add(a, b);
}

Tensor expand(const Tensor& t, int lead, const Shape& shape) {
  if (lead == 0) return broadcast_to(t, shape);
  return broadcast_to(lift(t, shape.rank()), shape.prepended(t.size(0)));
}

Tensor reduce(const Tensor& t, int lead, const Shape& shape) {
  return lead == 0 ? sum_to_shape(t, shape) : sum_to(t, shape);
}

}  // namespace parity::tangent
