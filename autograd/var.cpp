#include "autograd/var.h"

#include "autograd/engine.h"
#include "autograd/op.h"
#include "tensor/check.h"

namespace parity {

namespace {

thread_local bool g_grad_enabled = true;

}  // namespace

Node::Node() = default;

Node::~Node() {
  std::vector<std::shared_ptr<Node>> pending = std::move(inputs);
  while (!pending.empty()) {
    std::shared_ptr<Node> node = std::move(pending.back());
    pending.pop_back();
    if (node.use_count() == 1) {
      for (auto& input : node->inputs) pending.push_back(std::move(input));
      node->inputs.clear();
    }
  }
}

Var::Var(Tensor value, bool requires_grad) : node_(std::make_shared<Node>()) {
  check_defined(value, "Var()", "value");
  node_->value = std::move(value);
  node_->requires_grad = requires_grad;
}

Var Var::from_node(std::shared_ptr<Node> node) {
  Var v;
  v.node_ = std::move(node);
  return v;
}

const Tensor& Var::value() const {
  PARITY_CHECK(defined(), "Var::value(): undefined Var");
  return node_->value;
}

bool Var::requires_grad() const { return defined() && node_->requires_grad; }

bool Var::is_leaf() const { return defined() && node_->op == nullptr; }

const Tensor& Var::grad() const {
  PARITY_CHECK(defined(), "Var::grad(): undefined Var");
  return node_->grad;
}

void Var::zero_grad() {
  PARITY_CHECK(defined(), "Var::zero_grad(): undefined Var");
  node_->grad = Tensor();
}

Tensor& Var::mutable_value() {
  PARITY_CHECK(is_leaf(), "Var::mutable_value(): only leaves can be updated in place");
  return node_->value;
}

void Var::backward() const { parity::backward(*this); }

void Var::backward(const Tensor& seed) const { parity::backward(*this, seed); }

NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }

NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

bool grad_enabled() { return g_grad_enabled; }

}  // namespace parity
