#include "nn/module.h"

#include <utility>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

std::vector<Var> Module::parameters() const {
  std::vector<Var> out;
  for_each_parameter("", [&out](const std::string&, const Parameter& p) { out.push_back(p.value); });
  return out;
}

std::vector<std::pair<std::string, Var>> Module::named_parameters() const {
  std::vector<std::pair<std::string, Var>> out;
  for_each_parameter(
      "", [&out](const std::string& path, const Parameter& p) { out.emplace_back(path, p.value); });
  return out;
}

std::vector<Tensor> Module::masks() const {
  std::vector<Tensor> out;
  for_each_parameter("", [&out](const std::string&, const Parameter& p) { out.push_back(p.mask); });
  return out;
}

void Module::for_each_parameter(
    const std::string& prefix, const std::function<void(const std::string&, const Parameter&)>& visit) const {
  for (const Parameter& p : parameters_) visit(prefix + p.name, p);
  for (const auto& [name, child] : children_) child->for_each_parameter(prefix + name + ".", visit);
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Module::zero_grad() {
  for (auto& p : parameters()) p.zero_grad();
}

std::size_t Module::register_parameter(std::string name, Tensor value) {
  for (const Parameter& p : parameters_) {
    PARITY_CHECK(p.name != name, "Module::register_parameter(): duplicate parameter name '", name, "'");
  }
  parameters_.push_back({std::move(name), Var(std::move(value), true), Tensor()});
  return parameters_.size() - 1;
}

void Module::remove_parameter(const std::string& name) {
  for (auto it = parameters_.begin(); it != parameters_.end(); ++it) {
    if (it->name == name) {
      parameters_.erase(it);
      return;
    }
  }
  ::parity::detail::throw_error("Module::remove_parameter(): no parameter '", name, "'");
}

Module::Parameter& Module::find_parameter(const std::string& path, const char* caller) {
  return const_cast<Parameter&>(std::as_const(*this).find_parameter(path, caller));
}

const Module::Parameter& Module::find_parameter(const std::string& path, const char* caller) const {
  // Walk the dotted path down to the owning module; errors quote the full path.
  const Module* owner = this;
  std::string rest = path;
  for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
    const std::string head = rest.substr(0, dot);
    const Module* next = nullptr;
    for (const auto& [name, child] : owner->children_) {
      if (name == head) next = child.get();
    }
    PARITY_CHECK(next != nullptr, caller, ": no submodule '", head, "' for path '", path, "'");
    owner = next;
    rest = rest.substr(dot + 1);
  }
  for (const Parameter& p : owner->parameters_) {
    if (p.name == rest) return p;
  }
  ::parity::detail::throw_error(caller, ": no parameter '", path, "'");
}

void Module::set_parameter(const std::string& path, const Var& value) {
  constexpr const char* caller = "Module::set_parameter()";
  Parameter& p = find_parameter(path, caller);
  PARITY_CHECK(value.defined() && value.shape() == p.value.shape(), caller, ": '", path, "' has shape ",
               p.value.shape(), ", got ", value.defined() ? value.shape().to_string() : "undefined");
  p.value = value;
}

void Module::set_mask(const std::string& path, const Tensor& mask) {
  constexpr const char* caller = "Module::set_mask()";
  Parameter& p = find_parameter(path, caller);
  PARITY_CHECK(mask.defined(), caller, ": the mask for '", path, "' is an undefined tensor");
  PARITY_CHECK(mask.shape() == p.value.shape(), caller, ": '", path, "' has shape ", p.value.shape(),
               ", got a mask of shape ", mask.shape());
  check_zero_one(mask, caller, "the mask for '" + path + "'");
  PARITY_CHECK(p.value.is_leaf(), caller, ": '", path,
               "' is not a leaf, so its value cannot be masked in place");
  p.mask = mask.clone();
  p.value.mutable_value().mul_(p.mask);
}

const Tensor& Module::mask(const std::string& path) const {
  return find_parameter(path, "Module::mask()").mask;
}

void Module::clear_mask(const std::string& path) {
  find_parameter(path, "Module::clear_mask()").mask = Tensor();
}

Module& Module::register_module(std::string name, std::unique_ptr<Module> child) {
  PARITY_CHECK(child != nullptr, "Module::register_module(): null module '", name, "'");
  for (const auto& [existing, c] : children_) {
    PARITY_CHECK(existing != name, "Module::register_module(): duplicate module name '", name, "'");
  }
  child->train(training_);
  children_.emplace_back(std::move(name), std::move(child));
  return *children_.back().second;
}

Var Module::masked(std::size_t index) const {
  const Parameter& p = parameters_[index];
  return p.mask.defined() ? mul_constant(p.value, p.mask) : p.value;
}

}  // namespace parity::nn
