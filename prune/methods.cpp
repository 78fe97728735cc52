#include "prune/methods.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "autograd/functional.h"
#include "data/batches.h"
#include "nn/loss.h"
#include "optim/adam.h"
#include "optim/schedule.h"
#include "optim/sgd.h"
#include "prune/scores.h"
#include "tensor/check.h"
#include "tensor/stopwatch.h"

namespace parity::prune {

namespace {

constexpr const char* kCaller = "prune_model()";

// The training objective CE + lambda P of one batch, with what the penalty needs.
class Objective {
 public:
  Objective(const data::Dataset& train, nn::Sequential& model, FairnessNotion notion,
            const PruneOptions& options)
      : groups_(train.num_groups()), notion_(notion), temperature_(options.temperature) {
    if (notion == FairnessNotion::Degradation) {
      NoGradGuard no_grad;
      dense_logits_ = binary_logit(model(Var(train.X))).value().clone();
    }
  }

  Var operator()(nn::Sequential& model, const data::Batch& batch, double lambda) const {
    const Index b = batch.X.size(0);
    const Var logits = binary_logit(model(Var(batch.X)));
    Var loss = nn::BCEWithLogitsLoss()(logits, batch.y);
    if (lambda == 0.0) return loss;
    Tensor dense;
    if (dense_logits_.defined()) {
      dense = Tensor(Shape{b});
      for (Index i = 0; i < b; ++i)
        dense.data()[i] = dense_logits_.data()[batch.rows[static_cast<std::size_t>(i)]];
    }
    const Var p = fairness_penalty(logits, {batch.y, batch.s, groups_, dense}, notion_, temperature_);
    return loss + p * lambda;
  }

 private:
  Index groups_;
  FairnessNotion notion_;
  double temperature_;
  Tensor dense_logits_;  ///< [n] on the training set, for the degradation notion
};

struct Context {
  nn::Sequential& model;
  const data::Dataset& train;
  const PruneOptions& options;
  const Objective& objective;
  Rng& rng;
  const EpochCallback& on_epoch;
  int epoch = 0;
  PruneResult result{};

