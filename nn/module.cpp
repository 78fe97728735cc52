#include "nn/module.h"

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::nn {

std::vector<Var> Module::parameters() const {
  std::vector<Var> out;
  for (auto& [name, p] : named_parameters()) out.push_back(p);
  return out;
}

std::vector<std::pair<std::string, Var>> Module::named_parameters() const {
  std::vector<std::pair<std::string, Var>> out;
  collect("", out);
  return out;
}

void Module::collect(const std::string& prefix, std::vector<std::pair<std::string, Var>>& out) const {
  for (const auto& [name, p] : parameters_) out.emplace_back(prefix + name, p);
  for (const auto& [name, child] : children_) child->collect(prefix + name + ".", out);
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [name, child] : children_) child->train(on);
}

void Module::zero_grad() {
  for (auto& p : parameters()) p.zero_grad();
}

std::size_t Module::register_parameter(std::string name, Tensor value) {
  for (const auto& [existing, p] : parameters_) {
    PARITY_CHECK(existing != name, "Module::register_parameter(): duplicate parameter name '", name, "'");
  }
  parameters_.emplace_back(std::move(name), Var(std::move(value), true));
  return parameters_.size() - 1;
}

void Module::remove_parameter(const std::string& name) {
  for (auto it = parameters_.begin(); it != parameters_.end(); ++it) {
    if (it->first == name) {
      parameters_.erase(it);
      return;
    }
  }
  ::parity::detail::throw_error("Module::remove_parameter(): no parameter '", name, "'");
}

void Module::set_parameter(const std::string& path, const Var& value) {
  // Walk the dotted path down to the owning module; errors quote the full path.
  Module* owner = this;
  std::string rest = path;
  for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
    const std::string head = rest.substr(0, dot);
    Module* next = nullptr;
    for (auto& [name, child] : owner->children_) {
      if (name == head) next = child.get();
    }
    PARITY_CHECK(next != nullptr, "Module::set_parameter(): no submodule '", head, "' for path '", path, "'");
    owner = next;
    rest = rest.substr(dot + 1);
  }
  for (auto& [name, p] : owner->parameters_) {
    if (name != rest) continue;
    PARITY_CHECK(value.defined() && value.shape() == p.shape(), "Module::set_parameter(): '", path,
                 "' has shape ", p.shape(), ", got ", value.defined() ? value.shape().to_string() : "undefined");
    p = value;
    return;
  }
  ::parity::detail::throw_error("Module::set_parameter(): no parameter '", path, "'");
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

Var masked(const Var& parameter) {
  return parameter.mask().defined() ? mul_constant(parameter, parameter.mask()) : parameter;
}

}  // namespace parity::nn
