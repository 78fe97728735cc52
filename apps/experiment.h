// One robust-training run of the `parity` tool and its evaluation: train a model with an inner
// solver (robust/adversarial_trainer.h), then measure test accuracy and the group fairness
// gaps of Fast & Fair (fairness/metrics.h); and the JSON form of the inner-solver comparison
// at matched inner objective (robust/comparison.h) that the demo and the benchmark report.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "datasets.h"
#include "fairness/report.h"
#include "nn/sequential.h"
#include "robust/adversarial_trainer.h"
#include "robust/comparison.h"

namespace parity::cli {

/// Defaults are Fast & Fair's: logistic regression, Adam with lr 1e-2, batches of 5, 10 epochs.
struct TrainingOptions {
  std::string solver = "trs";  ///< trs, pgd, fgsm, random or none
  double radius = 0.1;
  int epochs = 10;
  Index batch_size = 5;
  double lr = 1e-2;
  std::vector<Index> hidden;         ///< hidden widths; empty: logistic regression
  std::string activation = "tanh";  ///< between hidden layers
  int pgd_iterations = 10;           ///< PGD steps per inner solve (style "fixed")
  double pgd_step = 0.25;            ///< PGD step as a fraction of the radius (fixed, practical)
  /// "fixed": pgd_iterations normalised steps of pgd_step * r; "practical": such steps until
  /// each sample's own rule stops it (a step shorter than 1e-3 r or a loss gain below 1e-6
  /// relative, at most 100 steps); "reference": the reference code's PGD (robust/reference_pgd.h).
  std::string pgd_style = "fixed";
  std::vector<std::string> fixed_features;  ///< features the inner solver must not move
  std::uint64_t seed = 0;            ///< model initialisation, batch order, random perturbations
};

/// Names of the inner solvers.
const std::vector<std::string>& solver_names();
/// Names of the PGD styles (TrainingOptions::pgd_style).
const std::vector<std::string>& pgd_style_names();

/// The solver `options.solver`; `rng` serves PGD random starts and random perturbations and
/// must outlive it.
std::unique_ptr<robust::InnerSolver> make_solver(const TrainingOptions& options, Rng& rng);

/// Whether the solver named `solver` perturbs its inputs (InnerSolver::perturbs(); false for
/// "none", non-robust training). Throws as make_solver() for an unknown name.
bool solver_perturbs(const std::string& solver);

/// A model's evaluation on the test set: accuracy and every fairness gap (fairness/gaps.h).
struct TestEvaluation {
  double accuracy = 0.0;
  fairness::FairnessReport report;
  /// AUC of the model's logit per group (index = group id) and overall (fairness/roc.h);
  /// empty / std::nullopt when no scores were given or a group lacks a class.
  std::vector<std::optional<double>> group_auc{};
  std::optional<double> overall_auc{};
};

/// The evaluation of predictions y_hat against the test labels and groups of `test`.
TestEvaluation evaluate(const data::Dataset& test, const Tensor& y_hat);
/// Fills evaluation's AUCs from the scores [n] (or [n, 1]) of the rows of `test`.
void add_auc(TestEvaluation& evaluation, const data::Dataset& test, const Tensor& scores);

struct TrainedModel {
  std::unique_ptr<nn::Sequential> model;
  std::vector<robust::EpochRecord> history;
  TestEvaluation test;
  double inner_seconds_per_epoch = 0.0;
  double outer_seconds_per_epoch = 0.0;
};

/// The 0/1 mask over data's features that lets all move except `fixed` (names from
/// Dataset::feature_names); undefined when `fixed` is empty. Throws parity::Error naming an
/// unknown feature and the known ones.
Tensor movable_mask(const data::Dataset& data, const std::vector<std::string>& fixed);

/// Trains on data.train with `options` and evaluates on data.test; `after_epoch` (if given) is
/// called with each finished epoch's number.
TrainedModel train_model(const NamedData& data, const TrainingOptions& options,
                         const std::function<void(int epoch)>& after_epoch = nullptr);

nlohmann::json to_json(const TrainingOptions& options);
/// {"accuracy", and the fairness report's "groups", "overall" and "gaps" (fairness_json.h),
/// with "auc" in each group and overall when there are AUCs}.
nlohmann::json to_json(const TestEvaluation& test);
/// Per-epoch history, mean epoch times and the test evaluation.
nlohmann::json to_json(const TrainedModel& trained);

/// The inner-solver comparison (robust/comparison.h) as JSON, with its speed-up.
nlohmann::json to_json(const robust::InnerComparison& comparison);

}  // namespace parity::cli
