#include "hessian_command.h"

#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "autograd/derivatives.h"
#include "commands.h"
#include "nn/classifier.h"
#include "nn/predict.h"
#include "nn/sequential.h"
#include "nn/serialize.h"
#include "option_checks.h"
#include "output.h"
#include "tensor/check.h"
#include "tensor/io.h"
#include "tensor/shape_ops.h"
#include "tensor/stopwatch.h"

namespace parity::cli {
namespace {

// in_features of the model's first Linear layer, in depth-first order; std::nullopt when the model
// has none. Throws when an image layer comes first: such a model does not take rows of features.
std::optional<Index> input_features(const nn::Module& module) {
  if (module.children().empty()) {
    const nn::LayerSpec spec = module.spec();
    PARITY_CHECK(spec.type != "Conv2d" && spec.type != "MaxPool2d" && spec.type != "AvgPool2d",
                 "run_hessian(): the model starts with a ", spec.type,
                 " layer; hessian takes models on rows of features [n, d]");
    if (spec.type == "Linear") return std::get<Index>(spec.attributes.at("in_features"));
    return std::nullopt;
  }
  for (const auto& [name, child] : module.children()) {
    if (const std::optional<Index> d = input_features(*child)) return d;
  }
  return std::nullopt;
}

Tensor load_features(const std::filesystem::path& file, const nn::Module& model) {
  const Tensor X = load_npy(file.string());
  PARITY_CHECK(X.dim() == 2, "run_hessian(): ", file.string(), ": X of shape ", X.shape(),
               ", expected [n, d]");
  PARITY_CHECK(X.size(0) >= 1, "run_hessian(): ", file.string(), ": X has no rows");
  const Index d = X.size(1);
  if (const std::optional<Index> expected = input_features(model)) {
    PARITY_CHECK(d == *expected, "run_hessian(): ", file.string(), ": X has ", d,
                 " features, the model expects ", *expected);
  }
  check_finite(X, "run_hessian()", file.string() + ": X");
  return X;
}

Tensor load_labels(const std::filesystem::path& file, Index n, Index outputs) {
  const Tensor y = load_npy(file.string());
  PARITY_CHECK(y.dim() == 1 || (y.dim() == 2 && y.size(1) == 1), "run_hessian(): ", file.string(),
               ": y of shape ", y.shape(), ", expected [n] or [n, 1]");
  PARITY_CHECK(y.size(0) == n, "run_hessian(): ", file.string(), ": ", y.size(0), " labels for ", n,
               " samples of X");
  for (Index i = 0; i < n; ++i) {
    const double v = y.data()[i];
    if (outputs == 1) {
      PARITY_CHECK(v >= 0.0 && v <= 1.0, "run_hessian(): ", file.string(), ": y[", i, "] = ", v,
                   ", expected a target in [0, 1] for a model with one output");
    } else {
      PARITY_CHECK(v >= 0.0 && v < static_cast<double>(outputs) && v == std::floor(v),
                   "run_hessian(): ", file.string(), ": y[", i, "] = ", v, ", expected a class in [0, ",
                   outputs, ") for a model with ", outputs, " outputs");
    }
  }
  return y.reshape(Shape{n});
}

// Logits per sample of `model`, from its output on the first row.
Index output_count(nn::Module& model, const Tensor& X) {
  NoGradGuard no_grad;
  const Tensor logits = model(Var(slice_rows(X, 0, 1))).value();
  PARITY_CHECK(logits.dim() == 2 && logits.size(0) == 1, "run_hessian(): the model maps one sample to shape ",
               logits.shape(), ", expected [1, C]");
  return logits.size(1);
}

}  // namespace

nlohmann::json run_hessian(const HessianOptions& options) {
  PARITY_CHECK(options.max_directions >= 0 && options.max_samples >= 0,
               "run_hessian(): max_directions and max_samples must be >= 0, got ", options.max_directions, " and ",
               options.max_samples);
  check_writable_folder(options.out, "run_hessian(): --out");
  const std::unique_ptr<nn::Sequential> model = nn::load_model(options.model.string());
  model->eval();
  const Tensor X = load_features(options.x, *model);
  const Index n = X.size(0);
  const Index outputs = output_count(*model, X);
  const bool predicted = options.y.empty();
  const Tensor y = predicted ? nn::predict_classes(*model, X) : load_labels(options.y, n, outputs);

  const Stopwatch watch;
  InputHessianOptions hessian_options;
  hessian_options.max_directions = options.max_directions;
  hessian_options.max_samples = options.max_samples;
  const InputHessians h = input_hessians(nn::sample_loss(*model, y), X, hessian_options);
  const double seconds = watch.seconds();

  save_npy((options.out / "loss.npy").string(), h.loss);
  save_npy((options.out / "gradient.npy").string(), h.gradient);
  save_npy((options.out / "hessian.npy").string(), h.hessian);
  const nlohmann::json meta = {
      {"model", options.model.string()},
      {"x", options.x.string()},
      {"y", predicted ? nlohmann::json(nullptr) : nlohmann::json(options.y.string())},
      {"labels", predicted ? "predicted classes of the model" : "file"},
      {"n", n},
      {"d", X.size(1)},
      {"outputs", outputs},
      {"loss", outputs == 1 ? "binary cross-entropy with logits" : "cross-entropy"},
      {"max_directions", options.max_directions},
      {"max_samples", options.max_samples},
      {"seconds", seconds}};
  write_json(meta, options.out / "meta.json");
  return meta;
}

void add_hessian_command(CLI::App& app) {
  auto options = std::make_shared<HessianOptions>();
  CLI::App* command = app.add_subcommand(
      "hessian", "Per-sample loss, input gradient and input Hessian of a saved model (.npy files)");
  command->add_option("--model", options->model, "model folder written by save_model")->required();
  command->add_option("--x", options->x, ".npy file of inputs [n, d] (float64 or float32)")->required();
  command->add_option("--y", options->y, ".npy file of labels [n]; default: the model's predicted classes");
  command->add_option("--out", options->out, "output folder")->required();
  command
      ->add_option("--max-directions", options->max_directions, "tangent directions per sweep (0: automatic)")
      ->check(integer_at_least(0))
      ->capture_default_str();
  command->add_option("--max-samples", options->max_samples, "samples per sweep, bounding memory (0: all)")
      ->check(integer_at_least(0))
      ->capture_default_str();
  command->callback([options] {
    const nlohmann::json meta = run_hessian(*options);
    std::cout << "n = " << meta["n"].get<Index>() << ", d = " << meta["d"].get<Index>()
              << ", labels: " << meta["labels"].get<std::string>() << ", "
              << fixed(meta["seconds"].get<double>(), 3) << " s\n"
              << "wrote loss.npy [n], gradient.npy [n, d], hessian.npy [n, d, d] and meta.json to "
              << options->out.string() << "\n";
  });
}

}  // namespace parity::cli
