// Pooling layers over k x k windows of NCHW inputs (no padding), with PyTorch's default
// stride = kernel_size: MaxPool2d (window maximum) and AvgPool2d (window mean).
#pragma once

#include "nn/module.h"

namespace parity::nn {

class MaxPool2d : public Module {
 public:
  explicit MaxPool2d(Index kernel_size) : MaxPool2d(kernel_size, kernel_size) {}
  MaxPool2d(Index kernel_size, Index stride);

  Var forward(const Var& x) override;
  LayerSpec spec() const override;

  Index kernel_size() const { return kernel_; }
  Index stride() const { return stride_; }

 private:
  Index kernel_;
  Index stride_;
};

class AvgPool2d : public Module {
 public:
  explicit AvgPool2d(Index kernel_size) : AvgPool2d(kernel_size, kernel_size) {}
  AvgPool2d(Index kernel_size, Index stride);

  Var forward(const Var& x) override;
  LayerSpec spec() const override;

  Index kernel_size() const { return kernel_; }
  Index stride() const { return stride_; }

 private:
  Index kernel_;
  Index stride_;
};

}  // namespace parity::nn
