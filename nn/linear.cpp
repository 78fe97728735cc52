#include "nn/linear.h"

#include "autograd/functional.h"
#include "nn/init.h"
#include "tensor/check.h"

namespace parity::nn {

Linear::Linear(Index in_features, Index out_features, Rng& rng, bool bias)
    : in_(in_features), out_(out_features), has_bias_(bias) {
  PARITY_CHECK(in_features > 0 && out_features > 0, "Linear(): sizes must be positive, got in = ", in_features,
               ", out = ", out_features);
  register_parameter("weight", default_uniform(Shape{out_, in_}, in_, rng));
  if (bias) register_parameter("bias", default_uniform(Shape{out_}, in_, rng));
}

const Var& Linear::bias() const {
  PARITY_CHECK(has_bias_, "Linear::bias(): the layer has no bias");
  return parameter(1);
}

Var Linear::forward(const Var& x) {
  PARITY_CHECK(x.shape().rank() >= 2 && x.shape().size(-1) == in_, "Linear::forward(): input of shape ",
               x.shape(), ", expected [..., ", in_, "]");
  Var y = matmul(x, transpose(masked(0)));
  return has_bias_ ? y + masked(1) : y;
}

LayerSpec Linear::spec() const {
  return {"Linear", {{"in_features", in_}, {"out_features", out_}, {"bias", has_bias_}}};
}

}  // namespace parity::nn
