// NumPy .npy files: reading (float64, float32, int64, int32, uint8, bool; converted to
// float64) and writing (float64), C order only. Malformed input (bad magic, bad header,
// Fortran order, unsupported dtype, truncated data) throws parity::Error naming the source.
#pragma once

#include <iosfwd>
#include <string>

#include "tensor/tensor.h"

namespace parity {

/// Reads a .npy file.
Tensor load_npy(const std::string& path);
/// Writes `t` as a float64, C-order .npy file (format version 1.0).
void save_npy(const std::string& path, const Tensor& t);

/// Reads .npy data from a stream; `source` names it in error messages.
Tensor read_npy(std::istream& in, const std::string& source);
/// Writes .npy data to a stream.
void write_npy(std::ostream& out, const Tensor& t);

}  // namespace parity
