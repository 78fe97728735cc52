// Text form of tensors, in NumPy's nested-bracket layout; large tensors are summarised
// with "..." beyond a few leading and trailing entries per axis.
//
// Layout (as NumPy's repr): one innermost row per line, continuation lines aligned under the
// first '[' of their depth, a blank line between blocks of rank >= 3, entries right-aligned to
// a common width. Values use `precision` significant digits in %g style ("3", "0.25",
// "1.5e+10"), and nan, inf and -inf. Rows are not wrapped. A tensor with no elements prints
// as "tensor([])" whatever its shape. Examples:
//   to_string of a [2,2] tensor of 1..4   tensor([[1, 2],
//                                                 [3, 4]])
//   to_string of Tensor::scalar(2.5)      tensor(2.5)
//   to_string of an undefined tensor      tensor(undefined)
//   a [2000] tensor 0, 1, ..., 1999       tensor([   0,    1,    2, ..., 1997, 1998, 1999])
#pragma once

#include <iosfwd>
#include <string>

#include "tensor/tensor.h"

namespace parity {

struct PrintOptions {
  int precision = 6;      ///< significant digits, in [1, 17]
  Index edge_items = 3;   ///< entries kept at each end of an axis longer than 2 * edge_items (>= 1)
  Index threshold = 1000; ///< tensors with more elements than this are summarised (>= 0)
};

/// The text form described above; throws parity::Error for options out of range.
std::string to_string(const Tensor& t, const PrintOptions& options = {});
/// Writes to_string(t) with the shape added before the closing parenthesis, e.g.
/// "tensor([[1, 2],\n        [3, 4]], shape=[2,2])"; an undefined tensor as "tensor(undefined)".
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace parity
