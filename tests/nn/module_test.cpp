// Tests of Module: named_parameters() order and dotted paths, set_parameter() and its errors,
// remove_parameter(), train/eval propagation, zero_grad(), duplicate names, and the masks a
// module owns: set_mask()/mask()/clear_mask()/masks(), their errors, and masked() in forward.
#include "nn/module.h"

#include <gtest/gtest.h>

#include "autograd/functional.h"
#include "nn/activation.h"
#include "nn/layer_harness.h"
#include "nn/linear.h"
#include "nn/sequential.h"
#include "tensor/creation.h"

namespace parity::nn {
namespace {

// y = a * x + b with scalar-free parameters a [2], b [2]; exposes the protected registration.
class Affine : public Module {
 public:
  Affine() {
    register_parameter("a", Tensor(Shape{2}, {2.0, 3.0}));
    register_parameter("b", Tensor(Shape{2}, {0.5, -1.0}));
  }
  Var forward(const Var& x) override { return x * masked(0) + masked(1); }
  LayerSpec spec() const override { return {"Affine", {}}; }

  using Module::masked;
  using Module::parameter;
  using Module::register_module;
  using Module::register_parameter;
  using Module::remove_parameter;
};

std::vector<std::string> names_of(const Module& m) {
  std::vector<std::string> names;
  for (const auto& [name, p] : m.named_parameters()) names.push_back(name);
  return names;
}

TEST(Module, NamedParametersFollowRegistrationOrderWithDottedPaths) {
  Rng rng(1);
  Sequential model;
  model.add(std::make_unique<Linear>(3, 4, rng));
  model.add(std::make_unique<Tanh>());
  auto inner = std::make_unique<Sequential>();
  inner->add(std::make_unique<Linear>(4, 2, rng, false));
  inner->add(std::make_unique<Affine>());
  model.add(std::move(inner));
  const std::vector<std::string> expected = {"0.weight", "0.bias", "2.0.weight", "2.1.a", "2.1.b"};
  EXPECT_EQ(names_of(model), expected);
  const std::vector<Var> parameters = model.parameters();
  ASSERT_EQ(parameters.size(), 5u);
  EXPECT_EQ(parameters[2].shape(), (Shape{2, 4}));
  for (const Var& p : parameters) EXPECT_TRUE(p.requires_grad() && p.is_leaf());
}

TEST(Module, OwnParametersComeBeforeChildren) {
  Affine outer;
  outer.register_module("child", std::make_unique<Affine>());
  outer.register_parameter("c", Tensor(Shape{1}));
  const std::vector<std::string> expected = {"a", "b", "c", "child.a", "child.b"};
  EXPECT_EQ(names_of(outer), expected);
}

TEST(Module, SetParameterRebindsTheLeafUsedByForward) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  Var a(Tensor(Shape{2}, {10.0, 20.0}), true);
  model.set_parameter("0.a", a);
  EXPECT_EQ(model.named_parameters()[0].second.node(), a.node());
  const Var y = model(Var(Tensor(Shape{2}, {1.0, 2.0})));
  EXPECT_EQ(y.value().at({0}), 10.5);
  EXPECT_EQ(y.value().at({1}), 39.0);
  sum(y).backward();
  EXPECT_EQ(a.grad().at({1}), 2.0);
}

TEST(Module, SetParameterErrorsNameThePath) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  EXPECT_EQ(error_message([&] { model.set_parameter("0.a", Var(Tensor(Shape{3}), true)); }),
            "Module::set_parameter(): '0.a' has shape [2], got [3]");
  EXPECT_EQ(error_message([&] { model.set_parameter("0.a", Var()); }),
            "Module::set_parameter(): '0.a' has shape [2], got undefined");
  EXPECT_EQ(error_message([&] { model.set_parameter("0.z", Var(Tensor(Shape{2}), true)); }),
            "Module::set_parameter(): no parameter '0.z'");
  EXPECT_EQ(error_message([&] { model.set_parameter("4.a", Var(Tensor(Shape{2}), true)); }),
            "Module::set_parameter(): no submodule '4' for path '4.a'");
}

TEST(Module, RemoveParameterDropsItFromTheList) {
  Affine m;
  m.remove_parameter("a");
  EXPECT_EQ(names_of(m), std::vector<std::string>{"b"});
  EXPECT_EQ(error_message([&] { m.remove_parameter("a"); }), "Module::remove_parameter(): no parameter 'a'");
}

TEST(Module, TrainAndEvalReachEveryDescendantAndNewChildren) {
  Sequential model;
  model.add(std::make_unique<ReLU>());
  auto inner = std::make_unique<Sequential>();
  inner->add(std::make_unique<Tanh>());
  model.add(std::move(inner));
  EXPECT_TRUE(model.is_training());
  model.eval();
  EXPECT_FALSE(model.is_training());
  EXPECT_FALSE(model[0].is_training());
  EXPECT_FALSE(model[1].children()[0].second->is_training());
  model.add(std::make_unique<Identity>());
  EXPECT_FALSE(model[2].is_training());
  model.train();
  EXPECT_TRUE(model[1].children()[0].second->is_training());
  EXPECT_TRUE(model[2].is_training());
}

TEST(Module, ZeroGradClearsEveryParameter) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  model.add(std::make_unique<Affine>());
  sum(model(Var(ones(Shape{2})))).backward();
  for (const Var& p : model.parameters()) ASSERT_TRUE(p.grad().defined());
  model.zero_grad();
  for (const Var& p : model.parameters()) EXPECT_FALSE(p.grad().defined());
}

