// Flatten: a reshape to [N, prod(rest)], so its derivatives are those of the reshape op.
#include "nn/flatten.h"

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

Var Flatten::forward(const Var& x) {
  const Shape& shape = x.shape();
  PARITY_CHECK(shape.rank() >= 2, "Flatten::forward(): input needs rank >= 2 ([N, ...]), got ", shape);
  return reshape(x, Shape{shape[0], shape.slice(1, shape.rank()).numel()});
}

}  // namespace parity::nn