  void end_epoch() {
    ++epoch;
    if (on_epoch) on_epoch({epoch, options.epochs, result.weight_steps, result.score_steps}, model);
  }
};

// Fine-tunes the masked model for `epochs` on CE + lambda P with Adam, masks held by the optimiser.
void fine_tune(Context& c, int epochs, double lambda) {
  optim::Adam adam(c.model.parameters(), {.lr = c.options.lr});
  adam.set_masks(c.model.masks());
  for (int e = 0; e < epochs; ++e) {
    for (const data::Batch& batch : data::MiniBatches(c.train, {.batch_size = c.options.batch_size}, c.rng)) {
      adam.zero_grad();
      c.objective(c.model, batch, lambda).backward();
      adam.step();
      ++c.result.weight_steps;
    }
    c.end_epoch();
  }
}

void one_shot(Context& c, double lambda) {
  prune_by_magnitude(c.model, c.options.sparsity, c.options.scope);
  fine_tune(c, c.options.epochs, lambda);
}

void iterative_magnitude(Context& c) {
  std::vector<Tensor> rewind = c.options.rewind_weights;
  if (rewind.empty()) {
    for (const Var& p : c.model.parameters()) rewind.push_back(p.value().clone());
  }
  const int rounds = c.options.imp_rounds;
  const double density = 1.0 - c.options.sparsity;
  for (int r = 1; r <= rounds; ++r) {
    const double sparsity = r == rounds ? c.options.sparsity : 1.0 - std::pow(density, double(r) / rounds);
    // The current weights rank the survivors (pruned entries are 0, so they stay pruned).
    const std::vector<Tensor> masks = top_k_masks(prunable_values(c.model), sparsity, c.options.scope);
    std::vector<Var> params = c.model.parameters();
    for (std::size_t i = 0; i < params.size(); ++i) params[i].mutable_value().copy_(rewind[i]);
    set_masks(c.model, prunable_paths(c.model), masks);
    const int epochs = c.options.epochs / rounds + (r <= c.options.epochs % rounds ? 1 : 0);
    fine_tune(c, epochs, 0.0);
  }
}

void check_rewind_weights(nn::Sequential& model, const std::vector<Tensor>& rewind) {
  if (rewind.empty()) return;
  const std::vector<Var> params = model.parameters();
  PARITY_CHECK(rewind.size() == params.size(), kCaller, ": rewind_weights must hold one tensor per parameter (",
               params.size(), "), got ", rewind.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    PARITY_CHECK(rewind[i].shape() == params[i].value().shape(), kCaller, ": rewind_weights[", i,
                 "] must have the parameter's shape ", params[i].value().shape(), ", got ", rewind[i].shape());
  }
}

optim::SGD score_optimizer(const ScoreMasks& scores, const PruneOptions& o) {
  return optim::SGD(scores.scores(),
                    {.lr = o.score_lr, .momentum = o.score_momentum, .weight_decay = o.score_weight_decay});
}

void zero_all(nn::Sequential& model, const ScoreMasks& scores) {
  model.zero_grad();
  for (Var s : scores.scores()) s.zero_grad();
}

// One score step on `batch`: gradients through the straight-through mask, plus the optional
// implicit-gradient term, then SGD.
void score_step(Context& c, ScoreMasks& scores, optim::SGD& sgd, const data::Batch& batch, double lambda) {
  zero_all(c.model, scores);
  scores.install();
  c.objective(c.model, batch, lambda).backward();
  scores.restore();
  const ImplicitGradient ig = c.options.implicit_gradient;
  if (ig != ImplicitGradient::None) {
    add_implicit_gradient(scores.scores(), scores.weights(), ig == ImplicitGradient::Paper,
                          c.options.implicit_scale);
  }
  sgd.step();
  ++c.result.score_steps;
  c.model.zero_grad();
}

// The mask search: HYDRA (train_weights false: scores only) or the bi-level alternation of BiP and
// BiFP (one weight step on batch k, one score step on batch K - 1 - k), then fine-tuning.
void score_search(Context& c, double lambda_w, double lambda_m, bool train_weights) {
  const PruneOptions& o = c.options;
  ScoreMasks scores(c.model, o.sparsity, o.scope);
  optim::SGD sgd = score_optimizer(scores, o);
  optim::CosineAnnealingLR schedule(sgd, o.mask_epochs);
  std::unique_ptr<optim::Adam> adam;
  if (train_weights)
    adam = std::make_unique<optim::Adam>(c.model.parameters(), optim::AdamOptions{.lr = o.lr});
  for (int e = 0; e < o.mask_epochs; ++e) {
    const data::MiniBatches batches(c.train, {.batch_size = o.batch_size}, c.rng);
    for (Index k = 0; k < batches.size(); ++k) {
      if (adam) {
        zero_all(c.model, scores);
        scores.install();
        c.objective(c.model, batches[k], lambda_w).backward();
        scores.restore();
        for (Var s : scores.scores()) s.zero_grad();
        adam->step();
        ++c.result.weight_steps;
      }
      score_step(c, scores, sgd, batches[adam ? batches.size() - 1 - k : k], lambda_m);
    }
    schedule.step();
    scores.install();
    c.end_epoch();
    scores.restore();
  }
  scores.freeze();
  fine_tune(c, o.epochs - o.mask_epochs, lambda_w);
}

}  // namespace

Var binary_logit(const Var& output) {
  const Shape& shape = output.shape();
  PARITY_CHECK(shape.rank() == 2 && (shape[1] == 1 || shape[1] == 2),
               "binary_logit(): a binary classifier's outputs must have shape [b, 1] or [b, 2], got ", shape);
  if (shape[1] == 1) return reshape(output, Shape{shape[0]});
  return reshape(matmul(output, Var(Tensor(Shape{2, 1}, {-1.0, 1.0}))), Shape{shape[0]});
}

const std::vector<MethodSpec>& method_specs() {
  static const std::vector<MethodSpec> specs{
      {"magnitude", Method::Magnitude, FairnessNotion::Performance},
      {"magnitude+fair-ft", Method::MagnitudeFairFineTune, FairnessNotion::Performance},
      {"magnitude+fair-ft-pdf", Method::MagnitudeFairFineTune, FairnessNotion::Degradation},
      {"imp", Method::Imp, FairnessNotion::Performance},
      {"hydra", Method::Hydra, FairnessNotion::Performance},
      {"bip", Method::Bip, FairnessNotion::Performance},
      {"bifp", Method::Bifp, FairnessNotion::Performance},
      {"bifp-pdf", Method::Bifp, FairnessNotion::Degradation},
      {"bifp-no-mask", Method::BifpNoMask, FairnessNotion::Performance},
      {"bifp-no-weight", Method::BifpNoWeight, FairnessNotion::Performance},
  };
  return specs;
}

const MethodSpec& find_method(const std::string& name) {
  for (const MethodSpec& m : method_specs()) {
    if (m.name == name) return m;
  }
  std::string known;
  for (const MethodSpec& m : method_specs()) known += (known.empty() ? "" : ", ") + m.name;
  ::parity::detail::throw_error("find_method(): unknown pruning method '", name, "', expected one of ",
                                known);
}

bool uses_groups(Method method) {
  return method == Method::MagnitudeFairFineTune || method == Method::Bifp || method == Method::BifpNoMask ||
         method == Method::BifpNoWeight;
}

bool searches_scores(Method method) {
  return method == Method::Hydra || method == Method::Bip || method == Method::Bifp || method == Method::BifpNoMask ||
         method == Method::BifpNoWeight;
}

void check_prune_options(const PruneOptions& o, Method method) {
  check_sparsity(o.sparsity, kCaller);
  PARITY_CHECK(o.epochs >= 1, kCaller, ": epochs must be >= 1, got ", o.epochs);
  PARITY_CHECK(!searches_scores(method) || (o.mask_epochs >= 1 && o.mask_epochs <= o.epochs), kCaller,
               ": mask_epochs must lie in [1, epochs = ", o.epochs, "], got ", o.mask_epochs);
  PARITY_CHECK(method != Method::Imp || (o.imp_rounds >= 1 && o.imp_rounds <= o.epochs), kCaller,
               ": imp_rounds must lie in [1, epochs = ", o.epochs, "], got ", o.imp_rounds);
  PARITY_CHECK(o.batch_size >= 1, kCaller, ": batch_size must be >= 1, got ", o.batch_size);
  for (const auto& [name, v] : {std::pair{"lr", o.lr},
                                {"score_lr", o.score_lr},
                                {"fairness_weight", o.fairness_weight},
                                {"implicit_scale", o.implicit_scale}}) {
    PARITY_CHECK(std::isfinite(v) && v >= 0.0, kCaller, ": ", name, " must be finite and >= 0, got ", v);
  }
  PARITY_CHECK(std::isfinite(o.temperature) && o.temperature > 0.0, kCaller,
               ": temperature must be finite and > 0, got ", o.temperature);
}

PruneResult prune_model(nn::Sequential& model, const data::Dataset& train, const MethodSpec& method,
                        const PruneOptions& options, Rng& rng, const EpochCallback& on_epoch) {
  check_prune_options(options, method.method);
  train.validate(kCaller);
  PARITY_CHECK(!uses_groups(method.method) || train.num_groups() >= 2, kCaller, ": method ", method.name,
               " needs at least two groups, but the data have ", train.num_groups());
  PARITY_CHECK(!prunable_paths(model).empty(), kCaller, ": the model has no prunable weights (rank >= 2)");
  check_rewind_weights(model, options.rewind_weights);
  Stopwatch clock;
  const Objective objective(train, model, method.notion, options);
  Context c{model, train, options, objective, rng, on_epoch};
  const double lambda = options.fairness_weight;
  switch (method.method) {
    case Method::Magnitude:
      one_shot(c, 0.0);
      break;
    case Method::MagnitudeFairFineTune:
      one_shot(c, lambda);
      break;
    case Method::Imp:
      iterative_magnitude(c);
      break;
    case Method::Hydra:
      score_search(c, 0.0, 0.0, false);
      break;
    case Method::Bip:
      score_search(c, 0.0, 0.0, true);
      break;
    case Method::Bifp:
      score_search(c, lambda, lambda, true);
      break;
    case Method::BifpNoMask:
      score_search(c, lambda, 0.0, true);
      break;
    case Method::BifpNoWeight:
      score_search(c, 0.0, lambda, true);
      break;
  }
  c.result.seconds = clock.seconds();
  return c.result;
}

}  // namespace parity::prune
