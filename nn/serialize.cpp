// save_model / load_model: the model.json index through nlohmann-json (ordered, so "type" comes
// first) and one float64 .npy per tensor through tensor/io.h. Loading builds the layers with
// make_layer(), then checks every file against the shapes the rebuilt layers expect.
#include "nn/serialize.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <nlohmann/json.hpp>
#include <utility>
#include <variant>
#include <vector>

#include "nn/gated_relu.h"
#include "nn/layer_factory.h"
#include "tensor/check.h"
#include "tensor/io.h"

namespace parity::nn {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "parity-model";
constexpr int kVersion = 1;
constexpr const char* kIndexFile = "model.json";

std::string file_in(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

// ---- saving ----

// Non-parameter tensors to write: the gates of frozen GatedReLU layers, by file stem.
using Constants = std::vector<std::pair<std::string, Tensor>>;

// Checks that make_layer() rebuilds `layer` with the same parameter names and shapes.
void check_rebuildable(const Module& layer, const std::string& path) {
  PARITY_CHECK(layer.children().empty(), "save_model(): layer '", path, "' (", layer.spec().type,
               ") has submodules; only Sequential may nest layers");
  Rng rng(0);
  std::unique_ptr<Module> rebuilt;
  try {
    rebuilt = make_layer(layer.spec(), rng);
  } catch (const Error& e) {
    ::parity::detail::throw_error("save_model(): layer '", path, "' cannot be rebuilt: ", e.what());
  }
  const auto original = layer.named_parameters();
  const auto fresh = rebuilt->named_parameters();
  bool same = original.size() == fresh.size();
  for (std::size_t i = 0; same && i < original.size(); ++i) {
    same = original[i].first == fresh[i].first && original[i].second.shape() == fresh[i].second.shape();
  }
  PARITY_CHECK(same, "save_model(): layer '", path, "' (", layer.spec().type,
               ") has parameters its spec does not rebuild");
}

Json spec_to_json(const LayerSpec& spec, const std::string& path) {
  Json j = Json::object();
  j["type"] = spec.type;
  for (const auto& [name, value] : spec.attributes) {
    PARITY_CHECK(name != "type" && name != "layers", "save_model(): layer '", path,
                 "' has a reserved attribute name '", name, "'");
    Json& slot = j[name];  // clang 14 cannot capture a structured binding
    std::visit([&slot](const auto& v) { slot = v; }, value);
  }
  return j;
}

Json layers_to_json(const Sequential& model, const std::string& prefix, Constants& constants) {
  Json layers = Json::array();
  for (const auto& [name, child] : model.children()) {
    const std::string path = prefix + name;
    if (const auto* nested = dynamic_cast<const Sequential*>(child.get())) {
      layers.push_back({{"type", "Sequential"}, {"layers", layers_to_json(*nested, path + ".", constants)}});
      continue;
    }
    check_rebuildable(*child, path);
    if (const auto* gated = dynamic_cast<const GatedReLU*>(child.get()); gated && !gated->is_trainable()) {
      constants.emplace_back(path + ".gate", gated->gates());
    }
    layers.push_back(spec_to_json(child->spec(), path));
  }
  return layers;
}

// ---- loading ----

// Where an error was found: the index file and the layer.
struct Where {
  std::string file;
  std::string layer;
};

std::ostream& operator<<(std::ostream& os, const Where& w) {
  os << "load_model(): " << w.file << ": ";
  if (!w.layer.empty()) os << "layer '" << w.layer << "': ";
  return os;
}

Json read_index(const std::string& path) {
  const Where where{path, ""};
  PARITY_CHECK(std::filesystem::is_regular_file(path), where, "no such file");
  std::ifstream in(path);
  PARITY_CHECK(in.is_open(), where, "cannot open for reading");
  Json doc;
  try {
    doc = Json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    ::parity::detail::throw_error(where, "malformed JSON: ", e.what());
  }
  PARITY_CHECK(doc.is_object(), where, "expected a JSON object, got ", doc.type_name());
  const auto format = doc.find("format");
  PARITY_CHECK(format != doc.end() && format->is_string() && *format == kFormat, where, "format is ",
               format == doc.end() ? "missing" : format->dump(), ", expected \"", kFormat, "\"");
  const auto version = doc.find("version");
  PARITY_CHECK(version != doc.end() && version->is_number_integer() && *version == kVersion, where,
               "version ", version == doc.end() ? "missing" : version->dump(), " is not supported (expected ",
               kVersion, ")");
  return doc;
}

using Attribute = decltype(LayerSpec::attributes)::mapped_type;

Attribute attribute_value(const Json& v, const std::string& name, const Where& where) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_unsigned()) {
    PARITY_CHECK(v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<Index>::max()),
                 where, "attribute '", name, "' = ", v.dump(), " is out of range");
    return static_cast<Index>(v.get<std::uint64_t>());
  }
  if (v.is_number_integer()) return v.get<Index>();
  if (v.is_number_float()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  ::parity::detail::throw_error(where, "attribute '", name, "' has unsupported JSON type ", v.type_name());
}

