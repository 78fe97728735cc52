// Marks a build with the fast paths (tensor/fast_paths.h); tensor/fast/none.cpp is its opposite.
#include "tensor/fast_paths.h"

namespace parity::fast_paths {

bool enabled() { return true; }

}  // namespace parity::fast_paths
