// parity fair: constrained fairness training runs, NVP selection over a sweep of eta, tables,
// JSON and a picture of the Pareto fronts.
#include "fair_command.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "commands.h"
#include "experiment.h"
#include "fairness/constrained_trainer.h"
#include "fairness/method.h"
#include "fairness/selection.h"
#include "fairness/surrogates.h"
#include "fairness_json.h"
#include "nn/predict.h"
#include "nn/sequential.h"
#include "optim/adam.h"
#include "optim/sgd.h"
#include "option_checks.h"
#include "output.h"
#include "plot.h"
#include "summary.h"
#include "tensor/check.h"
#include "tensor/stopwatch.h"

namespace parity::cli {

namespace {

constexpr const char* kCaller = "parity fair";

struct ConstraintName {
  const char* name;
  fairness::ConstraintKind kind;
  fairness::Gap gap;
};

constexpr ConstraintName kConstraintNames[] = {
    {"deo", fairness::ConstraintKind::EqualOpportunity, fairness::Gap::EqualOpportunityDifference},
    {"fpr", fairness::ConstraintKind::FalsePositiveRate, fairness::Gap::FalsePositiveRateDifference},
    {"eodds", fairness::ConstraintKind::EqualizedOdds, fairness::Gap::EqualizedOddsDifference},
    {"dp", fairness::ConstraintKind::DemographicParity, fairness::Gap::DemographicParityDifference},
    {"acc", fairness::ConstraintKind::AccuracyParity, fairness::Gap::AccuracyParityDifference},
};

const ConstraintName& find_constraint(const std::string& name) {
  for (const ConstraintName& c : kConstraintNames) {
    if (name == c.name) return c;
  }
  std::string known;
  for (const ConstraintName& c : kConstraintNames) known += (known.empty() ? "" : ", ") + std::string(c.name);
  PARITY_CHECK(false, kCaller, ": unknown --constraint '", name, "', expected one of ", known);
  return kConstraintNames[0];
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// none and reweight do not use eta (fairness::MethodOptions::eta), so a sweep runs them once.
bool uses_eta(const std::string& method) { return method != "none" && method != "reweight"; }

std::vector<std::optional<double>> etas_of(const FairOptions& options, const std::string& method) {
  if (!uses_eta(method)) return {std::nullopt};
  if (options.sweep.empty()) return {options.eta};
  return {options.sweep.begin(), options.sweep.end()};
}

fairness::MethodOptions method_options(const FairOptions& options, const std::optional<double>& eta) {
  fairness::MethodOptions m;
  if (eta) m.eta = *eta;
  if (!options.eta_growth.empty()) m.eta_growth = options.eta_growth.front();
  if (!options.inner_steps.empty()) m.inner_steps = options.inner_steps.front();
  return m;
}

fairness::ConstraintSet constraints_for(const FairOptions& options, int num_groups) {
  return fairness::make_constraints({.kind = constraint_kind(options.constraint),
                                     .comparison = fairness::parse_comparison(options.comparison),
                                     .slack = options.slack},
                                    num_groups);
}

struct EpochResult {
  fairness::ConstrainedEpochRecord record;
  double seconds = 0.0;
  TestEvaluation validation;
};

struct RunResult {
  std::uint64_t seed = 0;
  std::optional<double> eta;
  double train_seconds = 0.0;
  std::vector<std::string> constraint_names{};
  std::vector<std::string> multiplier_names{};
  std::vector<EpochResult> history{};
  TestEvaluation train{};
  TestEvaluation validation{};
  TestEvaluation test{};
};

struct MethodResult {
  std::string method;
  std::vector<RunResult> runs;      ///< by seed, then eta
  std::vector<std::size_t> chosen;  ///< per seed: the index into runs that NVP picked
};

TestEvaluation evaluate_model(nn::Module& model, const data::Dataset& part) {
  model.eval();
  return evaluate(part, nn::predict_classes(model, part.X));
}

std::unique_ptr<optim::Optimizer> make_optimizer(const FairOptions& options, std::vector<Var> parameters) {
  if (options.optimizer == "sgd") return std::make_unique<optim::SGD>(std::move(parameters), optim::SGDOptions{.lr = options.lr});
  return std::make_unique<optim::Adam>(std::move(parameters), optim::AdamOptions{.lr = options.lr});
}

std::string eta_text(const std::optional<double>& eta) {
  if (!eta) return "-";
  std::ostringstream s;
  s << *eta;
  return s.str();
}

RunResult train_run(const FairOptions& options, const NamedData& data, const std::string& method_name,
                    const std::optional<double>& eta, std::uint64_t seed, Progress& progress) {
  const fairness::Gap gap = constraint_gap(options.constraint);
  Rng rng(seed);
  std::vector<Index> widths{data.train.num_features()};
  widths.insert(widths.end(), options.hidden.begin(), options.hidden.end());
  widths.push_back(1);
  std::unique_ptr<nn::Sequential> model = nn::mlp(widths, options.activation, rng);
  std::unique_ptr<optim::Optimizer> optimizer = make_optimizer(options, model->parameters());
  std::unique_ptr<fairness::Method> method = fairness::make_method(method_name, method_options(options, eta));
  fairness::ConstrainedTrainer trainer(
      *model, *optimizer, constraints_for(options, static_cast<int>(data.train.num_groups())),
      fairness::parse_surrogate(options.surrogate), *method,
      {.epochs = options.epochs,
       .batches = {.batch_size = options.batch_size, .shuffle = true, .drop_last = false},
       .stratified = options.stratified,
       .lr_decay = fairness::parse_lr_decay(options.lr_decay),
       .lr_final_fraction = options.lr_final,
       .average_last = options.average_last});
  RunResult run{.seed = seed,
                .eta = eta,
                .constraint_names = trainer.constraint_names(),
                .multiplier_names = trainer.multiplier_names()};
  trainer.start(data.train);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    EpochResult result;
    const Stopwatch watch;
    result.record = trainer.train_epoch(data.train, rng, epoch);
    result.seconds = watch.seconds();
    run.train_seconds += result.seconds;
    result.validation = evaluate_model(*model, data.validation);
    progress.advance(method_name + " eta " + eta_text(eta) + " seed " + std::to_string(seed) + " epoch " +
                     std::to_string(epoch) + ": loss " + fixed(result.record.loss, 4) + ", validation accuracy " +
                     fixed(result.validation.accuracy, 4) + ", " + definition(gap).header + " " +
                     fixed(result.validation.report.gap(gap).value, 4));
    run.history.push_back(std::move(result));
  }
  run.train = evaluate_model(*model, data.train);
  run.validation = evaluate_model(*model, data.validation);
  run.test = evaluate_model(*model, data.test);
  return run;
}

// The chosen runs' test accuracy, test gap and training time.
struct Chosen {
  std::vector<double> accuracy, gap, seconds;
};

Chosen chosen_values(const MethodResult& m, fairness::Gap gap) {
  Chosen c;
  for (std::size_t i : m.chosen) {
    const RunResult& r = m.runs[i];
    c.accuracy.push_back(r.test.accuracy);
    if (const auto g = r.test.report.gap(gap).value) c.gap.push_back(*g);
    c.seconds.push_back(r.train_seconds);
  }
  return c;
}

// Per eta (in the order of the runs of the first seed): accuracy and gap averaged over seeds, on
// the validation (`test` false) or test part.
struct EtaPoint {
  std::optional<double> eta;
  fairness::RunSummary summary;
};

std::vector<EtaPoint> eta_points(const MethodResult& m, fairness::Gap gap, bool test) {
  std::vector<EtaPoint> points;
  std::map<double, std::size_t> index;  // eta (or 0 for methods without one) -> position
  std::vector<int> counts, gap_counts;
  for (const RunResult& r : m.runs) {
    const double key = r.eta.value_or(0.0);
    auto [it, added] = index.try_emplace(key, points.size());
    if (added) {
      points.push_back({r.eta, {.accuracy = 0.0, .gap = 0.0}});
      counts.push_back(0);
      gap_counts.push_back(0);
    }
    const TestEvaluation& e = test ? r.test : r.validation;
    EtaPoint& p = points[it->second];
    p.summary.accuracy += e.accuracy;
    ++counts[it->second];
    if (const auto g = e.report.gap(gap).value) {
      *p.summary.gap += *g;
      ++gap_counts[it->second];
    }
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i].summary.accuracy /= counts[i];
    if (gap_counts[i] == counts[i]) {
      *points[i].summary.gap /= gap_counts[i];
    } else {
      points[i].summary.gap = std::nullopt;  // undefined for some seed
    }
  }
  return points;
}

std::vector<fairness::RunSummary> summaries(const std::vector<EtaPoint>& points) {
  std::vector<fairness::RunSummary> out;
  for (const EtaPoint& p : points) out.push_back(p.summary);
  return out;
}

nlohmann::json front_json(const std::vector<EtaPoint>& points) {
  nlohmann::json all = nlohmann::json::array();
  for (const EtaPoint& p : points) {
    all.push_back({{"eta", to_json(p.eta)}, {"accuracy", p.summary.accuracy}, {"gap", to_json(p.summary.gap)}});
  }
  const std::vector<fairness::RunSummary> runs = summaries(points);
  nlohmann::json front = nlohmann::json::array();
  for (std::size_t i : fairness::pareto_front(runs)) front.push_back(i);
  return {{"points", std::move(all)}, {"front", std::move(front)}};
}

nlohmann::json epoch_json(const EpochResult& e, fairness::Gap gap) {
  const fairness::ConstrainedEpochRecord& r = e.record;
  nlohmann::json constraints = nlohmann::json::array();
  nlohmann::json hard = nlohmann::json::array();
  for (std::size_t j = 0; j < r.constraints.size(); ++j) {
    constraints.push_back(to_json(r.constraints[j]));
    hard.push_back(to_json(r.hard_constraints[j]));
  }
  return {{"epoch", r.epoch},
          {"seconds", e.seconds},
          {"lr", r.lr},
          {"loss", r.loss},
          {"constraints", std::move(constraints)},
          {"hard_constraints", std::move(hard)},
          {"skipped", r.skipped},
          {"skipped_batches", r.skipped_batches},
          {"batches", r.batches},
          {"multipliers", r.multipliers},
          {"eta", r.eta},
          {"validation_accuracy", e.validation.accuracy},
          {"validation_gap", to_json(e.validation.report.gap(gap).value)}};
}

nlohmann::json run_json(const RunResult& r, fairness::Gap gap) {
  nlohmann::json history = nlohmann::json::array();
  for (const EpochResult& e : r.history) history.push_back(epoch_json(e, gap));
  return {{"seed", r.seed},
          {"eta", to_json(r.eta)},
          {"train_seconds", r.train_seconds},
          {"constraint_names", r.constraint_names},
          {"multiplier_names", r.multiplier_names},
          {"history", std::move(history)},
          {"train", to_json(r.train)},
          {"validation", to_json(r.validation)},
          {"test", to_json(r.test)},
          {"collapsed", collapsed(r.test.report)}};
}

nlohmann::json options_json(const FairOptions& o) {
  return {{"data", o.data},
          {"sensitive", o.sensitive},
          {"validation_fraction", o.validation_fraction},
          {"methods", o.methods},
          {"constraint", o.constraint},
          {"comparison", o.comparison},
          {"surrogate", o.surrogate},
          {"eta", o.eta},
          {"sweep", o.sweep},
          {"eta_growth", o.eta_growth},
          {"inner_steps", o.inner_steps},
          {"slack", o.slack},
          {"hidden", o.hidden},
          {"activation", o.activation},
          {"optimizer", o.optimizer},
          {"lr", o.lr},
          {"lr_decay", o.lr_decay},
          {"lr_final", o.lr_final},
          {"average_last", o.average_last},
          {"epochs", o.epochs},
          {"batch_size", o.batch_size},
          {"stratified", o.stratified},
          {"seeds", o.seeds},
          {"first_seed", o.first_seed},
          {"nvp_factor", o.nvp_factor}};
}

// Per seed, NVP over that seed's runs (one per eta) from their validation accuracy and gap.
void choose(MethodResult& m, const FairOptions& options, std::size_t runs_per_seed) {
  const fairness::Gap gap = constraint_gap(options.constraint);
  for (std::size_t first = 0; first < m.runs.size(); first += runs_per_seed) {
    std::vector<fairness::RunSummary> runs;
    for (std::size_t i = first; i < first + runs_per_seed; ++i) {
      runs.push_back({m.runs[i].validation.accuracy, m.runs[i].validation.report.gap(gap).value});
    }
    bool any_gap = false;
    for (const auto& r : runs) any_gap = any_gap || r.gap.has_value();
    // Without any defined validation gap NVP has no candidate; the most accurate run stands.
    m.chosen.push_back(first + (any_gap ? fairness::select_nvp(runs, options.nvp_factor)
                                        : static_cast<std::size_t>(std::max_element(runs.begin(), runs.end(),
                                                                                    [](const auto& a, const auto& b) {
                                                                                      return a.accuracy < b.accuracy;
                                                                                    }) -
                                                                   runs.begin())));
  }
}

void print_tables(const std::vector<MethodResult>& results, const FairOptions& options, std::ostream& out) {
  const fairness::Gap gap = constraint_gap(options.constraint);
  const std::string& header = options.constraint;
  for (const MethodResult& m : results) {
    Table table({"seed", "eta", "test accuracy", "test " + header, "validation accuracy", "validation " + header,
                 "train s", "collapsed"});
    int collapsed_runs = 0;
    for (std::size_t i : m.chosen) {
      const RunResult& r = m.runs[i];
      const bool constant = collapsed(r.test.report);
      collapsed_runs += constant ? 1 : 0;
      table.add_row({std::to_string(r.seed), eta_text(r.eta), fixed(r.test.accuracy, 4),
                     fixed(r.test.report.gap(gap).value, 4), fixed(r.validation.accuracy, 4),
                     fixed(r.validation.report.gap(gap).value, 4), fixed(r.train_seconds, 3), constant ? "yes" : "no"});
    }
    const Chosen c = chosen_values(m, gap);
    const auto acc = summarise(c.accuracy);
    const auto g = summarise(c.gap);
    const auto s = summarise(c.seconds);
    table.add_row(
        {"median [min, max]", "", median_range(acc, 4), median_range(g, 4), "", "", median_range(s, 3), ""});
    table.add_row({"mean", "", fixed(acc->mean, 4), g ? fixed(g->mean, 4) : "undef", "", "", fixed(s->mean, 3),
                   std::to_string(collapsed_runs) + " of " + std::to_string(m.chosen.size())});
    out << "\n" << m.method << (options.sweep.empty() || !uses_eta(m.method) ? "" : " (eta chosen by NVP per seed)")
        << ":\n"
        << table.to_string();
  }
}

std::vector<XYPanel> front_panels(const std::vector<MethodResult>& results, fairness::Gap gap) {
  std::vector<XYPanel> panels;
  for (bool test : {false, true}) {
    XYPanel panel{.title = std::string(test ? "test" : "validation") + " (mean over seeds, per eta)",
                  .x_label = definition(gap).name,
                  .y_label = "accuracy",
                  .series = {}};
    for (std::size_t k = 0; k < results.size(); ++k) {
      const std::vector<EtaPoint> points = eta_points(results[k], gap, test);
      XYSeries all{.title = results[k].method, .points = {}, .lines = false, .colour = static_cast<int>(k)};
      for (const EtaPoint& p : points) {
        if (p.summary.gap) all.points.emplace_back(*p.summary.gap, p.summary.accuracy);
      }
      XYSeries front{.title = results[k].method + " front", .points = {}, .lines = true, .colour = static_cast<int>(k)};
      for (std::size_t i : fairness::pareto_front(summaries(points))) {
        front.points.emplace_back(*points[i].summary.gap, points[i].summary.accuracy);
      }
      panel.series.push_back(std::move(all));
      panel.series.push_back(std::move(front));
    }
    panels.push_back(std::move(panel));
  }
  return panels;
}

}  // namespace