// The largest tensor make_layer() allocates for `spec` (values) and the stem of the file that
// must then supply it, for the layers with parameters; std::nullopt for the others and for
// attributes of the wrong type, which make_layer() names.
struct Allocation {
  double values;
  std::string stem;
};

std::optional<Allocation> largest_tensor(const LayerSpec& spec, const std::string& path) {
  const auto integer = [&spec](const char* name) -> std::optional<double> {
    const auto it = spec.attributes.find(name);
    if (it == spec.attributes.end() || !std::holds_alternative<Index>(it->second)) return std::nullopt;
    return static_cast<double>(std::get<Index>(it->second));
  };
  if (spec.type == "Linear") {
    const auto in = integer("in_features");
    const auto out = integer("out_features");
    if (in && out) return Allocation{*in * *out, path + ".weight"};
  } else if (spec.type == "Conv2d") {
    const auto in = integer("in_channels");
    const auto out = integer("out_channels");
    const auto k = integer("kernel_size");
    if (in && out && k) return Allocation{*in * *out * *k * *k, path + ".weight"};
  } else if (spec.type == "GatedReLU") {
    const auto it = spec.attributes.find("shape");
    if (it == spec.attributes.end() || !std::holds_alternative<std::string>(it->second)) return std::nullopt;
    try {
      double values = 1.0;
      for (Index extent : parse_shape(std::get<std::string>(it->second), "make_layer(): GatedReLU")) {
        values *= static_cast<double>(extent);
      }
      return Allocation{values, path + ".gate"};
    } catch (const Error&) {
      return std::nullopt;  // make_layer() reports the shape
    }
  }
  return std::nullopt;
}

// Builds the layers listed in the index file; frozen() lists the GatedReLU layers whose gates
// live in files. Parameters start from a fixed seed and are then overwritten from the .npy files.
class Loader {
 public:
  explicit Loader(std::string index) : index_(std::move(index)) {}

  void build(const Json& layers, Sequential& into, const std::string& prefix) {
    const std::string owner = prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1);
    PARITY_CHECK(layers.is_array(), Where{index_, owner}, "'layers' must be an array, got ",
                 layers.type_name());
    PARITY_CHECK(!layers.empty(), Where{index_, owner}, "'layers' is empty; a model needs at least one layer");
    for (std::size_t i = 0; i < layers.size(); ++i) into.add(layer(layers[i], prefix + std::to_string(i)));
  }
  const std::vector<std::pair<std::string, GatedReLU*>>& frozen() const { return frozen_; }

 private:
  std::unique_ptr<Module> layer(const Json& entry, const std::string& path) {
    const Where where{index_, path};
    PARITY_CHECK(entry.is_object(), where, "expected a JSON object, got ", entry.type_name());
    const auto type = entry.find("type");
    PARITY_CHECK(type != entry.end() && type->is_string(), where, "missing string 'type'");
    if (*type == "Sequential") {
      PARITY_CHECK(entry.size() == 2 && entry.contains("layers"), where,
                   "a Sequential has exactly 'type' and 'layers'");
      auto nested = std::make_unique<Sequential>();
      build(entry["layers"], *nested, path + ".");
      return nested;
    }
    LayerSpec spec{type->get<std::string>(), {}};
    for (const auto& [name, value] : entry.items()) {
      if (name != "type") spec.attributes[name] = attribute_value(value, name, where);
    }
    // A mistyped extent in model.json must not allocate terabytes: every value of the layer's
    // largest tensor comes from its .npy file, which takes at least one byte per value.
    if (const std::optional<Allocation> a = largest_tensor(spec, path)) {
      const std::string file = file_in(std::filesystem::path(index_).parent_path().string(), a->stem + ".npy");
      std::error_code error;
      const auto bytes = std::filesystem::is_regular_file(file, error) ? std::filesystem::file_size(file, error) : 0;
      PARITY_CHECK(a->values <= static_cast<double>(bytes), where, spec.type, " needs ", a->values, " values from ",
                   file, ", which ", bytes == 0 ? std::string("is missing or empty")
                                                 : "holds only " + std::to_string(bytes) + " bytes");
    }
    std::unique_ptr<Module> built;
    try {
      built = make_layer(spec, rng_);
    } catch (const Error& e) {
      ::parity::detail::throw_error(where, e.what());
    }
    if (auto* gated = dynamic_cast<GatedReLU*>(built.get()); gated && !gated->is_trainable()) {
      frozen_.emplace_back(path, gated);
    }
    return built;
  }

  std::string index_;
  Rng rng_{0};
  std::vector<std::pair<std::string, GatedReLU*>> frozen_;
};

