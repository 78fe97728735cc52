#include "autograd/engine.h"

#include <algorithm>
#include <cmath>

#include "tensor/check.h"
#include "tensor/elementwise.h"

namespace parity {

namespace {

thread_local std::uint64_t g_last_sweep_id = 0;

void accumulate(Tensor& slot, Tensor contribution) {
  if (!contribution.defined()) return;
  slot = slot.defined() ? add(slot, contribution) : std::move(contribution);
}

// One ordering of a graph plus the per-node buffers of the passes run on it. Nodes find
// their buffers through Node::slot, valid while Node::sweep_id equals this graph's id; the
// stamp is renewed at the start of every pass so interleaved sweeps stay independent.
class Graph {
 public:
  // wrt empty: every node that requires grad takes part (backward()).
  Graph(const Var& root, const std::vector<Var>& wrt) : root_(root), id_(++g_last_sweep_id) {
    order_nodes();
    mark_paths(wrt);
  }

  void reverse(const Tensor& seed) {
    stamp();
    grad_.assign(order_.size(), Tensor());
    grad_[order_.size() - 1] = seed;
    for (std::size_t i = order_.size(); i-- > 0;) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i] || !grad_[i].defined()) continue;
      const InputMask wanted = wanted_inputs(*node);
      if (!wanted.any()) continue;
      Tensors x_bar = node->op->vjp(grad_[i], wanted);
      for (std::size_t j = 0; j < node->inputs.size(); ++j) {
        if (!wanted[j]) continue;
        check_contribution(*node, j, x_bar[j], node->inputs[j]->value.shape(), "vjp");
        accumulate(grad_[static_cast<std::size_t>(node->inputs[j]->slot)], std::move(x_bar[j]));
      }
    }
  }

  void forward_tangents(const std::vector<Var>& wrt, const Tensors& directions) {
    stamp();
    tangent_.assign(order_.size(), Tensor());
    for (std::size_t w = 0; w < wrt.size(); ++w) {
      const std::int64_t s = slot_of(wrt[w].node().get());
      if (s >= 0) tangent_[static_cast<std::size_t>(s)] = directions[w];
    }
    Tensors x_dot;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i]) continue;
      if (!gather_tangents(*node, x_dot)) continue;
      tangent_[i] = node->op->jvp(x_dot);
      check_contribution(*node, 0, tangent_[i], node->value.shape().prepended(directions_), "jvp");
    }
  }

  void reverse_tangents() {
    stamp();
    grad_tangent_.assign(order_.size(), Tensor());
    Tensors x_dot;
    for (std::size_t i = order_.size(); i-- > 0;) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i] || !grad_[i].defined()) continue;
      const bool has_x_dot = gather_tangents(*node, x_dot);
      if (!has_x_dot && !grad_tangent_[i].defined()) continue;
      const InputMask wanted = wanted_inputs(*node);
      if (!wanted.any()) continue;
      Tensors x_bar_dot = node->op->vjp_tangent(grad_[i], grad_tangent_[i], x_dot, wanted);
      for (std::size_t j = 0; j < node->inputs.size(); ++j) {
        if (!wanted[j]) continue;
        const Shape expected = node->inputs[j]->value.shape().prepended(directions_);
        check_contribution(*node, j, x_bar_dot[j], expected, "vjp_tangent");
        accumulate(grad_tangent_[static_cast<std::size_t>(node->inputs[j]->slot)], std::move(x_bar_dot[j]));
      }
    }
  }

  void set_directions(Index k) { directions_ = k; }
  Index max_path_numel() const {
    Index largest = 0;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (on_path_[i]) largest = std::max(largest, order_[i]->value.numel());
    }
    return largest;
  }
  std::int64_t slot_of(const Node* node) const { return node->sweep_id == id_ ? node->slot : -1; }
  const std::vector<Node*>& order() const { return order_; }
  Tensor grad_at(std::int64_t slot) const { return slot < 0 ? Tensor() : grad_[static_cast<std::size_t>(slot)]; }
  Tensor tangent_at(std::int64_t slot) const { return slot < 0 ? Tensor() : tangent_[static_cast<std::size_t>(slot)]; }
  Tensor grad_tangent_at(std::int64_t slot) const {
    return slot < 0 ? Tensor() : grad_tangent_[static_cast<std::size_t>(slot)];
  }
  void release_tangents() {
    tangent_.clear();
    grad_tangent_.clear();
  }

 private:
  // Iterative depth-first search over nodes that require grad; a node is appended after
  // all its inputs, so the root comes last.
  void order_nodes() {
    Node* root = root_.node().get();
    std::vector<std::pair<Node*, std::size_t>> stack;
    root->sweep_id = id_;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < node->inputs.size()) {
        Node* input = node->inputs[next++].get();
        if (input->requires_grad && input->sweep_id != id_) {
          input->sweep_id = id_;
          stack.emplace_back(input, 0);
        }
        continue;
      }
      node->slot = static_cast<std::int64_t>(order_.size());
      order_.push_back(node);
      stack.pop_back();
    }
  }

  void mark_paths(const std::vector<Var>& wrt) {
    on_path_.assign(order_.size(), wrt.empty() ? 1 : 0);
    if (wrt.empty()) return;
    for (const Var& w : wrt) {
      const std::int64_t s = slot_of(w.node().get());
      if (s >= 0) on_path_[static_cast<std::size_t>(s)] = 1;
    }
    for (std::size_t i = 0; i < order_.size(); ++i) {
      for (const auto& input : order_[i]->inputs) {
        const std::int64_t s = slot_of(input.get());
        if (s >= 0 && on_path_[static_cast<std::size_t>(s)]) on_path_[i] = 1;
      }
    }
  }

  void stamp() {
    for (std::size_t i = 0; i < order_.size(); ++i) {
      order_[i]->sweep_id = id_;
      order_[i]->slot = static_cast<std::int64_t>(i);
    }
  }

  InputMask wanted_inputs(const Node& node) const {
    InputMask mask;
    for (std::size_t j = 0; j < node.inputs.size(); ++j) {
      const std::int64_t s = slot_of(node.inputs[j].get());
      if (s >= 0 && on_path_[static_cast<std::size_t>(s)]) mask.set(j);
    }
    return mask;
  }

  // Fills x_dot with the inputs' tangents; false when all are zero.
  bool gather_tangents(const Node& node, Tensors& x_dot) const {
    x_dot.assign(node.inputs.size(), Tensor());
    bool any = false;
    for (std::size_t j = 0; j < node.inputs.size(); ++j) {
      const std::int64_t s = slot_of(node.inputs[j].get());
      if (s >= 0 && tangent_[static_cast<std::size_t>(s)].defined()) {
        x_dot[j] = tangent_[static_cast<std::size_t>(s)];
        any = true;
      }
    }
    return any;
  }

  static void check_contribution(const Node& node, std::size_t input, const Tensor& t, const Shape& expected,
                                 const char* rule) {
    PARITY_CHECK(!t.defined() || t.shape() == expected, "internal error: ", op_name(node.op->kind()), " ",
                 rule, " gave shape ", t.shape(), " for input ", input, ", expected ", expected);
  }

  Var root_;
  std::uint64_t id_;
  Index directions_ = 0;
  std::vector<Node*> order_;
  std::vector<char> on_path_;
  Tensors grad_;
  Tensors tangent_;
  Tensors grad_tangent_;
};