const std::vector<std::string>& fair_constraint_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const ConstraintName& c : kConstraintNames) out.emplace_back(c.name);
    return out;
  }();
  return names;
}

bool collapsed(const fairness::FairnessReport& report) {
  const fairness::Confusion& all = report.overall;
  const Index predicted_positive = all.tp + all.fp;
  return predicted_positive == 0 || predicted_positive == all.count();
}

fairness::ConstraintKind constraint_kind(const std::string& name) { return find_constraint(name).kind; }
fairness::Gap constraint_gap(const std::string& name) { return find_constraint(name).gap; }

void check_fair_options(const FairOptions& o) {
  const std::vector<std::string>& datasets = dataset_names();
  PARITY_CHECK(std::find(datasets.begin(), datasets.end(), o.data) != datasets.end(), kCaller, ": unknown --data '",
               o.data, "', expected one of ", joined(datasets));
  if (!o.sensitive.empty() && o.data != "celeba") {
    const std::vector<std::string> known = sensitive_names(o.data);
    PARITY_CHECK(std::find(known.begin(), known.end(), o.sensitive) != known.end(), kCaller,
                 ": unknown --sensitive '", o.sensitive, "' for ", o.data,
                 known.empty() ? std::string(", which has fixed groups") : ", expected one of " + joined(known));
  }
  PARITY_CHECK(std::isfinite(o.validation_fraction) && o.validation_fraction > 0.0 && o.validation_fraction < 1.0,
               kCaller, ": --validation-fraction must be in (0, 1), got ", o.validation_fraction);
  PARITY_CHECK(!o.methods.empty(), kCaller, ": --method needs at least one name");
  const std::vector<std::string> methods = fairness::method_names();
  for (std::size_t i = 0; i < o.methods.size(); ++i) {
    const std::string& m = o.methods[i];
    PARITY_CHECK(std::find(methods.begin(), methods.end(), m) != methods.end(), kCaller, ": unknown --method '", m,
                 "', expected one of ", joined(methods));
    PARITY_CHECK(std::find(o.methods.begin(), o.methods.begin() + static_cast<std::ptrdiff_t>(i), m) ==
                     o.methods.begin() + static_cast<std::ptrdiff_t>(i),
                 kCaller, ": --method '", m, "' is given twice");
  }
  find_constraint(o.constraint);
  fairness::parse_comparison(o.comparison);
  fairness::parse_surrogate(o.surrogate);
  PARITY_CHECK(std::isfinite(o.eta) && o.eta > 0.0, kCaller, ": --eta must be positive and finite, got ", o.eta);
  for (double eta : o.sweep) {
    PARITY_CHECK(std::isfinite(eta) && eta > 0.0, kCaller, ": --sweep values must be positive and finite, got ", eta);
  }
  for (std::size_t i = 0; i < o.sweep.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      PARITY_CHECK(o.sweep[i] != o.sweep[j], kCaller, ": --sweep lists ", o.sweep[i], " twice");
    }
  }
  PARITY_CHECK(o.eta_growth.size() <= 1 && o.inner_steps.size() <= 1, kCaller,
               ": --eta-growth and --inner-steps take one value");
  PARITY_CHECK(std::isfinite(o.slack) && o.slack >= 0.0, kCaller, ": --slack must be >= 0 and finite, got ", o.slack);
  for (const std::string& m : o.methods) {
    for (const std::optional<double>& eta : etas_of(o, m)) fairness::make_method(m, method_options(o, eta));
  }
  for (Index w : o.hidden) PARITY_CHECK(w >= 1, kCaller, ": --hidden widths must be >= 1, got ", w);
  PARITY_CHECK(o.optimizer == "adam" || o.optimizer == "sgd", kCaller, ": unknown --optimizer '", o.optimizer,
               "', expected adam or sgd");
  PARITY_CHECK(std::isfinite(o.lr) && o.lr > 0.0, kCaller, ": --lr must be positive and finite, got ", o.lr);
  PARITY_CHECK(o.epochs >= 1, kCaller, ": --epochs must be >= 1, got ", o.epochs);
  PARITY_CHECK(o.lr_decay == "none" || o.lr_decay == "cosine" || o.lr_decay == "step", kCaller,
               ": unknown --lr-decay '", o.lr_decay, "', expected none, cosine or step");
  PARITY_CHECK(std::isfinite(o.lr_final) && o.lr_final > 0.0 && o.lr_final <= 1.0, kCaller,
               ": --lr-final must be in (0, 1], got ", o.lr_final);
  PARITY_CHECK(o.average_last >= 0 && o.average_last <= o.epochs, kCaller,
               ": --average-last must be in [0, --epochs = ", o.epochs, "], got ", o.average_last);
  PARITY_CHECK(o.batch_size >= 1, kCaller, ": --batch-size must be >= 1, got ", o.batch_size);
  PARITY_CHECK(o.seeds >= 1, kCaller, ": --seeds must be >= 1, got ", o.seeds);
  PARITY_CHECK(std::isfinite(o.nvp_factor) && o.nvp_factor > 0.0 && o.nvp_factor <= 1.0, kCaller,
               ": --nvp-factor must be in (0, 1], got ", o.nvp_factor);
  check_writable_file(o.out, "parity fair: --out");
  check_writable_file(o.plot, "parity fair: --plot");
}

