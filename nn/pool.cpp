// MaxPool2d and AvgPool2d: thin layers over the max_pool2d and avg_pool2d ops.
#include "nn/pool.h"

#include <utility>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

Pool2d::Pool2d(std::string name, Index kernel_size, Index stride)
    : name_(std::move(name)), kernel_(kernel_size), stride_(stride) {
  PARITY_CHECK(kernel_size > 0 && stride > 0, name_, "(): kernel_size and stride must be positive, got ",
               kernel_size, " and ", stride);
}

LayerSpec Pool2d::spec() const { return {name_, {{"kernel_size", kernel_}, {"stride", stride_}}}; }

Var MaxPool2d::forward(const Var& x) { return max_pool2d(x, kernel_size(), stride()); }

Var AvgPool2d::forward(const Var& x) { return avg_pool2d(x, kernel_size(), stride()); }

}  // namespace parity::nn
