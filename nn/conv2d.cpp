// Conv2d: the weight [O, C, k, k] (masked when it carries a mask) convolved by the conv2d op,
// plus the bias [O] reshaped to [O, 1, 1] so that it broadcasts over [N, O, Ho, Wo].
#include "nn/conv2d.h"

#include "autograd/functional.h"
#include "nn/init.h"
#include "tensor/check.h"

namespace parity::nn {

Conv2d::Conv2d(Index in_channels, Index out_channels, Index kernel_size, Rng& rng, Index stride,
               Index padding, bool bias)
    : in_(in_channels),
      out_(out_channels),
      kernel_(kernel_size),
      stride_(stride),
      padding_(padding),
      has_bias_(bias) {
  PARITY_CHECK(in_channels > 0 && out_channels > 0 && kernel_size > 0,
               "Conv2d(): channels and kernel size must be positive, got in_channels = ", in_channels,
               ", out_channels = ", out_channels, ", kernel_size = ", kernel_size);
  PARITY_CHECK(stride > 0 && padding >= 0,
               "Conv2d(): need stride > 0 and padding >= 0, got stride = ", stride, ", padding = ", padding);
  const Index fan_in = in_ * kernel_ * kernel_;
  register_parameter("weight", default_uniform(Shape{out_, in_, kernel_, kernel_}, fan_in, rng));
  if (bias) register_parameter("bias", default_uniform(Shape{out_}, fan_in, rng));
}

const Var& Conv2d::bias() const {
  PARITY_CHECK(has_bias_, "Conv2d::bias(): the layer has no bias");
  return parameter(1);
}

Var Conv2d::forward(const Var& x) {
  PARITY_CHECK(x.shape().rank() == 4 && x.shape()[1] == in_, "Conv2d::forward(): input of shape ", x.shape(),
               ", expected [N, ", in_, ", H, W]");
  Var y = conv2d(x, masked(0), stride_, padding_);
  return has_bias_ ? y + reshape(masked(1), Shape{out_, 1, 1}) : y;
}

LayerSpec Conv2d::spec() const {
  return {"Conv2d",
          {{"in_channels", in_},
           {"out_channels", out_},
           {"kernel_size", kernel_},
           {"stride", stride_},
           {"padding", padding_},
           {"bias", has_bias_}}};
}

}  // namespace parity::nn
