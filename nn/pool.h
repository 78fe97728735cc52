// Pooling layers over k x k windows of NCHW inputs (no padding), with PyTorch's default
// stride = kernel_size: MaxPool2d (window maximum) and AvgPool2d (window mean).
#pragma once

#include <string>

#include "nn/module.h"

namespace parity::nn {

/// The window both pooling layers share: kernel_size x kernel_size, taken every `stride` pixels.
class Pool2d : public Module {
 public:
  LayerSpec spec() const override;

  Index kernel_size() const { return kernel_; }
  Index stride() const { return stride_; }

 protected:
  /// `name` is the layer's spec name; throws, naming it, unless kernel_size and stride are positive.
  Pool2d(std::string name, Index kernel_size, Index stride);

 private:
  std::string name_;
  Index kernel_;
  Index stride_;
};

class MaxPool2d final : public Pool2d {
 public:
  explicit MaxPool2d(Index kernel_size) : MaxPool2d(kernel_size, kernel_size) {}
  MaxPool2d(Index kernel_size, Index stride) : Pool2d("MaxPool2d", kernel_size, stride) {}

  Var forward(const Var& x) override;
};

class AvgPool2d final : public Pool2d {
 public:
  explicit AvgPool2d(Index kernel_size) : AvgPool2d(kernel_size, kernel_size) {}
  AvgPool2d(Index kernel_size, Index stride) : Pool2d("AvgPool2d", kernel_size, stride) {}

  Var forward(const Var& x) override;
};

}  // namespace parity::nn
