// Saving and loading Sequential models as a folder: model.json describes the layers,
//   {"format": "parity-model", "version": 1,
//    "layers": [{"type": "Linear", "in_features": 2, "out_features": 16, "bias": true},
//               {"type": "Tanh"}, ...],
//    "masks": ["0.weight"]}
// and each parameter is one float64 .npy file named by its path (0.weight.npy, 0.bias.npy, ...);
// parameters listed under "masks" also have <path>.mask.npy, and frozen GatedReLU layers keep
// their 0/1 gates in <layer path>.gate.npy. A nested Sequential is the layer
// {"type": "Sequential", "layers": [...]}. A loaded model computes bitwise the same outputs.
#pragma once

#include <memory>
#include <string>

#include "nn/sequential.h"

namespace parity::nn {

/// Writes `model` into folder `dir` (created if missing; files of the same names are
/// replaced). Throws when a layer cannot be rebuilt from its spec by make_layer().
void save_model(const Sequential& model, const std::string& dir);

/// Rebuilds the model saved in `dir`. Throws, naming the file or parameter and the expected vs
/// actual value, on a missing or malformed model.json, a wrong format or version, an unknown
/// layer type or attribute, a missing .npy file, or a .npy whose shape disagrees with model.json.
std::unique_ptr<Sequential> load_model(const std::string& dir);

}  // namespace parity::nn
