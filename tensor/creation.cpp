#include "tensor/creation.h"

#include <cmath>

#include "tensor/check.h"

namespace parity {

Tensor zeros(const Shape& shape) { return Tensor(shape); }

Tensor ones(const Shape& shape) { return full(shape, 1.0); }

Tensor full(const Shape& shape, double value) {
  Tensor t = Tensor::empty(shape);
  t.fill_(value);
  return t;
}

Tensor eye(Index n) {
  PARITY_CHECK(n >= 0, "eye(): negative size ", n);
  Tensor t(Shape{n, n});
  for (Index i = 0; i < n; ++i) t.data()[i * n + i] = 1.0;
  return t;
}

Tensor arange(double start, double stop, double step) {
  PARITY_CHECK(step != 0.0 && std::isfinite(step), "arange(): step must be finite and non-zero, got ", step);
  PARITY_CHECK(std::isfinite(start) && std::isfinite(stop), "arange(): bounds must be finite, got ", start,
               " and ", stop);
  const double span = std::ceil((stop - start) / step);
  // Also keeps the conversion to Index below defined.
  PARITY_CHECK(span < 0x1p62, "arange(): too many elements: (", stop, " - ", start, ") / ", step, " = ",
               span);
  const Index count = span > 0.0 ? static_cast<Index>(span) : 0;
  Tensor t = Tensor::empty(Shape{count});
  for (Index i = 0; i < count; ++i) t.data()[i] = start + static_cast<double>(i) * step;
  return t;
}

Tensor linspace(double start, double stop, Index count) {
  PARITY_CHECK(count >= 1, "linspace(): count must be >= 1, got ", count);
  Tensor t = Tensor::empty(Shape{count});
  if (count == 1) {
    t.data()[0] = start;
    return t;
  }
  const double step = (stop - start) / static_cast<double>(count - 1);
  for (Index i = 0; i < count; ++i) t.data()[i] = start + static_cast<double>(i) * step;
  t.data()[count - 1] = stop;
  return t;
}

Tensor from_vector(std::vector<double> values, const Shape& shape) {
  PARITY_CHECK(static_cast<Index>(values.size()) == shape.numel(), "from_vector(): shape ", shape, " needs ",
               shape.numel(), " values, got ", values.size());
  return Tensor(shape, std::move(values));
}

}  // namespace parity