TEST(Module, DuplicateNamesAreRefused) {
  Affine m;
  EXPECT_EQ(error_message([&] { m.register_parameter("a", Tensor(Shape{1})); }),
            "Module::register_parameter(): duplicate parameter name 'a'");
  m.register_module("child", std::make_unique<Affine>());
  EXPECT_EQ(error_message([&] { m.register_module("child", std::make_unique<Affine>()); }),
            "Module::register_module(): duplicate module name 'child'");
  EXPECT_EQ(error_message([&] { m.register_module("none", nullptr); }),
            "Module::register_module(): null module 'none'");
}

TEST(Module, MaskedMultipliesByTheMaskOnlyWhenPresent) {
  Affine m;
  EXPECT_EQ(m.masked(0).node(), m.parameter(0).node());
  m.set_mask("a", Tensor(Shape{2}, {0.0, 1.0}));
  // Entries under the mask may drift (e.g. by a careless update); masked() must not see them.
  Var a = m.named_parameters()[0].second;
  a.mutable_value().data()[0] = 7.0;
  const Var effective = m.masked(0);
  EXPECT_EQ(effective.value().at({0}), 0.0);
  EXPECT_EQ(effective.value().at({1}), 3.0);
  EXPECT_EQ(m.masked(1).node(), m.parameter(1).node());
}

TEST(Module, SetMaskZeroesMaskedEntriesAndMasksAlignWithParameters) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  model.add(std::make_unique<Affine>());
  Tensor mask(Shape{2}, {1.0, 0.0});
  model.set_mask("1.a", mask);
  mask.data()[0] = 0.0;  // the module keeps its own copy
  EXPECT_EQ(model.mask("1.a").at({0}), 1.0);
  EXPECT_FALSE(model.mask("0.a").defined());
  EXPECT_EQ(model.named_parameters()[2].second.value().at({0}), 2.0);
  EXPECT_EQ(model.named_parameters()[2].second.value().at({1}), 0.0);
  const std::vector<Tensor> masks = model.masks();
  ASSERT_EQ(masks.size(), model.parameters().size());
  for (std::size_t i = 0; i < masks.size(); ++i) EXPECT_EQ(masks[i].defined(), i == 2) << i;
  model.clear_mask("1.a");
  EXPECT_FALSE(model.mask("1.a").defined());
  model.clear_mask("1.a");
  EXPECT_FALSE(model.mask("1.a").defined());
}

TEST(Module, ForwardUsesTheMaskOfTheOwningModuleAcrossSetParameter) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  model.set_mask("0.a", Tensor(Shape{2}, {0.0, 1.0}));
  // The mask belongs to the parameter's slot: a new value at the path is masked too.
  Var a(Tensor(Shape{2}, {10.0, 20.0}), true);
  model.set_parameter("0.a", a);
  const Var y = model(Var(Tensor(Shape{2}, {1.0, 2.0})));
  EXPECT_EQ(y.value().at({0}), 0.5);
  EXPECT_EQ(y.value().at({1}), 39.0);
  sum(y).backward();
  EXPECT_EQ(a.grad().at({0}), 0.0);
  EXPECT_EQ(a.grad().at({1}), 2.0);
}

TEST(Module, RemovedParameterTakesItsMaskAlong) {
  Affine m;
  m.set_mask("a", Tensor(Shape{2}, {0.0, 1.0}));
  m.remove_parameter("a");
  m.register_parameter("a", Tensor(Shape{2}, {4.0, 5.0}));
  EXPECT_FALSE(m.mask("a").defined());
  EXPECT_EQ(m.masks().size(), 2u);
}

TEST(Module, MaskErrorsNameThePathAndExpectedVersusActual) {
  Sequential model;
  model.add(std::make_unique<Affine>());
  EXPECT_EQ(error_message([&] { model.set_mask("0.a", Tensor(Shape{3})); }),
            "Module::set_mask(): '0.a' has shape [2], got a mask of shape [3]");
  EXPECT_EQ(error_message([&] { model.set_mask("0.a", Tensor()); }),
            "Module::set_mask(): the mask for '0.a' is an undefined tensor");
  EXPECT_EQ(error_message([&] {
              model.set_mask("0.a", Tensor(Shape{2}, {1.0, 0.5}));
            }),
            "Module::set_mask(): the mask for '0.a' must hold only 0 or 1, got 0.5 at [1] of shape [2]");
  EXPECT_EQ(error_message([&] { model.set_mask("0.z", Tensor(Shape{2})); }),
            "Module::set_mask(): no parameter '0.z'");
  EXPECT_EQ(error_message([&] { model.mask("3.a"); }), "Module::mask(): no submodule '3' for path '3.a'");
  EXPECT_EQ(error_message([&] { model.clear_mask("0.c"); }), "Module::clear_mask(): no parameter '0.c'");
  const Var leaf(Tensor(Shape{2}, {1.0, 2.0}), true);
  model.set_parameter("0.a", exp(leaf));
  EXPECT_EQ(error_message([&] {
              model.set_mask("0.a", Tensor(Shape{2}, {1.0, 0.0}));
            }),
            "Module::set_mask(): '0.a' is not a leaf, so its value cannot be masked in place");
  EXPECT_FALSE(model.mask("0.a").defined());
}

}  // namespace
}  // namespace parity::nn
