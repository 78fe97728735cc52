#include "nn/copy_model.h"

#include "nn/gated_relu.h"
#include "nn/layer_factory.h"
#include "tensor/check.h"

namespace parity::nn {

namespace {

// The layers of `model`, rebuilt; parameters are drawn fresh here and overwritten by the caller.
std::unique_ptr<Sequential> copy_layers(const Sequential& model, Rng& rng) {
  auto copy = std::make_unique<Sequential>();
  for (const auto& [name, child] : model.children()) {
    if (const auto* nested = dynamic_cast<const Sequential*>(child.get())) {
      copy->add(copy_layers(*nested, rng));
      continue;
    }
    std::unique_ptr<Module> layer = make_layer(child->spec(), rng);
    if (const auto* gated = dynamic_cast<const GatedReLU*>(child.get()); gated && !gated->is_trainable()) {
      static_cast<GatedReLU&>(*layer).set_gates(gated->gates());
    }
    copy->add(std::move(layer));
  }
  return copy;
}

}  // namespace

std::unique_ptr<Sequential> copy_model(const Sequential& model) {
  Rng rng(0);
  std::unique_ptr<Sequential> copy = copy_layers(model, rng);
  copy->train(model.is_training());
  const auto from = model.named_parameters();
  const auto to = copy->named_parameters();
  PARITY_CHECK(from.size() == to.size(), "copy_model(): the copy has ", to.size(), " parameters, the model ",
               from.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    PARITY_CHECK(from[i].first == to[i].first, "copy_model(): parameter ", i, " is ", from[i].first,
                 " in the model but ", to[i].first, " in the copy");
    copy->set_parameter(to[i].first, Var(from[i].second.value().clone(), true));
    if (const Tensor& mask = model.mask(from[i].first); mask.defined()) copy->set_mask(to[i].first, mask);
  }
  return copy;
}

}  // namespace parity::nn
