// The ReLUs of a model as one budget: every unit of every GatedReLU layer (nn/gated_relu.h) is a
// ReLU location with a gate a (1 = ReLU, 0 = identity). These functions count the locations, build
// the L1 norm of the gates that Selective Network Linearization (SNL, Cho et al., ICML 2022)
// penalises, and fix the gates to 0/1 either by the largest relaxed values (SNL's binarisation,
// to an exact budget) or by whole layers (the layer-cull baseline, as DeepReDuce drops the ReLUs
// of whole stages). Layers are taken in forward order, nested Sequentials included.
#pragma once

#include <memory>
#include <vector>

#include "nn/gated_relu.h"
#include "nn/sequential.h"
#include "tensor/random.h"

namespace parity::prune {

/// The GatedReLU layers of `model`, in forward order.
std::vector<nn::GatedReLU*> gated_relus(nn::Module& model);
std::vector<const nn::GatedReLU*> gated_relus(const nn::Module& model);

/// ReLU locations of `model`: the number of gates. @throws parity::Error when it has none.
Index relu_locations(const nn::Module& model);
/// Gates above `threshold` (SNL counts a > 1e-2).
Index relu_count(const nn::Module& model, double threshold = 1e-2);

/// sum_u |a_u| over the trainable gates, a scalar Var differentiable in them (0 when none is
/// trainable); |a| is written relu(a) + relu(-a), whose derivative is sign(a) and 0 at 0.
Var gate_l1(const nn::Module& model);

/// Makes every gate of `model` trainable (starting from its current value).
void make_gates_trainable(nn::Module& model);

/// Keeps the `budget` largest gates as ReLUs (a = 1) and makes every other unit the identity
/// (a = 0), frozen: exactly `budget` ReLUs remain. Ties go to the unit that comes first in forward
/// order. @throws parity::Error for a budget outside [0, relu_locations()].
void binarise_to_budget(nn::Module& model, Index budget);

/// Freezes the gates of the first L - k GatedReLU layers at 1 and those of the last k at 0 (their
/// ReLUs removed). @throws parity::Error unless 0 <= k <= L.
void cull_last_layers(nn::Module& model, Index k);
/// The ReLUs left after cull_last_layers(model, k).
Index cull_count(const nn::Module& model, Index k);

/// An MLP {in, hidden..., out} whose hidden layers end in frozen GatedReLUs with every gate 1 (so it
/// computes exactly the ReLU MLP of nn::mlp() with the same draws from `rng`).
std::unique_ptr<nn::Sequential> gated_mlp(const std::vector<Index>& widths, Rng& rng);

}  // namespace parity::prune
