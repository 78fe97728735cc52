// Rebuilds a layer from its LayerSpec (Module::spec()): the inverse of spec() for every layer
// type of nn/, used by load_model() and for models described in configuration files. Optional
// attributes default as the constructors do (bias = true, stride = 1 or kernel_size, ...).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nn/module.h"
#include "tensor/random.h"

namespace parity::nn {

/// A fresh layer of spec.type with spec's attributes; parameters are initialised from `rng` as
/// the constructor does. Throws on an unknown type, a missing or mistyped attribute, or an
/// attribute the type does not have. A "Sequential" spec gives an empty Sequential.
std::unique_ptr<Module> make_layer(const LayerSpec& spec, Rng& rng);

/// The layer types make_layer() knows, sorted.
std::vector<std::string> layer_types();

/// Parses a shape written as by Shape::to_string(), e.g. "[16,14,14]"; `caller` names the
/// function in error messages.
Shape parse_shape(const std::string& text, const std::string& caller);

}  // namespace parity::nn
