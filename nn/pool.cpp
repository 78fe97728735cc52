// MaxPool2d and AvgPool2d: thin layers over the max_pool2d and avg_pool2d ops.
#include "nn/pool.h"

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

namespace {

void check_window(Index kernel_size, Index stride, const char* caller) {
  PARITY_CHECK(kernel_size > 0 && stride > 0, caller, ": kernel_size and stride must be positive, got ",
               kernel_size, " and ", stride);
}

}  // namespace

MaxPool2d::MaxPool2d(Index kernel_size, Index stride) : kernel_(kernel_size), stride_(stride) {
  check_window(kernel_size, stride, "MaxPool2d()");
}

Var MaxPool2d::forward(const Var& x) { return max_pool2d(x, kernel_, stride_); }

LayerSpec MaxPool2d::spec() const { return {"MaxPool2d", {{"kernel_size", kernel_}, {"stride", stride_}}}; }

AvgPool2d::AvgPool2d(Index kernel_size, Index stride) : kernel_(kernel_size), stride_(stride) {
  check_window(kernel_size, stride, "AvgPool2d()");
}

Var AvgPool2d::forward(const Var& x) { return avg_pool2d(x, kernel_, stride_); }

LayerSpec AvgPool2d::spec() const { return {"AvgPool2d", {{"kernel_size", kernel_}, {"stride", stride_}}}; }

}  // namespace parity::nn
