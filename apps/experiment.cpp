#include "experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "autograd/derivatives.h"
#include "nn/classifier.h"
#include "optim/adam.h"
#include "output.h"
#include "robust/diagnostics.h"
#include "robust/solvers.h"
#include "tensor/creation.h"
#include "tensor/check.h"

namespace parity::cli {

namespace {

template <typename Work>
double fastest_seconds(int repeats, Work&& work) {
  double best = INFINITY;
  for (int r = 0; r < std::max(1, repeats); ++r) {
    const auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

nlohmann::json disparity_json(const fairness::Disparity& d) {
  return {{"value", to_json(d.value)},
          {"max_group", d.max_group},
          {"min_group", d.min_group},
          {"skipped_groups", d.skipped_groups}};
}

}  // namespace

const std::vector<std::string>& solver_names() {
  static const std::vector<std::string> names{"trs", "pgd", "fgsm", "random", "none"};
  return names;
}

std::unique_ptr<robust::InnerSolver> make_solver(const TrainingOptions& options, Rng& rng) {
  if (options.solver == "trs") return std::make_unique<robust::TrustRegion>();
  if (options.solver == "pgd") {
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

FairnessGaps gaps_of(const fairness::FairnessReport& report) {
  FairnessGaps gaps;
  gaps.accuracy = fairness::rate(report.overall, fairness::RateKind::Accuracy).value();
  gaps.independence = report.demographic_parity_difference.value;
  gaps.separation_y0 = report.false_positive_rate_difference.value;
  gaps.separation_y1 = report.equal_opportunity_difference.value;
  gaps.sufficiency_yhat0 = report.false_omission_rate_difference.value;
  gaps.sufficiency_yhat1 = report.predictive_parity_difference.value;
  return gaps;
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
  const Tensor predicted = nn::predict(*out.model, data.test.X);
  out.test_report = fairness::fairness_report(
      fairness::group_confusions(data.test.y, predicted, data.test.s, static_cast<int>(data.test.num_groups())));
  out.test = gaps_of(out.test_report);
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
          {"fixed_features", options.fixed_features},
          {"seed", options.seed}};
}

nlohmann::json to_json(const FairnessGaps& gaps) {
  return {{"accuracy", gaps.accuracy},
          {"independence", to_json(gaps.independence)},
          {"separation_y0", to_json(gaps.separation_y0)},
          {"separation_y1", to_json(gaps.separation_y1)},
          {"sufficiency_yhat0", to_json(gaps.sufficiency_yhat0)},
          {"sufficiency_yhat1", to_json(gaps.sufficiency_yhat1)}};
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
                       {"hard_cases", r.hard_cases}});
  }
  nlohmann::json groups = nlohmann::json::array();
  for (std::size_t g = 0; g < trained.test_report.groups.size(); ++g) {
    const fairness::Confusion& c = trained.test_report.groups[g];
    nlohmann::json group{{"group", g}, {"tn", c.tn}, {"fp", c.fp}, {"fn", c.fn}, {"tp", c.tp}};
    for (fairness::RateKind kind : fairness::kAllRates) {
      group[fairness::rate_name(kind)] = to_json(fairness::rate(c, kind).to_optional());
    }
    groups.push_back(std::move(group));
  }
  const fairness::FairnessReport& r = trained.test_report;
  return {{"history", history},
          {"inner_seconds_per_epoch", trained.inner_seconds_per_epoch},
          {"outer_seconds_per_epoch", trained.outer_seconds_per_epoch},
          {"test", to_json(trained.test)},
          {"test_groups", groups},
          {"test_gaps",
           {{"demographic_parity_difference", disparity_json(r.demographic_parity_difference)},
            {"demographic_parity_ratio", disparity_json(r.demographic_parity_ratio)},
            {"equal_opportunity_difference", disparity_json(r.equal_opportunity_difference)},
            {"false_positive_rate_difference", disparity_json(r.false_positive_rate_difference)},
            {"equalized_odds_difference", disparity_json(r.equalized_odds_difference)},
            {"predictive_parity_difference", disparity_json(r.predictive_parity_difference)},
            {"false_omission_rate_difference", disparity_json(r.false_omission_rate_difference)},
            {"accuracy_parity_difference", disparity_json(r.accuracy_parity_difference)}}}};
}

InnerComparison compare_inner_solvers(nn::Module& model, const data::Dataset& batch, double radius,
                                      const ComparisonOptions& options) {
  PARITY_CHECK(options.tolerance > 0.0 && options.pgd_max_iterations >= 1,
               "compare_inner_solvers(): tolerance must be > 0 and the PGD cap >= 1, got ", options.tolerance, " and ",
               options.pgd_max_iterations);
  model.eval();
  const SampleLoss loss = nn::sample_loss(model, batch.y);
  InnerComparison out;
  out.radius = radius;
  out.samples = batch.size();

  out.gradient_seconds = fastest_seconds(options.repeats, [&] { robust::loss_and_gradient(loss, batch.X); });
  out.hessian_seconds = fastest_seconds(options.repeats, [&] { input_hessians(loss, batch.X); });
  robust::TrustRegion trs;
  robust::InnerResult trs_result;
  out.trs_seconds = fastest_seconds(options.repeats, [&] { trs_result = trs.solve(loss, batch.X, radius, {}); });

  const Tensor trs_objective = robust::loss_and_gradient(loss, trs_result.perturbed).loss;
  const robust::InnerDiagnostics trs_diagnostics = robust::diagnose(loss, batch.X, trs_result, trs_objective);
  out.max_model_error = trs_diagnostics.max_model_error;
  out.hard_cases = trs_diagnostics.hard_case;
  out.interior = trs_diagnostics.interior;

  robust::PGD pgd({.step = options.pgd_step, .iterations = options.pgd_max_iterations, .tolerance = 0.0,
                   .random_start = false});
  robust::InnerResult pgd_result;
  out.pgd_seconds = fastest_seconds(options.repeats, [&] {
    pgd_result = pgd.solve_to_target(loss, batch.X, radius, {}, trs_objective, options.tolerance);
  });
  const Tensor pgd_objective = robust::loss_and_gradient(loss, pgd_result.perturbed).loss;
  double steps = 0.0;
  for (Index i = 0; i < out.samples; ++i) {
    const double target = trs_objective.data()[i];
    const double reached = pgd_objective.data()[i];
    const double scale = std::max(std::abs(target), 1e-300);
    out.max_relative_gap = std::max(out.max_relative_gap, (target - reached) / scale);
    out.max_pgd_advantage = std::max(out.max_pgd_advantage, (reached - target) / scale);
    if (reached < target - options.tolerance * std::abs(target)) ++out.pgd_unmatched;
    const int taken = pgd_result.iterations[static_cast<std::size_t>(i)];
    steps += taken;
    out.max_pgd_steps = std::max(out.max_pgd_steps, taken);
  }
  out.mean_pgd_steps = out.samples > 0 ? steps / static_cast<double>(out.samples) : 0.0;
  return out;
}

nlohmann::json to_json(const InnerComparison& c) {
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
          {"interior", c.interior}};
}

}  // namespace parity::cli