nlohmann::json run_fair(const FairOptions& options, std::ostream& out) {
  check_fair_options(options);
  const fairness::Gap gap = constraint_gap(options.constraint);
  const LoadOptions load{.unfair2d = options.unfair2d,
                         .validation_fraction = options.validation_fraction,
                         .sensitive = options.sensitive};
  std::vector<MethodResult> results;
  for (const std::string& m : options.methods) results.push_back({m, {}, {}});
  nlohmann::json splits = nlohmann::json::array();
  std::string description;
  long total_epochs = 0;
  for (const std::string& m : options.methods) {
    total_epochs += static_cast<long>(etas_of(options, m).size()) * options.seeds * options.epochs;
  }
  Progress progress("training", total_epochs);
  for (int k = 0; k < options.seeds; ++k) {
    const std::uint64_t seed = options.first_seed + static_cast<std::uint64_t>(k);
    const NamedData data = load_dataset(options.data, options.data_dir, seed, load);
    PARITY_CHECK(data.validation.size() > 0, kCaller, ": ", data.name, " has no validation part");
    if (k == 0) {
      description = data.description;
      out << description << ": " << data.train.size() << " training / " << data.validation.size() << " validation / "
          << data.test.size() << " test samples, " << data.train.num_features() << " features, "
          << data.train.num_groups() << " groups\n";
      // Everything the data decide (groups, the methods' start on these constraints) before training.
      const fairness::ConstraintSet constraints = constraints_for(options, static_cast<int>(data.train.num_groups()));
      for (const std::string& m : options.methods) {
        for (const std::optional<double>& eta : etas_of(options, m)) {
          fairness::make_method(m, method_options(options, eta))->start(constraints, data.train);
        }
      }
      out << "constraint " << options.constraint << " (" << constraints.size() << " constraints, "
          << options.comparison << ", slack " << options.slack << "), surrogate " << options.surrogate << ", "
          << (options.hidden.empty() ? "logistic regression" : "MLP") << ", " << options.optimizer << " lr "
          << options.lr;
      if (options.lr_decay != "none") out << " (" << options.lr_decay << " decay to " << options.lr_final << " lr)";
      if (options.average_last > 0) out << ", iterates of the last " << options.average_last << " epochs averaged";
      out << ", " << options.epochs << " epochs, batches of " << options.batch_size
          << (options.stratified ? " (stratified)" : "") << ", " << options.seeds << (options.seeds == 1 ? " seed\n\n" : " seeds\n\n");
    }
    splits.push_back({{"seed", seed},
                      {"train_samples", data.train.size()},
                      {"validation_samples", data.validation.size()},
                      {"test_samples", data.test.size()}});
    for (MethodResult& m : results) {
      for (const std::optional<double>& eta : etas_of(options, m.method)) {
        RunResult run = train_run(options, data, m.method, eta, seed, progress);
        out << m.method << " eta " << eta_text(eta) << " seed " << seed << ": test accuracy "
            << fixed(run.test.accuracy, 4) << ", " << options.constraint << " "
            << fixed(run.test.report.gap(gap).value, 4) << "; validation " << fixed(run.validation.accuracy, 4) << ", "
            << fixed(run.validation.report.gap(gap).value, 4) << "; " << fixed(run.train_seconds, 3) << " s\n";
        m.runs.push_back(std::move(run));
      }
    }
  }
  for (MethodResult& m : results) choose(m, options, etas_of(options, m.method).size());
  print_tables(results, options, out);

  nlohmann::json methods = nlohmann::json::array();
  for (const MethodResult& m : results) {
    nlohmann::json runs = nlohmann::json::array();
    for (const RunResult& r : m.runs) runs.push_back(run_json(r, gap));
    nlohmann::json chosen = nlohmann::json::array();
    for (std::size_t i : m.chosen) chosen.push_back({{"seed", m.runs[i].seed}, {"run", i}, {"eta", to_json(m.runs[i].eta)}});
    const Chosen c = chosen_values(m, gap);
    methods.push_back({{"method", m.method},
                       {"runs", std::move(runs)},
                       {"chosen", std::move(chosen)},
                       {"summary",
                        {{"test_accuracy", summary_json(summarise(c.accuracy))},
                         {"test_gap", summary_json(summarise(c.gap))},
                         {"train_seconds", summary_json(summarise(c.seconds))}}},
                       {"front",
                        {{"validation", front_json(eta_points(m, gap, false))},
                         {"test", front_json(eta_points(m, gap, true))}}}});
  }
  nlohmann::json result{{"command", "fair"},
                        {"dataset", description},
                        {"gap", definition(gap).name},
                        {"options", options_json(options)},
                        {"splits", std::move(splits)},
                        {"methods", std::move(methods)}};
  if (!options.out.empty()) {
    write_json(result, options.out);
    out << "\nwrote " << options.out.string() << "\n";
  }
  if (!options.plot.empty()) {
    const bool drawn = plot_xy(front_panels(results, gap), options.plot);
    out << (drawn ? "wrote " + options.plot.string()
                  : "gnuplot not found: wrote the script beside " + options.plot.string())
        << "\n";
  }
  return result;
}

