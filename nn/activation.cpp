#include "nn/activation.h"

#include <algorithm>
#include <cctype>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

Var ReLU::forward(const Var& x) { return relu(x); }
Var LeakyReLU::forward(const Var& x) { return leaky_relu(x, slope_); }
Var Tanh::forward(const Var& x) { return tanh(x); }
Var Sigmoid::forward(const Var& x) { return sigmoid(x); }
Var Softplus::forward(const Var& x) { return softplus(x); }

std::unique_ptr<Module> make_activation(const std::string& name) {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  if (key == "relu") return std::make_unique<ReLU>();
  if (key == "leaky_relu" || key == "leakyrelu") return std::make_unique<LeakyReLU>();
  if (key == "tanh") return std::make_unique<Tanh>();
  if (key == "sigmoid") return std::make_unique<Sigmoid>();
  if (key == "softplus") return std::make_unique<Softplus>();
  if (key == "identity") return std::make_unique<Identity>();
  ::parity::detail::throw_error("make_activation(): unknown activation '", name,
                                "' (known: relu, leaky_relu, tanh, sigmoid, softplus, identity)");
}

}  // namespace parity::nn
