// Text form of tensors, in NumPy's nested-bracket layout; large tensors are summarised
// with "..." beyond a few leading and trailing entries per axis.
#pragma once

#include <iosfwd>
#include <string>

#include "tensor/tensor.h"

namespace parity {

struct PrintOptions {
  int precision = 6;      ///< significant digits
  Index edge_items = 3;   ///< entries kept at each end of an axis longer than threshold
  Index threshold = 1000; ///< tensors with more elements than this are summarised
};

std::string to_string(const Tensor& t, const PrintOptions& options = {});
/// Writes to_string(t) followed by the shape, e.g. "tensor([[1, 2], [3, 4]], shape=[2,2])".
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace parity