Tensor checked_seed(const Var& root, const Tensor& seed, const char* caller) {
  PARITY_CHECK(root.defined(), caller, ": root is an undefined Var");
  if (!seed.defined()) {
    PARITY_CHECK(root.value().numel() == 1, caller, ": root of shape ", root.shape(),
                 " is not a scalar; pass a seed of that shape");
    return Tensor(root.shape(), {1.0});
  }
  PARITY_CHECK(seed.shape() == root.shape(), caller, ": seed shape ", seed.shape(), " differs from root shape ",
               root.shape());
  check_finite(seed, caller, "seed");
  return seed;
}

void check_wrt(const std::vector<Var>& wrt, const char* caller) {
  PARITY_CHECK(!wrt.empty(), caller, ": no variables to differentiate with respect to");
  for (std::size_t i = 0; i < wrt.size(); ++i) {
    PARITY_CHECK(wrt[i].is_leaf() && wrt[i].requires_grad(), caller, ": wrt[", i,
                 "] must be a leaf that requires grad");
  }
}

Index check_directions(const std::vector<Var>& wrt, const Tensors& directions, const char* caller) {
  PARITY_CHECK(directions.size() == wrt.size(), caller, ": ", directions.size(), " direction tensors for ",
               wrt.size(), " variables");
  Index k = -1;
  for (std::size_t i = 0; i < wrt.size(); ++i) {
    check_defined(directions[i], caller, "direction");
    const Shape expected = wrt[i].shape().prepended(directions[i].dim() > 0 ? directions[i].size(0) : 0);
    PARITY_CHECK(directions[i].dim() == wrt[i].shape().rank() + 1 && directions[i].shape() == expected, caller,
                 ": direction ", i, " has shape ", directions[i].shape(), ", expected [K] + ", wrt[i].shape());
    PARITY_CHECK(k < 0 || directions[i].size(0) == k, caller, ": directions disagree on K: ", k, " vs ",
                 directions[i].size(0));
    k = directions[i].size(0);
    check_finite(directions[i], caller, "direction");
  }
  PARITY_CHECK(k >= 1, caller, ": need at least one direction (K >= 1)");
  return k;
}

}  // namespace

