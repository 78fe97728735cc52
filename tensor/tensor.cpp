#include "tensor/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "tensor/check.h"
#include "tensor/elementwise.h"
#include "tensor/shape_ops.h"
#include "tensor/storage.h"

namespace parity {

Tensor::Tensor(const Shape& shape) : Tensor(empty(shape)) { fill_(0.0); }

Tensor::Tensor(const Shape& shape, std::vector<double> values) : Tensor(empty(shape)) {
  PARITY_CHECK(static_cast<Index>(values.size()) == numel_, "Tensor(): shape ", shape, " needs ",
               numel_, " values, got ", values.size());
  std::copy(values.begin(), values.end(), data());
}

Tensor Tensor::empty(const Shape& shape) {
  Tensor t;
  t.shape_ = shape;
  t.numel_ = shape.numel();
  t.storage_ = allocate_storage(t.numel_);
  return t;
}

Tensor Tensor::scalar(double value) {
  Tensor t = empty(Shape{});
  t.data()[0] = value;
  return t;
}

double Tensor::item() const {
  check_defined(*this, "Tensor::item()", "tensor");
  PARITY_CHECK(numel_ == 1, "Tensor::item(): expected one element, got shape ", shape_);
  return data()[0];
}

namespace {

Index flat_index(const Shape& shape, std::initializer_list<Index> index) {
  PARITY_CHECK(static_cast<int>(index.size()) == shape.rank(), "Tensor::at(): index of rank ",
               index.size(), " for shape ", shape);
  Index flat = 0;
  int axis = 0;
  for (Index i : index) {
    PARITY_CHECK(i >= 0 && i < shape[axis], "Tensor::at(): index ", i, " out of range for axis ", axis,
                 " of shape ", shape);
    flat = flat * shape[axis] + i;
    ++axis;
  }
  return flat;
}

// In-place updates may broadcast the source but never grow the destination.
void check_broadcasts_into(const Shape& source, const Shape& destination, const char* caller) {
  PARITY_CHECK(broadcast_shapes(source, destination, caller) == destination, caller, ": ", source,
               " does not broadcast to the destination's ", destination);
}

}  // namespace

double Tensor::at(std::initializer_list<Index> index) const {
  check_defined(*this, "Tensor::at()", "tensor");
  return data()[flat_index(shape_, index)];
}

double& Tensor::at(std::initializer_list<Index> index) {
  check_defined(*this, "Tensor::at()", "tensor");
  return data()[flat_index(shape_, index)];
}

Tensor Tensor::reshape(const Shape& shape) const {
  check_defined(*this, "reshape()", "tensor");
  PARITY_CHECK(shape.numel() == numel_, "reshape(): cannot reshape ", shape_, " (", numel_,
               " elements) into ", shape, " (", shape.numel(), " elements)");
  Tensor t = *this;
  t.shape_ = shape;
  return t;
}

Tensor Tensor::reshape(std::initializer_list<Index> dims) const {
  std::vector<Index> resolved(dims);
  Index known = 1;
  int inferred = -1;
  for (std::size_t i = 0; i < resolved.size(); ++i) {
    if (resolved[i] == -1) {
      PARITY_CHECK(inferred < 0, "reshape(): more than one extent is -1 in target for ", shape_);
      inferred = static_cast<int>(i);
    } else {
      PARITY_CHECK(resolved[i] >= 0, "reshape(): negative extent ", resolved[i], " in target for ",
                   shape_);
      known *= resolved[i];
    }
  }
  if (inferred >= 0) {
    PARITY_CHECK(known != 0 && numel_ % known == 0, "reshape(): cannot infer the -1 extent reshaping ",
                 shape_, " (", numel_, " elements)");
    resolved[static_cast<std::size_t>(inferred)] = numel_ / known;
  }
  return reshape(Shape(std::span<const Index>(resolved)));
}

Tensor Tensor::clone() const {
  check_defined(*this, "clone()", "tensor");
  Tensor t = empty(shape_);
  std::copy(begin(), end(), t.data());
  return t;
}

Tensor& Tensor::fill_(double value) {
  check_defined(*this, "fill_()", "tensor");
  std::fill(begin(), end(), value);
  return *this;
}

Tensor& Tensor::copy_(const Tensor& src) {
  check_defined(*this, "copy_()", "destination");
  check_defined(src, "copy_()", "source");
  PARITY_CHECK(src.shape() == shape_, "copy_(): shape ", src.shape(), " into ", shape_);
  if (src.data() != data()) std::memmove(data(), src.data(), static_cast<std::size_t>(numel_) * sizeof(double));
  return *this;
}

Tensor& Tensor::add_(const Tensor& other, double alpha) {
  check_defined(*this, "add_()", "destination");
  check_defined(other, "add_()", "source");
  if (other.shape() == shape_) {
    double* out = data();
    const double* in = other.data();
    for (Index i = 0; i < numel_; ++i) out[i] += alpha * in[i];
    return *this;
  }
  check_broadcasts_into(other.shape(), shape_, "add_()");
  return add_(mul(broadcast_to(other, shape_), alpha));
}

Tensor& Tensor::add_(double value) {
  check_defined(*this, "add_()", "destination");
  for (double& x : *this) x += value;
  return *this;
}

Tensor& Tensor::mul_(const Tensor& other) {
  check_defined(*this, "mul_()", "destination");
  check_defined(other, "mul_()", "source");
  if (other.shape() == shape_) {
    double* out = data();
    const double* in = other.data();
    for (Index i = 0; i < numel_; ++i) out[i] *= in[i];
    return *this;
  }
  check_broadcasts_into(other.shape(), shape_, "mul_()");
  return mul_(broadcast_to(other, shape_));
}

Tensor& Tensor::mul_(double factor) {
  check_defined(*this, "mul_()", "destination");
  for (double& x : *this) x *= factor;
  return *this;
}

Tensor& Tensor::addcmul_(const Tensor& a, const Tensor& b, double alpha) {
  check_defined(*this, "addcmul_()", "destination");
  check_defined(a, "addcmul_()", "first factor");
  check_defined(b, "addcmul_()", "second factor");
  PARITY_CHECK(a.shape() == shape_ && b.shape() == shape_, "addcmul_(): shapes ", a.shape(), " and ",
               b.shape(), " must equal the destination's ", shape_);
  double* out = data();
  const double* pa = a.data();
  const double* pb = b.data();
  for (Index i = 0; i < numel_; ++i) out[i] += alpha * pa[i] * pb[i];
  return *this;
}

Tensor& Tensor::clamp_(double lo, double hi) {
  check_defined(*this, "clamp_()", "tensor");
  PARITY_CHECK(lo <= hi, "clamp_(): lower bound ", lo, " exceeds upper bound ", hi);
  for (double& x : *this) x = std::clamp(x, lo, hi);
  return *this;
}

void check_defined(const Tensor& t, const char* caller, const char* what) {
  PARITY_CHECK(t.defined(), caller, ": ", what, " is an undefined tensor");
}

namespace {

// "[i,j,k]": the multi-index of a flat position in a row-major shape.
std::string index_of(Index flat, const Shape& shape) {
  std::vector<Index> index(static_cast<std::size_t>(shape.rank()));
  for (int axis = shape.rank() - 1; axis >= 0; --axis) {
    index[static_cast<std::size_t>(axis)] = flat % shape[axis];
    flat /= shape[axis];
  }
  std::string out = "[";
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(index[i]);
  }
  out += ']';
  return out;
}

}  // namespace

Index first_non_finite(const Tensor& t) {
  const double* p = t.data();
  for (Index i = 0; i < t.numel(); ++i) {
    if (!std::isfinite(p[i])) return i;
  }
  return -1;
}

bool all_finite(const Tensor& t) { return first_non_finite(t) < 0; }

void check_finite(const Tensor& t, const char* caller, std::string_view what) {
  PARITY_CHECK(t.defined(), caller, ": ", what, " is an undefined tensor");
  const Index bad = first_non_finite(t);
  PARITY_CHECK(bad < 0, caller, ": ", what, " holds a non-finite value (", t.data()[bad], ") at ",
               index_of(bad, t.shape()), " of shape ", t.shape());
}

void check_zero_one(const Tensor& t, const char* caller, std::string_view what) {
  PARITY_CHECK(t.defined(), caller, ": ", what, " is an undefined tensor");
  const double* p = t.data();
  for (Index i = 0; i < t.numel(); ++i) {
    PARITY_CHECK(p[i] == 0.0 || p[i] == 1.0, caller, ": ", what, " must hold only 0 or 1, got ", p[i], " at ",
                 index_of(i, t.shape()), " of shape ", t.shape());
  }
}

}  // namespace parity
