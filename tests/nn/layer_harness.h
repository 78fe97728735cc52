// Helpers shared by the nn tests: the derivative harness (tests/common/gradcheck.h) applied to a
// layer as a function of its input and of named parameters, which each evaluation binds to the
// harness leaves with Module::set_parameter(); inputs kept away from ReLU kinks; error capture.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error_message.h"
#include "common/gradcheck.h"
#include "nn/module.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity::nn {

using ::parity::testing::error_message;

/// Uniform magnitudes in [0.1, 2] with random signs: |x| >= 0.1 keeps finite differences and
/// Taylor steps (|h v| <= 1/16) on one side of every ReLU kink.
inline Tensor away_from_zero(const Shape& shape, Rng& rng) {
  Tensor t = rng.uniform(shape, 0.1, 2.0);
  for (double& v : t) v = rng.uniform() < 0.5 ? -v : v;
  return t;
}

/// Checks first and second derivatives of `layer` with respect to `input` and the parameters
/// named in `parameters` at their current values. The inputs are kept small enough
/// (kMaxHessianSize) for the harness to compare the full Hessian with finite differences.
inline void expect_layer_derivatives_match(const std::string& name, Module& layer, const Tensor& input,
                                           const std::vector<std::string>& parameters,
                                           std::uint64_t seed = 17) {
  std::vector<Tensor> point = {input};
  for (const std::string& path : parameters) {
    bool found = false;
    for (const auto& [p, value] : layer.named_parameters()) {
      if (p == path) {
        point.push_back(value.value().clone());
        found = true;
      }
    }
    ASSERT_TRUE(found) << name << ": no parameter " << path;
  }
  Index total = 0;
  for (const Tensor& t : point) total += t.numel();
  ASSERT_LE(total, parity::testing::kMaxHessianSize) << name << ": too large for the full Hessian check";
  const parity::testing::VarFunction f = [&layer, parameters](const std::vector<Var>& x) {
    for (std::size_t i = 0; i < parameters.size(); ++i) layer.set_parameter(parameters[i], x[i + 1]);
    return layer(x[0]);
  };
  parity::testing::expect_derivatives_match(name, point, f, seed);
}

}  // namespace parity::nn
