// NumPy .npy files: reading (format versions 1.0-3.0; float64, float32, int64, int32, uint8,
// bool, little- or big-endian; converted to float64) and writing (version 1.0, '<f8'), C order
// only. Malformed input (bad magic, bad header, Fortran order, unsupported dtype, truncated
// data) throws parity::Error naming the function and the source, e.g.
//   load_npy(): data.npy: Fortran-order arrays are not supported
#pragma once

#include <iosfwd>
#include <string>

#include "tensor/tensor.h"

namespace parity {

/// Reads a .npy file.
Tensor load_npy(const std::string& path);
/// Writes `t` as a float64, C-order .npy file (format version 1.0).
void save_npy(const std::string& path, const Tensor& t);

/// Reads one .npy array from a stream and leaves the stream just past its data, so arrays
/// written one after another read back in turn; `source` names the stream in error messages.
Tensor read_npy(std::istream& in, const std::string& source);
/// Writes .npy data to a stream.
void write_npy(std::ostream& out, const Tensor& t);

}  // namespace parity
