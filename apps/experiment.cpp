#include "experiment.h"

#include <algorithm>

#include "fairness/roc.h"
#include "fairness_json.h"
#include "nn/predict.h"
#include "optim/adam.h"
#include "output.h"
#include "robust/reference_pgd.h"
#include "robust/solvers.h"
#include "tensor/creation.h"
#include "tensor/check.h"

namespace parity::cli {

namespace {

// The practical PGD's own stopping rule: a step shorter than kPracticalPgdStep r, or a loss
// gain below kPracticalPgdGain times the loss, or kPracticalPgdCap steps.
constexpr double kPracticalPgdStep = 1e-3;
constexpr double kPracticalPgdGain = 1e-6;
constexpr int kPracticalPgdCap = 100;

}  // namespace

const std::vector<std::string>& pgd_style_names() {
  static const std::vector<std::string> names{"fixed", "practical", "reference"};
  return names;
}

const std::vector<std::string>& solver_names() {
  static const std::vector<std::string> names{"trs", "pgd", "fgsm", "random", "none"};
  return names;
}

std::unique_ptr<robust::InnerSolver> make_solver(const TrainingOptions& options, Rng& rng) {
  if (options.solver == "trs") return std::make_unique<robust::TrustRegion>();
  if (options.solver == "pgd") {
    if (options.pgd_style == "reference") return std::make_unique<robust::ReferencePGD>();
    if (options.pgd_style == "practical") {
      return std::make_unique<robust::PGD>(robust::PgdOptions{.step = options.pgd_step,
                                                              .iterations = kPracticalPgdCap,
                                                              .tolerance = kPracticalPgdStep,
                                                              .loss_tolerance = kPracticalPgdGain,
                                                              .random_start = false});
    }
    PARITY_CHECK(options.pgd_style == "fixed", "make_solver(): unknown PGD style '", options.pgd_style,
                 "', expected one of fixed, practical, reference");
    return std::make_unique<robust::PGD>(robust::PgdOptions{.step = options.pgd_step,
                                                            .iterations = options.pgd_iterations,
                                                            .tolerance = 0.0,
                                                            .random_start = false});
  }
  if (options.solver == "fgsm") return std::make_unique<robust::FGSM>();
  if (options.solver == "random") return std::make_unique<robust::RandomPerturbation>(rng);
  PARITY_CHECK(options.solver == "none", "make_solver(): unknown solver '", options.solver,
               "', expected one of trs, pgd, fgsm, random, none");
  return std::make_unique<robust::NoPerturbation>();
}

bool solver_perturbs(const std::string& solver) {
  TrainingOptions options;
  options.solver = solver;
  Rng unused(0);
  return make_solver(options, unused)->perturbs();
}

TestEvaluation evaluate(const data::Dataset& test, const Tensor& y_hat) {
  TestEvaluation out;
  out.report = fairness::fairness_report(
      fairness::group_confusions(test.y, y_hat, test.s, static_cast<int>(test.num_groups())));
  out.accuracy = fairness::rate(out.report.overall, fairness::RateKind::Accuracy).value();
  return out;
}

void add_auc(TestEvaluation& evaluation, const data::Dataset& test, const Tensor& scores) {
  PARITY_CHECK(scores.numel() == test.size(), "add_auc(): ", scores.numel(), " scores for ", test.size(), " rows");
  const Index G = test.num_groups();
  std::vector<std::vector<double>> labels(static_cast<std::size_t>(G));
  std::vector<std::vector<double>> values(static_cast<std::size_t>(G));
  for (Index i = 0; i < test.size(); ++i) {
    const auto g = static_cast<std::size_t>(test.s.data()[i]);
    labels[g].push_back(test.y.data()[i]);
    values[g].push_back(scores.data()[i]);
  }
  evaluation.group_auc.clear();
  for (Index g = 0; g < G; ++g) {
    evaluation.group_auc.push_back(
        fairness::roc_curve(labels[static_cast<std::size_t>(g)], values[static_cast<std::size_t>(g)]).auc);
  }
  const auto n = static_cast<std::size_t>(test.size());
  evaluation.overall_auc = fairness::roc_curve({test.y.data(), n}, {scores.data(), n}).auc;
}

Tensor movable_mask(const data::Dataset& data, const std::vector<std::string>& fixed) {
  if (fixed.empty()) return {};
  Tensor mask = full(Shape{data.num_features()}, 1.0);
  for (const std::string& name : fixed) {
    const auto it = std::find(data.feature_names.begin(), data.feature_names.end(), name);
    if (it == data.feature_names.end()) {
      std::string known;
      for (const std::string& n : data.feature_names) known += (known.empty() ? "" : ", ") + n;
      PARITY_CHECK(false, "movable_mask(): unknown feature '", name, "', the features are: ", known);
    }
    mask.data()[it - data.feature_names.begin()] = 0.0;
  }
  return mask;
}

TrainedModel train_model(const NamedData& data, const TrainingOptions& options,
                         const std::function<void(int epoch)>& after_epoch) {
  PARITY_CHECK(data.train.num_classes() == 2, "train_model(): binary labels needed, ", data.name, " has ",
               data.train.num_classes(), " classes");
  Rng rng(options.seed);
  std::vector<Index> widths{data.train.num_features()};
  widths.insert(widths.end(), options.hidden.begin(), options.hidden.end());
  widths.push_back(1);
  TrainedModel out;
  out.model = nn::mlp(widths, options.activation, rng);
  optim::Adam adam(out.model->parameters(), {.lr = options.lr});
  std::unique_ptr<robust::InnerSolver> solver = make_solver(options, rng);
  robust::AdversarialTrainer trainer(*out.model, adam, *solver,
                                     {.radius = options.radius,
                                      .epochs = options.epochs,
                                      .batches = {.batch_size = options.batch_size, .shuffle = true, .drop_last = false},
                                      .feature_mask = movable_mask(data.train, options.fixed_features)});
  robust::AdversarialTrainer::Evaluate report_epoch;
  if (after_epoch) {
    report_epoch = [&after_epoch](nn::Module&, int epoch) {
      after_epoch(epoch);
      return std::map<std::string, double>{};
    };
  }
  out.history = trainer.fit(data.train, rng, report_epoch);
  out.model->eval();
  const Tensor logits = (*out.model)(Var(data.test.X)).value();
  out.test = evaluate(data.test, nn::classes_from_logits(logits));
  add_auc(out.test, data.test, logits);
  for (const robust::EpochRecord& record : out.history) {
    out.inner_seconds_per_epoch += record.inner_seconds;
    out.outer_seconds_per_epoch += record.outer_seconds;
  }
  if (!out.history.empty()) {
    out.inner_seconds_per_epoch /= static_cast<double>(out.history.size());
    out.outer_seconds_per_epoch /= static_cast<double>(out.history.size());
  }
  return out;
}

nlohmann::json to_json(const TrainingOptions& options) {
  return {{"solver", options.solver},
          {"radius", options.radius},
          {"epochs", options.epochs},
          {"batch_size", options.batch_size},
          {"lr", options.lr},
          {"hidden", options.hidden},
          {"activation", options.activation},
          {"pgd_iterations", options.pgd_iterations},
          {"pgd_step", options.pgd_step},
          {"pgd_style", options.pgd_style},
          {"fixed_features", options.fixed_features},
          {"seed", options.seed}};
}

nlohmann::json to_json(const TestEvaluation& test) {
  nlohmann::json out = to_json(test.report);
  out["accuracy"] = test.accuracy;
  if (!test.group_auc.empty()) {
    for (std::size_t g = 0; g < test.group_auc.size(); ++g) out["groups"][g]["auc"] = to_json(test.group_auc[g]);
    out["overall"]["auc"] = to_json(test.overall_auc);
  }
  return out;
}

nlohmann::json to_json(const TrainedModel& trained) {
  nlohmann::json history = nlohmann::json::array();
  for (const robust::EpochRecord& r : trained.history) {
    history.push_back({{"epoch", r.epoch},
                       {"inner_seconds", r.inner_seconds},
                       {"outer_seconds", r.outer_seconds},
                       {"loss", r.loss},
                       {"accuracy", r.accuracy},
                       {"mean_inner_iterations", r.mean_inner_iterations},
                       {"hard_cases", r.hard_cases},
                       {"unconverged_subproblems", r.unconverged_subproblems}});
  }
  return {{"history", history},
          {"inner_seconds_per_epoch", trained.inner_seconds_per_epoch},
          {"outer_seconds_per_epoch", trained.outer_seconds_per_epoch},
          {"test", to_json(trained.test)}};
}

nlohmann::json to_json(const robust::InnerComparison& c) {
  return {{"radius", c.radius},
          {"samples", c.samples},
          {"gradient_seconds", c.gradient_seconds},
          {"hessian_seconds", c.hessian_seconds},
          {"trs_seconds", c.trs_seconds},
          {"pgd_seconds", c.pgd_seconds},
          {"speedup", c.speedup()},
          {"mean_pgd_steps", c.mean_pgd_steps},
          {"max_pgd_steps", c.max_pgd_steps},
          {"pgd_unmatched", c.pgd_unmatched},
          {"max_relative_gap", c.max_relative_gap},
          {"max_pgd_advantage", c.max_pgd_advantage},
          {"max_model_error", c.max_model_error},
          {"hard_cases", c.hard_cases},
          {"interior", c.interior},
          {"trs_unconverged", c.trs_unconverged}};
}

}  // namespace parity::cli