void backward(const Var& root, const Tensor& seed) {
  const Tensor start = checked_seed(root, seed, "backward()");
  PARITY_CHECK(root.requires_grad(), "backward(): root does not require grad (no leaf it depends on "
                                     "requires grad, or it was computed under NoGradGuard)");
  Graph graph(root, {});
  graph.reverse(start);
  for (Node* node : graph.order()) {
    if (node->op) continue;
    Tensor g = graph.grad_at(node->slot);
    if (!g.defined()) continue;
    node->grad = node->grad.defined() ? add(node->grad, g) : g.clone();
  }
}

Tensors gradient(const Var& root, const std::vector<Var>& wrt, const Tensor& seed) {
  check_wrt(wrt, "gradient()");
  const Tensor start = checked_seed(root, seed, "gradient()");
  Graph graph(root, wrt);
  graph.reverse(start);
  Tensors out;
  for (const Var& w : wrt) {
    Tensor g = graph.grad_at(graph.slot_of(w.node().get()));
    out.push_back(g.defined() ? g : Tensor(w.shape()));
  }
  return out;
}

Tensor jvp(const Var& root, const std::vector<Var>& wrt, const Tensors& directions) {
  check_wrt(wrt, "jvp()");
  PARITY_CHECK(root.defined(), "jvp(): root is an undefined Var");
  const Index k = check_directions(wrt, directions, "jvp()");
  if (!root.requires_grad()) return Tensor(root.shape().prepended(k));
  Graph graph(root, wrt);
  graph.set_directions(k);
  graph.forward_tangents(wrt, directions);
  Tensor t = graph.tangent_at(graph.slot_of(root.node().get()));
  return t.defined() ? t : Tensor(root.shape().prepended(k));
}

struct TangentSweep::State {
  State(const Var& root, std::vector<Var> variables) : wrt(std::move(variables)), graph(root, wrt) {}
  std::vector<Var> wrt;
  Graph graph;
  Tensors grads;
};

TangentSweep::TangentSweep(const Var& root, std::vector<Var> wrt) {
  check_wrt(wrt, "TangentSweep()");
  const Tensor seed = checked_seed(root, Tensor(), "TangentSweep()");
  state_ = std::make_unique<State>(root, std::move(wrt));
  Graph& graph = state_->graph;
  graph.reverse(seed);
  for (const Var& w : state_->wrt) {
    Tensor g = graph.grad_at(graph.slot_of(w.node().get()));
    state_->grads.push_back(g.defined() ? g : Tensor(w.shape()));
  }
}

TangentSweep::~TangentSweep() = default;

const Tensor& TangentSweep::grad(std::size_t i) const {
  PARITY_CHECK(i < state_->grads.size(), "TangentSweep::grad(): index ", i, " out of range for ",
               state_->grads.size(), " variables");
  return state_->grads[i];
}

Index TangentSweep::max_path_numel() const { return state_->graph.max_path_numel(); }

Tensors TangentSweep::hvp(const Tensors& directions) {
  const Index k = check_directions(state_->wrt, directions, "hvp()");
  Graph& graph = state_->graph;
  graph.set_directions(k);
  graph.forward_tangents(state_->wrt, directions);
  graph.reverse_tangents();
  Tensors out;
  for (const Var& w : state_->wrt) {
    Tensor t = graph.grad_tangent_at(graph.slot_of(w.node().get()));
    out.push_back(t.defined() ? t : Tensor(w.shape().prepended(k)));
  }
  graph.release_tangents();
  return out;
}

}  // namespace parity
