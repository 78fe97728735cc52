#include "autograd/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "tensor/check.h"
#include "tensor/elementwise.h"

namespace parity {

namespace {

void accumulate(Tensor& slot, Tensor contribution) {
  if (!contribution.defined()) return;
  slot = slot.defined() ? add(slot, contribution) : std::move(contribution);
}

// Node -> position in a sweep's ordering: open addressing with linear probing in a table of
// 2^k slots, at most half full. Graphs are small and swept often, so this avoids the per-node
// allocations of a node-based map.
class NodePositions {
 public:
  NodePositions() : slots_(64) {}

  // The position stored for `node`, inserting `fresh` if absent; `inserted` tells which.
  std::int64_t& find_or_insert(const Node* node, std::int64_t fresh, bool& inserted) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    Slot& slot = slots_[index_of(node)];
    inserted = slot.node == nullptr;
    if (inserted) {
      slot = {node, fresh};
      ++size_;
    }
    return slot.position;
  }
  // -1 when `node` is absent.
  std::int64_t find(const Node* node) const {
    const Slot& slot = slots_[index_of(node)];
    return slot.node == nullptr ? -1 : slot.position;
  }

 private:
  struct Slot {
    const Node* node = nullptr;
    std::int64_t position = -1;
  };

  // The slot holding `node`, or the empty slot where it belongs.
  std::size_t index_of(const Node* node) const {
    const std::size_t mask = slots_.size() - 1;
    // Fibonacci hashing of the address (its low bits are alignment).
    std::size_t i = (reinterpret_cast<std::uintptr_t>(node) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
    while (slots_[i].node != nullptr && slots_[i].node != node) i = (i + 1) & mask;
    return i;
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.node != nullptr) slots_[index_of(slot.node)] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

// One ordering of a graph plus the per-node buffers of the passes run on it. Node i of the
// ordering finds its inputs' positions in a table built with the ordering (-1 for inputs that
// do not require grad); nodes carry no sweep state, so sweeps over graphs sharing leaves (a
// model's parameters) may run on different threads at once.
class Graph {
 public:
  // wrt empty: every node that requires grad takes part (backward()).
  Graph(const Var& root, const std::vector<Var>& wrt) : root_(root) {
    NodePositions positions;
    order_nodes(root.node().get(), positions);
    for (const Var& w : wrt) wrt_positions_.push_back(positions.find(w.node().get()));
    mark_paths(wrt.empty());
  }

  void reverse(const Tensor& seed) {
    grad_.assign(order_.size(), Tensor());
    grad_[order_.size() - 1] = seed;
    for (std::size_t i = order_.size(); i-- > 0;) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i] || !grad_[i].defined()) continue;
      const NeededInputs needed = needed_inputs(i);
      if (!needed.any()) continue;
      Tensors x_bar = node->op->vjp(grad_[i], needed);
      const std::int64_t* inputs = input_positions(i);
      for (std::size_t j = 0; j < node->inputs.size(); ++j) {
        if (!needed[j]) continue;
        check_contribution(*node, j, x_bar[j], node->inputs[j]->value.shape(), "vjp");
        accumulate(grad_[static_cast<std::size_t>(inputs[j])], std::move(x_bar[j]));
      }
    }
  }

  void forward_tangents(const Tensors& directions) {
    tangent_.assign(order_.size(), Tensor());
    for (std::size_t w = 0; w < wrt_positions_.size(); ++w) {
      if (wrt_positions_[w] >= 0) tangent_[static_cast<std::size_t>(wrt_positions_[w])] = directions[w];
    }
    forward_pass();
  }

  // Seeds the single wrt with unit directions, kept in that form for the ops that take it.
  void forward_tangents(const UnitDirections& unit) {
    tangent_.assign(order_.size(), Tensor());
    unit_position_ = wrt_positions_[0];
    unit_ = unit;
    forward_pass();
  }

