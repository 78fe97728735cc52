// A deep copy of a Sequential model: the layers rebuilt from their specs (nested Sequentials
// included), then every parameter's value, every pruning mask, the 0/1 gates of frozen GatedReLU
// layers and the training mode copied, so that the copy computes what the original computes and
// trains independently of it.
#pragma once

#include <memory>

#include "nn/sequential.h"

namespace parity::nn {

/// @throws parity::Error when a layer cannot be rebuilt from its spec.
std::unique_ptr<Sequential> copy_model(const Sequential& model);

}  // namespace parity::nn