void add_fair_command(CLI::App& app) {
  auto options = std::make_shared<FairOptions>();
  FairOptions& o = *options;
  CLI::App* fair = app.add_subcommand(
      "fair", "Constrained fairness training (FairALM and baselines): test accuracy and the constrained gap over seeds");
  fair->add_option("--data", o.data,
                   "unfair2d, adult (5 continuous features), adult-race, adult-full (103 features), lsat, compas, "
                   "german or celeba")
      ->capture_default_str();
  fair->add_option("--data-dir", o.data_dir, "folder of the real datasets (PARITY_DATA_DIR)")->capture_default_str();
  fair->add_option("--sensitive", o.sensitive,
                   "sensitive attribute: adult sex|race, lsat race|gender, compas race|sex, german sex|age, celeba any "
                   "attribute (default: the first)");
  fair->add_option("--validation-fraction", o.validation_fraction,
                   "share of the training rows held out for validation (CelebA: its official partition)")
      ->capture_default_str();
  fair->add_option("--method", o.methods, "fairalm, fairalm-released, none, l2, reweight, lagrangian, proxy-lagrangian (several allowed)")
      ->delimiter(',')
      ->capture_default_str();
  fair->add_option("--constraint", o.constraint, "deo, fpr, eodds, dp or acc")->capture_default_str();
  fair->add_option("--comparison", o.comparison, "pairwise or group-vs-all")->capture_default_str();
  fair->add_option("--surrogate", o.surrogate, "loss, sigmoid, hinge or logit")->capture_default_str();
  fair->add_option("--eta", o.eta, "the method's step size")->capture_default_str();
  fair->add_option("--sweep", o.sweep, "several etas (comma-separated); NVP chooses per seed")->delimiter(',');
  fair->add_option("--eta-growth", o.eta_growth, "factor on eta per epoch (default: the method's)")->expected(1);
  fair->add_option("--inner-steps", o.inner_steps, "primal steps per dual step (default: the method's)")->expected(1);
  fair->add_option("--slack", o.slack, "eps of |c| <= eps")->capture_default_str();
  fair->add_option("--hidden", o.hidden, "hidden layer widths (none: logistic regression)");
  fair->add_option("--activation", o.activation, "activation between hidden layers")->capture_default_str();
  fair->add_option("--optimizer", o.optimizer, "adam or sgd")->capture_default_str();
  fair->add_option("--lr", o.lr, "learning rate")->capture_default_str();
  fair->add_option("--lr-decay", o.lr_decay, "learning-rate decay over the epochs: none, cosine or step (at half)")
      ->capture_default_str();
  fair->add_option("--lr-final", o.lr_final, "the decay's final learning rate as a fraction of --lr")
      ->capture_default_str();
  fair->add_option("--average-last", o.average_last,
                   "evaluate the mean of the parameters over the batches of the last K epochs (0: the last iterate)")
      ->capture_default_str();
  fair->add_option("--epochs", o.epochs, "training epochs")->capture_default_str();
  fair->add_option("--batch-size", o.batch_size, "mini-batch size")->capture_default_str();
  fair->add_flag("--stratified", o.stratified, "every (y, s) cell in every batch");
  fair->add_option("--seeds", o.seeds, "number of seeds (split, initialisation, batches)")->capture_default_str();
  fair->add_option("--first-seed", o.first_seed, "the first seed")->capture_default_str()->check(seed_value());
  fair->add_option("--nvp-factor", o.nvp_factor, "NVP keeps runs within this factor of the best validation accuracy")
      ->capture_default_str();
  fair->add_option("--out", o.out, "write the results as JSON to this file");
  fair->add_option("--plot", o.plot, "draw the Pareto fronts (accuracy against the gap) to this PNG");
  fair->callback([options] { run_fair(*options, std::cout); });
}

}  // namespace parity::cli
