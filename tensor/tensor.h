// Tensor: a dense, contiguous, row-major float64 array with shared storage.
// Copies of a Tensor share their storage (like PyTorch); clone() copies the data.
// reshape() is free; slicing and transposing copy. In-place methods end in '_'.
#pragma once

#include <string_view>

#include <initializer_list>
#include <memory>
#include <vector>

#include "tensor/shape.h"

namespace parity {

class Tensor {
 public:
  /// An undefined tensor (no storage); defined() is false.
  Tensor() = default;
  /// A zero-filled tensor of the given shape.
  explicit Tensor(const Shape& shape);
  /// A tensor holding `values` in row-major order; values.size() must equal shape.numel().
  Tensor(const Shape& shape, std::vector<double> values);

  /// Storage of the given shape whose contents are unspecified (for kernels that fill it).
  static Tensor empty(const Shape& shape);
  /// A rank-0 tensor holding `value`.
  static Tensor scalar(double value);

  bool defined() const { return storage_ != nullptr; }
  const Shape& shape() const { return shape_; }
  int dim() const { return shape_.rank(); }
  Index size(int axis) const { return shape_.size(axis); }
  Index numel() const { return numel_; }

  double* data() { return storage_.get(); }
  const double* data() const { return storage_.get(); }
  double* begin() { return data(); }
  double* end() { return data() + numel_; }
  const double* begin() const { return data(); }
  const double* end() const { return data() + numel_; }

  /// The single value of a one-element tensor.
  double item() const;
  /// Checked element access by a full multi-index (for tests and small tensors).
  double at(std::initializer_list<Index> index) const;
  double& at(std::initializer_list<Index> index);

  /// Same storage, new shape with the same number of elements. One extent may be -1
  /// (inferred).
  Tensor reshape(const Shape& shape) const;
  Tensor reshape(std::initializer_list<Index> dims) const;
  /// A deep copy.
  Tensor clone() const;
  bool shares_storage_with(const Tensor& other) const { return storage_ == other.storage_; }

  Tensor& fill_(double value);
  /// Copies `src` (same shape) into this tensor's storage.
  Tensor& copy_(const Tensor& src);
  /// this += alpha * other, where `other` broadcasts to this tensor's shape.
  Tensor& add_(const Tensor& other, double alpha = 1.0);
  Tensor& add_(double value);
  /// this *= other (broadcast to this tensor's shape).
  Tensor& mul_(const Tensor& other);
  Tensor& mul_(double factor);
  /// this += alpha * a * b elementwise (a, b of this tensor's shape).
  Tensor& addcmul_(const Tensor& a, const Tensor& b, double alpha = 1.0);
  Tensor& clamp_(double lo, double hi);

 private:
  std::shared_ptr<double[]> storage_;
  Shape shape_;
  Index numel_ = 0;
};

/// Throws parity::Error naming `caller` and `what` when `t` is undefined.
void check_defined(const Tensor& t, const char* caller, const char* what);
/// The flat index of the first NaN or infinity of `t`, or -1 when every entry is finite.
Index first_non_finite(const Tensor& t);
bool all_finite(const Tensor& t);
/// Throws parity::Error when `t` is undefined or holds a NaN or an infinity, naming `caller`,
/// `what`, the value and where it sits, e.g. "solve_trs(): gradient holds a non-finite value (nan)
/// at [3,1] of shape [8,2]" (for a batch, the first coordinate is the sample).
void check_finite(const Tensor& t, const char* caller, std::string_view what);
/// Throws parity::Error when `t` is undefined or an entry is neither 0 nor 1 (masks), naming
/// `caller`, `what`, the value and where it sits.
void check_zero_one(const Tensor& t, const char* caller, std::string_view what);

}  // namespace parity
