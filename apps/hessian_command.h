// `parity hessian`: per-sample input derivatives of a saved model's loss. For each row x_i of X
// with label y_i, the loss l_i(x) is nn::sample_loss, the one robust training uses: binary
// cross-entropy of the logit for a model with one output, cross-entropy for C >= 2 outputs. The
// command writes, into the output folder,
//   loss.npy [n]: l_i(x_i)    gradient.npy [n, d]: d l_i / d x    hessian.npy [n, d, d]: d^2 l_i / d x^2
// and meta.json (inputs, n, d, outputs, loss, label source and the seconds the derivatives took).
// Without a label file the labels are the model's own predicted classes.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tensor/tensor.h"

namespace parity::cli {

struct HessianOptions {
  std::filesystem::path model;  ///< folder written by nn::save_model
  std::filesystem::path x;      ///< .npy [n, d], d = the model's input features
  std::filesystem::path y;      ///< .npy [n] or [n, 1]; empty: the model's predicted classes
  std::filesystem::path out;    ///< output folder (created if missing)
  /// Tangent directions per sweep (InputHessianOptions::max_directions); 0: automatic.
  Index max_directions = 0;
  /// Samples per sweep (InputHessianOptions::max_samples), bounding memory for large X; 0: all.
  Index max_samples = 0;
};

/// Runs the command and returns the contents of meta.json. Throws parity::Error, naming the file,
/// when X is not 2-D or empty, its feature count differs from the model's input size, it holds
/// a NaN or infinity (naming the sample and feature), the labels do not match X in length, or a
/// label is not valid for the model (0..1 for one output, an integer class in [0, C) for C).
nlohmann::json run_hessian(const HessianOptions& options);

}  // namespace parity::cli