  // With a target (op.h), the unit-seeded variable's result goes there when its one consumer
  // can write it in place; target_written() tells whether it did.
  void reverse_tangents(const SampleMajorTarget& target = {}) {
    grad_tangent_.assign(order_.size(), Tensor());
    target_written_ = false;
    const std::int64_t into = target.data != nullptr ? sole_consumer(unit_position_) : -1;
    Tensors x_dot;
    for (std::size_t i = order_.size(); i-- > 0;) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i] || !grad_[i].defined()) continue;
      const NeededInputs needed = needed_inputs(i);
      const bool has_x_dot =
          gather_tangents(i, x_dot, [&](std::size_t j) { return node->op->vjp_tangent_reads(j, needed); });
      if (!has_x_dot && !grad_tangent_[i].defined()) continue;
      if (!needed.any()) continue;
      if (static_cast<std::int64_t>(i) == into) {
        const std::size_t j = input_index(i, unit_position_);
        NeededInputs only;
        only.set(j);
        if (needed == only && node->op->vjp_tangent_into(j, grad_[i], grad_tangent_[i], x_dot, target)) {
          target_written_ = true;
          tangent_[i] = Tensor();
          grad_tangent_[i] = Tensor();
          continue;
        }
      }
      Tensors x_bar_dot = node->op->vjp_tangent(grad_[i], grad_tangent_[i], x_dot, needed);
      // Every consumer of node i comes later in the order and is done: its tangents are no
      // longer needed, which bounds the memory a sweep holds.
      tangent_[i] = Tensor();
      grad_tangent_[i] = Tensor();
      const std::int64_t* inputs = input_positions(i);
      for (std::size_t j = 0; j < node->inputs.size(); ++j) {
        if (!needed[j]) continue;
        const Shape expected = node->inputs[j]->value.shape().prepended(directions_);
        check_contribution(*node, j, x_bar_dot[j], expected, "vjp_tangent");
        accumulate(grad_tangent_[static_cast<std::size_t>(inputs[j])], std::move(x_bar_dot[j]));
      }
    }
  }

  bool target_written() const { return target_written_; }
  void set_directions(Index k) { directions_ = k; }
  Index max_path_numel() const {
    Index largest = 0;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (on_path_[i]) largest = std::max(largest, order_[i]->value.numel());
    }
    return largest;
  }
  const std::vector<Node*>& order() const { return order_; }
  Tensor grad_at(std::size_t i) const { return grad_[i]; }
  Tensor root_tangent() const { return tangent_.back(); }
  // Results for wrt[w]: undefined when the root does not depend on it.
  Tensor wrt_grad(std::size_t w) const { return at(grad_, wrt_positions_[w]); }
  Tensor wrt_grad_tangent(std::size_t w) const { return at(grad_tangent_, wrt_positions_[w]); }
  void release_tangents() {
    tangent_.clear();
    grad_tangent_.clear();
    unit_position_ = -1;
    unit_dense_ = Tensor();
  }

 private:
  // Iterative depth-first search over nodes that require grad; a node is appended after
  // all its inputs, so the root comes last. `positions` maps the nodes seen to their place
  // in the ordering (-1 while on the stack).
  void order_nodes(Node* root, NodePositions& positions) {
    // Room for typical graphs up front: growing these vectors cost more than the sweep
    // bookkeeping itself on small graphs.
    order_.reserve(kTypicalNodes);
    input_begin_.reserve(kTypicalNodes + 1);
    input_positions_.reserve(2 * kTypicalNodes);
    std::vector<std::pair<Node*, std::size_t>> stack;
    bool inserted = false;
    positions.find_or_insert(root, -1, inserted);
    stack.emplace_back(root, 0);
    input_begin_.push_back(0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < node->inputs.size()) {
        Node* input = node->inputs[next++].get();
        if (!input->requires_grad) continue;
        positions.find_or_insert(input, -1, inserted);
        if (inserted) stack.emplace_back(input, 0);
        continue;
      }
      // Every input that requires grad was ordered before this node (the graph is acyclic).
      for (const auto& input : node->inputs) {
        input_positions_.push_back(input->requires_grad ? positions.find(input.get()) : -1);
      }
      input_begin_.push_back(input_positions_.size());
      positions.find_or_insert(node, -1, inserted) = static_cast<std::int64_t>(order_.size());
      order_.push_back(node);
      stack.pop_back();
    }
  }

  void mark_paths(bool everything) {
    on_path_.assign(order_.size(), everything ? 1 : 0);
    if (everything) return;
    for (const std::int64_t w : wrt_positions_) {
      if (w >= 0) on_path_[static_cast<std::size_t>(w)] = 1;
    }
    for (std::size_t i = 0; i < order_.size(); ++i) {
      const std::int64_t* inputs = input_positions(i);
      for (std::size_t j = 0; j < order_[i]->inputs.size(); ++j) {
        if (inputs[j] >= 0 && on_path_[static_cast<std::size_t>(inputs[j])]) on_path_[i] = 1;
      }
    }
  }

  const std::int64_t* input_positions(std::size_t i) const { return input_positions_.data() + input_begin_[i]; }

  // The one on-path node that reads `position`, once, as an input; -1 if none or several.
  std::int64_t sole_consumer(std::int64_t position) const {
    if (position < 0) return -1;
    std::int64_t consumer = -1;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      if (!on_path_[i]) continue;
      const std::int64_t* inputs = input_positions(i);
      for (std::size_t j = 0; j < order_[i]->inputs.size(); ++j) {
        if (inputs[j] != position) continue;
        if (consumer >= 0) return -1;
        consumer = static_cast<std::int64_t>(i);
      }
    }
    return consumer;
  }

  std::size_t input_index(std::size_t i, std::int64_t position) const {
    const std::int64_t* inputs = input_positions(i);
    std::size_t j = 0;
    while (inputs[j] != position) ++j;
    return j;
  }

  static Tensor at(const Tensors& buffers, std::int64_t position) {
    return position < 0 ? Tensor() : buffers[static_cast<std::size_t>(position)];
  }

  NeededInputs needed_inputs(std::size_t i) const {
    NeededInputs needed;
    const std::int64_t* inputs = input_positions(i);
    for (std::size_t j = 0; j < order_[i]->inputs.size(); ++j) {
      if (inputs[j] >= 0 && on_path_[static_cast<std::size_t>(inputs[j])]) needed.set(j);
    }
    return needed;
  }

  void forward_pass() {
    Tensors x_dot;
    for (std::size_t i = 0; i < order_.size(); ++i) {
      Node* node = order_[i];
      if (!node->op || !on_path_[i]) continue;
      if (!gather_tangents(i, x_dot, [](std::size_t) { return false; })) continue;
      tangent_[i] = jvp_at(i, x_dot);
      check_contribution(*node, 0, tangent_[i], node->value.shape().prepended(directions_), "jvp");
    }
  }

  bool is_unit(std::int64_t position) const { return position >= 0 && position == unit_position_; }

  // Fills x_dot with the inputs' tangents; false when all are zero. An input seeded with unit
  // directions counts as non-zero; its dense form is filled in where materialise(j) says so.
  template <class Materialise>
  bool gather_tangents(std::size_t i, Tensors& x_dot, Materialise materialise) {
    const std::int64_t* inputs = input_positions(i);
    x_dot.assign(order_[i]->inputs.size(), Tensor());
    bool any = false;
    for (std::size_t j = 0; j < x_dot.size(); ++j) {
      if (is_unit(inputs[j])) {
        any = true;
        if (materialise(j)) x_dot[j] = unit_dense();
      } else if (inputs[j] >= 0 && tangent_[static_cast<std::size_t>(inputs[j])].defined()) {
        x_dot[j] = tangent_[static_cast<std::size_t>(inputs[j])];
        any = true;
      }
    }
    return any;
  }

  // Node i's jvp from x_dot, where inputs seeded with unit directions are still empty: the
  // op's jvp_unit when such an input carries the only non-zero tangent, else the dense jvp.
  Tensor jvp_at(std::size_t i, Tensors& x_dot) {
    const Op& op = *order_[i]->op;
    const std::int64_t* inputs = input_positions(i);
    std::size_t units = 0;
    std::size_t unit_input = 0;
    bool others = false;
    for (std::size_t j = 0; j < x_dot.size(); ++j) {
      if (is_unit(inputs[j])) {
        ++units;
        unit_input = j;
      } else {
        others = others || x_dot[j].defined();
      }
    }
    if (units == 1 && !others) {
      Tensor y_dot = op.jvp_unit(unit_input, unit_);
      if (y_dot.defined()) return y_dot;
    }
    for (std::size_t j = 0; j < x_dot.size(); ++j) {
      if (is_unit(inputs[j])) x_dot[j] = unit_dense();
    }
    return op.jvp(x_dot);
  }

  const Tensor& unit_dense() {
    if (!unit_dense_.defined()) unit_dense_ = unit_.dense(order_[static_cast<std::size_t>(unit_position_)]->value.shape());
    return unit_dense_;
  }

  static void check_contribution(const Node& node, std::size_t input, const Tensor& t, const Shape& expected,
                                 const char* rule) {
    PARITY_CHECK(!t.defined() || t.shape() == expected, "internal error: ", op_name(node.op->kind()), " ",
                 rule, " gave shape ", t.shape(), " for input ", input, ", expected ", expected);
  }

  static constexpr std::size_t kTypicalNodes = 32;

  Var root_;  // keeps the graph alive
  Index directions_ = 0;
  std::vector<Node*> order_;
  std::vector<std::size_t> input_begin_;       // node i's inputs are input_positions_[input_begin_[i] ...]
  std::vector<std::int64_t> input_positions_;  // position of each input in order_, -1 if not in the sweep
  std::vector<std::int64_t> wrt_positions_;
  std::vector<char> on_path_;
  Tensors grad_;
  Tensors tangent_;
  Tensors grad_tangent_;
  // The wrt seeded with unit directions (-1: none), the directions, and their dense form once needed.
  std::int64_t unit_position_ = -1;
  UnitDirections unit_;
  Tensor unit_dense_;
  bool target_written_ = false;
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
  for (std::size_t i = 0; i < graph.order().size(); ++i) {
    Node* node = graph.order()[i];
    if (node->op) continue;
    Tensor g = graph.grad_at(i);
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
  for (std::size_t w = 0; w < wrt.size(); ++w) {
    Tensor g = graph.wrt_grad(w);
    out.push_back(g.defined() ? g : Tensor(wrt[w].shape()));
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
  graph.forward_tangents(directions);
  Tensor t = graph.root_tangent();
  return t.defined() ? t : Tensor(root.shape().prepended(k));
}

struct HvpPlan::State {
  State(const Var& root, std::vector<Var> variables) : wrt(std::move(variables)), graph(root, wrt) {}
  std::vector<Var> wrt;
  Graph graph;
  Tensors gradients;
};

HvpPlan::HvpPlan(const Var& root, std::vector<Var> wrt) {
  check_wrt(wrt, "HvpPlan()");
  const Tensor seed = checked_seed(root, Tensor(), "HvpPlan()");
  state_ = std::make_unique<State>(root, std::move(wrt));
  Graph& graph = state_->graph;
  graph.reverse(seed);
  for (std::size_t w = 0; w < state_->wrt.size(); ++w) {
    Tensor g = graph.wrt_grad(w);
    state_->gradients.push_back(g.defined() ? g : Tensor(state_->wrt[w].shape()));
  }
}

HvpPlan::~HvpPlan() = default;

namespace {

// The features per row of the one variable of `wrt`, checked to hold `unit`.
Index unit_features(const std::vector<Var>& wrt, const UnitDirections& unit) {
  PARITY_CHECK(wrt.size() == 1, "hvp(): unit directions need exactly one variable, got ", wrt.size());
  const Shape& shape = wrt[0].shape();
  PARITY_CHECK(shape.rank() >= 2, "hvp(): unit directions need a variable [rows, ...] of rank >= 2, got ", shape);
  const Index features = shape.slice(1, shape.rank()).numel();
  PARITY_CHECK(unit.first >= 0 && unit.count >= 1 && unit.first + unit.count <= features,
               "hvp(): unit directions ", unit.first, " to ", unit.first + unit.count - 1, " (count ", unit.count,
               ") are not among the ", features, " features of ", shape);
  return features;
}

}  // namespace

Tensor HvpPlan::hvp(const UnitDirections& unit) {
  unit_features(state_->wrt, unit);
  const Shape& shape = state_->wrt[0].shape();
  Graph& graph = state_->graph;
  graph.set_directions(unit.count);
  graph.forward_tangents(unit);
  graph.reverse_tangents();
  Tensor t = graph.wrt_grad_tangent(0);
  graph.release_tangents();
  return t.defined() ? t : Tensor(shape.prepended(unit.count));
}

void HvpPlan::hvp(const UnitDirections& unit, const SampleMajorTarget& target) {
  const Index features = unit_features(state_->wrt, unit);
  PARITY_CHECK(target.data != nullptr, "hvp(): the sample-major target has no data");
  PARITY_CHECK(target.row_stride >= unit.count * features, "hvp(): the sample-major target's row stride ",
               target.row_stride, " is less than ", unit.count, " directions x ", features, " features");
  const Index rows = state_->wrt[0].shape()[0];
  Graph& graph = state_->graph;
  graph.set_directions(unit.count);
  graph.forward_tangents(unit);
  graph.reverse_tangents(target);
  if (!graph.target_written()) {
    // t[k, i, :] -> target row i, block k; zeros when the root does not depend on the variable.
    const Tensor t = graph.wrt_grad_tangent(0);
    for (Index k = 0; k < unit.count; ++k) {
      for (Index i = 0; i < rows; ++i) {
        double* out = target.data + i * target.row_stride + k * features;
        if (t.defined()) {
          std::copy_n(t.data() + (k * rows + i) * features, features, out);
        } else {
          std::fill_n(out, features, 0.0);
        }
      }
    }
  }
  graph.release_tangents();
}

const Tensor& HvpPlan::gradient(std::size_t i) const {
  PARITY_CHECK(i < state_->gradients.size(), "HvpPlan::gradient(): index ", i, " out of range for ",
               state_->gradients.size(), " variables");
  return state_->gradients[i];
}

Index HvpPlan::max_path_numel() const { return state_->graph.max_path_numel(); }

Tensors HvpPlan::hvp(const Tensors& directions) {
  const Index k = check_directions(state_->wrt, directions, "hvp()");
  Graph& graph = state_->graph;
  graph.set_directions(k);
  graph.forward_tangents(directions);
  graph.reverse_tangents();
  Tensors out;
  for (std::size_t w = 0; w < state_->wrt.size(); ++w) {
    Tensor t = graph.wrt_grad_tangent(w);
    out.push_back(t.defined() ? t : Tensor(state_->wrt[w].shape().prepended(k)));
  }
  graph.release_tangents();
  return out;
}

}  // namespace parity