// The tensor in dir/<stem>.npy, which must have shape `expected`; `what` names its role.
Tensor load_checked(const std::string& dir, const std::string& stem, const Shape& expected,
                    const std::string& what) {
  const std::string path = file_in(dir, stem + ".npy");
  PARITY_CHECK(std::filesystem::exists(path), "load_model(): missing ", path, " (", what, " of shape ",
               expected, ")");
  Tensor t = load_npy(path);
  PARITY_CHECK(t.shape() == expected, "load_model(): ", path, " has shape ", t.shape(),
               ", but model.json gives ", what, " shape ", expected);
  check_finite(t, "load_model()", path);
  return t;
}

void load_masks(const Json& doc, const std::string& dir, Sequential& model, const std::string& index) {
  const auto masks = doc.find("masks");
  if (masks == doc.end()) return;
  PARITY_CHECK(masks->is_array(), Where{index, ""}, "'masks' must be an array of parameter paths");
  const auto parameters = model.named_parameters();
  for (const Json& entry : *masks) {
    PARITY_CHECK(entry.is_string(), Where{index, ""}, "'masks' entry ", entry.dump(), " is not a string");
    const std::string path = entry.get<std::string>();
    auto it =
        std::find_if(parameters.begin(), parameters.end(), [&](const auto& p) { return p.first == path; });
    PARITY_CHECK(it != parameters.end(), Where{index, ""}, "'masks' names '", path,
                 "', which is not a parameter");
    const Tensor mask =
        load_checked(dir, path + ".mask", it->second.shape(), "the mask of parameter '" + path + "'");
    try {
      model.set_mask(path, mask);
    } catch (const Error& e) {
      ::parity::detail::throw_error("load_model(): ", file_in(dir, path + ".mask.npy"), ": ", e.what());
    }
  }
}

}  // namespace

void save_model(const Sequential& model, const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  PARITY_CHECK(!error, "save_model(): cannot create folder ", dir, ": ", error.message());
  Constants constants;
  Json doc = Json::object();
  doc["format"] = kFormat;
  doc["version"] = kVersion;
  doc["layers"] = layers_to_json(model, "", constants);
  doc["masks"] = Json::array();
  const auto parameters = model.named_parameters();
  const std::vector<Tensor> masks = model.masks();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto& [path, parameter] = parameters[i];
    save_npy(file_in(dir, path + ".npy"), parameter.value());
    if (masks[i].defined()) {
      save_npy(file_in(dir, path + ".mask.npy"), masks[i]);
      doc["masks"].push_back(path);
    }
  }
  for (const auto& [stem, tensor] : constants) save_npy(file_in(dir, stem + ".npy"), tensor);
  const std::string index = file_in(dir, kIndexFile);
  std::ofstream out(index, std::ios::trunc);
  PARITY_CHECK(out.is_open(), "save_model(): cannot open ", index, " for writing");
  out << doc.dump(2) << '\n';
  out.close();
  PARITY_CHECK(!out.fail(), "save_model(): writing ", index, " failed");
}

std::unique_ptr<Sequential> load_model(const std::string& dir) {
  const std::string index = file_in(dir, kIndexFile);
  const Json doc = read_index(index);
  PARITY_CHECK(doc.contains("layers"), Where{index, ""}, "missing 'layers'");
  Loader loader(index);
  auto model = std::make_unique<Sequential>();
  loader.build(doc["layers"], *model, "");
  for (const auto& [path, parameter] : model->named_parameters()) {
    Tensor value = load_checked(dir, path, parameter.shape(), "parameter '" + path + "'");
    model->set_parameter(path, Var(std::move(value), true));
  }
  load_masks(doc, dir, *model, index);
  for (const auto& [path, layer] : loader.frozen()) {
    const std::string stem = path + ".gate";
    const Tensor gates =
        load_checked(dir, stem, layer->unit_shape(), "the frozen gates of layer '" + path + "'");
    try {
      layer->set_gates(gates);
    } catch (const Error& e) {
      ::parity::detail::throw_error("load_model(): ", file_in(dir, stem + ".npy"), ": ", e.what());
    }
  }
  return model;
}

}  // namespace parity::nn
