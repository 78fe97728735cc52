// The factory table: one builder per layer type, reading attributes through typed checked
// accessors; attributes no builder read are refused afterwards.
#include "nn/layer_factory.h"

#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "nn/activation.h"
#include "nn/conv2d.h"
#include "nn/flatten.h"
#include "nn/gated_relu.h"
#include "nn/linear.h"
#include "nn/pool.h"
#include "nn/sequential.h"
#include "tensor/check.h"

namespace parity::nn {

namespace {

using Value = std::variant<Index, double, bool, std::string>;

std::string describe(const Value& v) {
  std::ostringstream os;
  std::visit([&](const auto& x) { os << std::boolalpha << x; }, v);
  return os.str();
}

// Typed, checked reads of a spec's attributes; remembers which were read so that leftovers
// (attributes the type does not have) can be refused.
class Attributes {
 public:
  explicit Attributes(const LayerSpec& spec) : spec_(spec) {}

  Index integer(const std::string& name) const { return get<Index>(name, "an integer"); }
  Index integer(const std::string& name, Index fallback) const {
    return has(name) ? integer(name) : fallback;
  }
  bool boolean(const std::string& name, bool fallback) const {
    return has(name) ? get<bool>(name, "true or false") : fallback;
  }
  std::string text(const std::string& name) const { return get<std::string>(name, "a string"); }
  double real(const std::string& name, double fallback) const {
    if (!has(name)) return fallback;
    const Value& v = find(name);
    if (const Index* i = std::get_if<Index>(&v)) return static_cast<double>(*i);
    return get<double>(name, "a number");
  }

  void check_all_read() const {
    for (const auto& [name, value] : spec_.attributes) {
      PARITY_CHECK(read_.count(name) != 0, "make_layer(): ", spec_.type, ": unknown attribute '", name, "'");
    }
  }

 private:
  bool has(const std::string& name) const {
    read_.insert(name);
    return spec_.attributes.count(name) != 0;
  }
  const Value& find(const std::string& name) const {
    read_.insert(name);
    const auto it = spec_.attributes.find(name);
    PARITY_CHECK(it != spec_.attributes.end(), "make_layer(): ", spec_.type, ": missing attribute '", name,
                 "'");
    return it->second;
  }
  template <class T>
  const T& get(const std::string& name, const char* expected) const {
    const Value& v = find(name);
    const T* x = std::get_if<T>(&v);
    PARITY_CHECK(x != nullptr, "make_layer(): ", spec_.type, ": attribute '", name, "' must be ", expected,
                 ", got ", describe(v));
    return *x;
  }

  const LayerSpec& spec_;
  mutable std::set<std::string> read_;
};

using Builder = std::function<std::unique_ptr<Module>(const Attributes&, Rng&)>;

template <class Layer>
Builder plain() {
  return [](const Attributes&, Rng&) { return std::make_unique<Layer>(); };
}

const std::map<std::string, Builder>& builders() {
  static const std::map<std::string, Builder> table = {
      {"Linear",
       [](const Attributes& a, Rng& rng) {
         return std::make_unique<Linear>(a.integer("in_features"), a.integer("out_features"), rng,
                                         a.boolean("bias", true));
       }},
      {"Conv2d",
       [](const Attributes& a, Rng& rng) {
         return std::make_unique<Conv2d>(a.integer("in_channels"), a.integer("out_channels"),
                                         a.integer("kernel_size"), rng, a.integer("stride", 1),
                                         a.integer("padding", 0), a.boolean("bias", true));
       }},
      {"MaxPool2d",
       [](const Attributes& a, Rng&) {
         const Index k = a.integer("kernel_size");
         return std::make_unique<MaxPool2d>(k, a.integer("stride", k));
       }},
      {"AvgPool2d",
       [](const Attributes& a, Rng&) {
         const Index k = a.integer("kernel_size");
         return std::make_unique<AvgPool2d>(k, a.integer("stride", k));
       }},
      {"GatedReLU",
       [](const Attributes& a, Rng&) {
         return std::make_unique<GatedReLU>(parse_shape(a.text("shape"), "make_layer(): GatedReLU"),
                                            a.boolean("trainable", true));
       }},
      {"LeakyReLU",
       [](const Attributes& a, Rng&) { return std::make_unique<LeakyReLU>(a.real("slope", 0.01)); }},
      {"Flatten", plain<Flatten>()},
      {"ReLU", plain<ReLU>()},
      {"Tanh", plain<Tanh>()},
      {"Sigmoid", plain<Sigmoid>()},
      {"Softplus", plain<Softplus>()},
      {"Identity", plain<Identity>()},
      {"Sequential", plain<Sequential>()},
  };
  return table;
}

std::string joined_types() {
  std::string out;
  for (const std::string& t : layer_types()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

std::unique_ptr<Module> make_layer(const LayerSpec& spec, Rng& rng) {
  const auto it = builders().find(spec.type);
  PARITY_CHECK(it != builders().end(), "make_layer(): unknown layer type '", spec.type,
               "' (known: ", joined_types(), ")");
  const Attributes attributes(spec);
  std::unique_ptr<Module> layer = it->second(attributes, rng);
  attributes.check_all_read();
  return layer;
}

std::vector<std::string> layer_types() {
  std::vector<std::string> types;
  for (const auto& [name, builder] : builders()) types.push_back(name);
  return types;
}

Shape parse_shape(const std::string& text, const std::string& caller) {
  std::istringstream in(text);
  Shape shape;
  char c = 0;
  bool ok = static_cast<bool>(in >> c) && c == '[';
  if (ok && in.peek() != ']') {
    do {
      Index d = -1;
      ok = static_cast<bool>(in >> d) && d >= 0 && shape.rank() < Shape::kMaxRank;
      if (ok) shape.push_back(d);
    } while (ok && in.peek() == ',' && in.get());
  }
  ok = ok && in.get() == ']' && in.peek() == std::char_traits<char>::eof();
  PARITY_CHECK(ok, caller, ": shape '", text, "' is not of the form [d0,d1,...]");
  return shape;
}

}  // namespace parity::nn
