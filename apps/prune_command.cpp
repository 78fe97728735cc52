// parity prune: dense training, pruning by every method at every sparsity over seeds, tables,
// JSON and a picture of accuracy and gaps against sparsity.
#include "prune_command.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "autograd/functional.h"
#include "commands.h"
#include "option_checks.h"
#include "data/batches.h"
#include "data/group_rules.h"
#include "experiment.h"
#include "fairness_json.h"
#include "nn/copy_model.h"
#include "nn/loss.h"
#include "nn/predict.h"
#include "nn/serialize.h"
#include "optim/adam.h"
#include "output.h"
#include "plot.h"
#include "prune/methods.h"
#include "prune/report.h"
#include "summary.h"
#include "tensor/check.h"
#include "tensor/stopwatch.h"

namespace parity::cli {

namespace {

constexpr const char* kCaller = "parity prune";

std::string joined_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<double> sparsities(const PruneCommandOptions& o) {
  return o.sweep.empty() ? std::vector<double>{o.sparsity} : o.sweep;
}

prune::PruneOptions library_options(const PruneCommandOptions& o, double sparsity) {
  prune::PruneOptions p;
  p.sparsity = sparsity;
  p.scope = prune::parse_scope(o.scope);
  p.epochs = o.epochs;
  p.mask_epochs = o.mask_epochs;
  p.imp_rounds = o.imp_rounds;
  p.batch_size = o.batch_size;
  p.lr = o.lr;
  p.score_lr = o.score_lr;
  p.fairness_weight = o.fairness_weight;
  p.temperature = o.temperature;
  p.implicit_scale = o.implicit_scale;
  if (o.implicit_gradient == "paper") p.implicit_gradient = prune::ImplicitGradient::Paper;
  if (o.implicit_gradient == "bip-code") p.implicit_gradient = prune::ImplicitGradient::BipCode;
  return p;
}

struct Data {
  std::string description;
  data::Dataset train;
  data::Dataset test;
};

Data load(const PruneCommandOptions& o, std::uint64_t seed) {
  if (o.data == "synth") {
    Rng rng(seed);
    Rng train_rng = rng.spawn();
    Rng test_rng = rng.spawn();
    return {"synth (group-specific rules, minority 15 %)",
            data::make_group_rules({.n = o.synth_train}, train_rng),
            data::make_group_rules({.n = o.synth_test}, test_rng)};
  }
  NamedData d = load_dataset(o.data, o.data_dir, seed, {.sensitive = o.sensitive, .label = o.label});
  return {d.description, std::move(d.train), std::move(d.test)};
}

std::vector<Tensor> parameter_values(nn::Sequential& model) {
  std::vector<Tensor> values;
  for (const Var& p : model.parameters()) values.push_back(p.value().clone());
  return values;
}

// Trains the dense model; returns its parameters' values after epoch --rewind-epoch when it is set
// (the weights imp rewinds to), else nothing.
std::vector<Tensor> train_dense(nn::Sequential& model, const data::Dataset& train, const PruneCommandOptions& o,
                                Rng& rng) {
  std::vector<Tensor> rewind;
  if (o.rewind_epoch == 0) rewind = parameter_values(model);
  optim::Adam adam(model.parameters(), {.lr = o.lr});
  for (int e = 1; e <= o.dense_epochs; ++e) {
    for (const data::Batch& b : data::MiniBatches(train, {.batch_size = o.batch_size}, rng)) {
      adam.zero_grad();
      nn::BCEWithLogitsLoss()(prune::binary_logit(model(Var(b.X))), b.y).backward();
      adam.step();
    }
    if (o.rewind_epoch == e) rewind = parameter_values(model);
  }
  return rewind;
}

struct Run {
  std::string method;
  double sparsity = 0.0;
  std::uint64_t seed = 0;
  prune::PrunedReport report{};
  TestEvaluation evaluation{};
  prune::PruneResult result{};
  Index zeros = 0;
  Index prunable = 0;
  nlohmann::json history = nlohmann::json::array();  ///< per epoch: steps so far and the test report
};

template <class F>
std::vector<double> values(const std::vector<const Run*>& runs, F f) {
  std::vector<double> out;
  for (const Run* r : runs) out.push_back(f(*r));
  return out;
}

std::vector<const Run*> select(const std::vector<Run>& runs, const std::string& method, double sparsity) {
  std::vector<const Run*> out;
  for (const Run& r : runs) {
    if (r.method == method && r.sparsity == sparsity) out.push_back(&r);
  }
  return out;
}

void print_table(const std::vector<Run>& runs, const PruneCommandOptions& o, double sparsity,
                 const std::vector<std::string>& groups, std::ostream& out) {
  std::vector<std::string> header{"method", "runs", "collapsed", "accuracy"};
  for (const std::string& g : groups) header.push_back("acc " + g);
  for (const std::string& g : groups) header.push_back("drop " + g);
  header.insert(header.end(), {"perf. gap", "degr. gap", "sparsity"});
  Table table(header);
  for (const std::string& m : o.methods) {
    const auto chosen = select(runs, m, sparsity);
    std::vector<std::string> row{m, std::to_string(chosen.size())};
    row.push_back(std::to_string(
        std::count_if(chosen.begin(), chosen.end(), [](const Run* r) { return r->report.collapsed; })));
    row.push_back(median_of(summarise(values(chosen, [](const Run& r) { return r.report.accuracy; })), 3));
    for (std::size_t g = 0; g < groups.size(); ++g) {
      row.push_back(median_of(summarise(values(chosen, [g](const Run& r) { return r.report.group_accuracy[g]; })), 3));
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      row.push_back(median_of(summarise(values(chosen, [g](const Run& r) { return r.report.group_drop[g]; })), 3));
    }
    row.push_back(median_range(summarise(values(chosen, [](const Run& r) { return r.report.performance_gap; })), 3));
    row.push_back(median_range(summarise(values(chosen, [](const Run& r) { return r.report.degradation_gap; })), 3));
    row.push_back(median_of(summarise(values(chosen,
                                             [](const Run& r) {
                                               return static_cast<double>(r.zeros) /
                                                      static_cast<double>(r.prunable);
                                             })),
                            4));
    table.add_row(std::move(row));
  }
  out << "\nsparsity " << sparsity << " (test part; medians over seeds, gaps with [min, max]):\n"
      << table.to_string();
}

nlohmann::json run_json(const Run& r) {
  const prune::PrunedReport& p = r.report;
  return {{"method", r.method},
          {"sparsity", r.sparsity},
          {"seed", r.seed},
          {"accuracy", p.accuracy},
          {"dense_accuracy", p.dense_accuracy},
          {"group_accuracy", p.group_accuracy},
          {"dense_group_accuracy", p.dense_group_accuracy},
          {"group_drop", p.group_drop},
          {"performance_gap", p.performance_gap},
          {"degradation_gap", p.degradation_gap},
          {"collapsed", p.collapsed},
          {"pruned_weights", r.zeros},
          {"prunable_weights", r.prunable},
          {"weight_steps", r.result.weight_steps},
          {"score_steps", r.result.score_steps},
          {"seconds", r.result.seconds},
          {"history", r.history},
          {"test", to_json(r.evaluation)}};
}

nlohmann::json options_json(const PruneCommandOptions& o) {
  return {{"data", o.data},
          {"sensitive", o.sensitive},
          {"label", o.label},
          {"synth_train", o.synth_train},
          {"synth_test", o.synth_test},
          {"methods", o.methods},
          {"sparsities", sparsities(o)},
          {"scope", o.scope},
          {"hidden", o.hidden},
          {"outputs", o.outputs},
          {"model", o.model.string()},
          {"dense_epochs", o.dense_epochs},
          {"epochs", o.epochs},
          {"mask_epochs", o.mask_epochs},
          {"imp_rounds", o.imp_rounds},
          {"rewind_epoch", o.rewind_epoch ? nlohmann::json(*o.rewind_epoch) : nlohmann::json(nullptr)},
          {"batch_size", o.batch_size},
          {"lr", o.lr},
          {"score_lr", o.score_lr},
          {"fairness_weight", o.fairness_weight},
          {"temperature", o.temperature},
          {"implicit_gradient", o.implicit_gradient},
          {"implicit_scale", o.implicit_scale},
          {"seeds", o.seeds},
          {"first_seed", o.first_seed}};
}

std::vector<XYPanel> sweep_panels(const std::vector<Run>& runs, const PruneCommandOptions& o,
                                  const std::vector<std::string>& groups) {
  std::vector<XYPanel> panels;
  const auto panel = [&](const std::string& title, const std::string& y_label, auto f) {
    XYPanel p{title, "sparsity", y_label, {}};
    for (const std::string& m : o.methods) {
      XYSeries series{m, {}, true};
      for (double s : sparsities(o))
        if (const auto summary = summarise(values(select(runs, m, s), f))) series.points.emplace_back(s, summary->median);
      p.series.push_back(std::move(series));
    }
    panels.push_back(std::move(p));
  };
  for (std::size_t g = 0; g < groups.size(); ++g) {
    panel("accuracy, " + groups[g], "test accuracy (median)",
          [g](const Run& r) { return r.report.group_accuracy[g]; });
  }
  panel("performance gap (Def. 1)", "max - min group accuracy",
        [](const Run& r) { return r.report.performance_gap; });
  panel("degradation gap (Def. 3)", "max - min accuracy drop",
        [](const Run& r) { return r.report.degradation_gap; });
  return panels;
}

}  // namespace

void check_prune_command_options(const PruneCommandOptions& o) {
  const std::vector<std::string>& names = dataset_names();
  PARITY_CHECK(o.data == "synth" || std::find(names.begin(), names.end(), o.data) != names.end(), kCaller,
               ": unknown --data '", o.data, "', expected synth or one of the datasets of `parity fair`");
  PARITY_CHECK(!o.methods.empty(), kCaller, ": --method names no method");
  PARITY_CHECK(o.label.empty() || o.data == "celeba", kCaller, ": --label chooses a CelebA attribute, but --data is ",
               o.data);
  for (double s : sparsities(o)) prune::check_sparsity(s, "parity prune: --sparsity/--sweep");
  prune::parse_scope(o.scope);
  PARITY_CHECK(
      o.implicit_gradient == "none" || o.implicit_gradient == "paper" || o.implicit_gradient == "bip-code",
      kCaller, ": unknown --implicit-gradient '", o.implicit_gradient, "', expected none, paper or bip-code");
  for (const std::string& m : o.methods) {
    prune::check_prune_options(library_options(o, sparsities(o).front()), prune::find_method(m).method);
  }
  PARITY_CHECK(o.seeds >= 1, kCaller, ": --seeds must be >= 1, got ", o.seeds);
  PARITY_CHECK(o.outputs == 1 || o.outputs == 2, kCaller,
               ": --outputs must be 1 (a logit) or 2 (a softmax head), got ", o.outputs);
  PARITY_CHECK(
      o.model.empty() ? o.dense_epochs >= 1 : std::filesystem::is_regular_file(o.model / "model.json"),
      kCaller,
      o.model.empty() ? ": --dense-epochs must be >= 1"
                      : ": --model " + o.model.string() + " holds no model.json");
  if (o.rewind_epoch) {
    PARITY_CHECK(std::find(o.methods.begin(), o.methods.end(), "imp") != o.methods.end(), kCaller,
                 ": --rewind-epoch applies to --method imp, which is not among the methods");
    PARITY_CHECK(o.model.empty(), kCaller,
                 ": --rewind-epoch needs the dense training, but --model loads only the trained weights");
    PARITY_CHECK(*o.rewind_epoch >= 0 && *o.rewind_epoch <= o.dense_epochs, kCaller,
                 ": --rewind-epoch must lie in [0, --dense-epochs = ", o.dense_epochs, "], got ", *o.rewind_epoch);
  }
  PARITY_CHECK(o.synth_train >= 2 && o.synth_test >= 2, kCaller,
               ": --synth-train and --synth-test must be >= 2");
  check_writable_file(o.out, "parity prune: --out");
  check_writable_file(o.plot, "parity prune: --plot");
  if (!o.save_model.empty()) check_writable_folder(o.save_model, "parity prune: --save-model");
}

nlohmann::json run_prune(const PruneCommandOptions& o, std::ostream& out) {
  check_prune_command_options(o);
  const std::vector<double> levels = sparsities(o);
  std::vector<Run> runs;
  nlohmann::json dense_runs = nlohmann::json::array();
  std::vector<std::string> groups;
  std::string description;
  const bool one_run = o.seeds == 1 && o.methods.size() == 1 && levels.size() == 1;
  Progress progress(
      "prune", static_cast<long>(o.seeds) * static_cast<long>(o.methods.size() * levels.size()) * o.epochs);
  for (int k = 0; k < o.seeds; ++k) {
    const std::uint64_t seed = o.first_seed + static_cast<std::uint64_t>(k);
    const Data data = load(o, seed);
    for (const std::string& m : o.methods) {
      PARITY_CHECK(!prune::uses_groups(prune::find_method(m).method) || data.train.num_groups() >= 2, kCaller,
                   ": --method ", m, " needs at least two groups, but ", o.data, " has ",
                   data.train.num_groups());
    }
    // Independent streams for the dense model and for the pruning runs, which all start alike.
    Rng streams(seed);
    Rng rng = streams.spawn();
    const Rng prune_start = streams.spawn();
    std::unique_ptr<nn::Sequential> dense;
    std::vector<Tensor> rewind;
    const Stopwatch dense_clock;
    if (o.model.empty()) {
      std::vector<Index> widths{data.train.num_features()};
      widths.insert(widths.end(), o.hidden.begin(), o.hidden.end());
      widths.push_back(o.outputs);
      dense = nn::mlp(widths, "relu", rng);
      rewind = train_dense(*dense, data.train, o, rng);
    } else {
      dense = nn::load_model(o.model.string());
    }
    const Tensor dense_pred = nn::predict_classes(*dense, data.test.X);
    const TestEvaluation dense_eval = evaluate(data.test, dense_pred);
    if (k == 0) {
      description = data.description;
      groups = data.train.group_names;
      out << description << ": " << data.train.size() << " training / " << data.test.size()
          << " test samples, " << data.train.num_features() << " features, groups " << joined_names(groups)
          << "\n";
    }
    out << "dense seed " << seed << ": test accuracy " << fixed(dense_eval.accuracy, 4) << " ("
        << fixed(dense_clock.seconds(), 1) << " s)\n";
    dense_runs.push_back({{"seed", seed}, {"seconds", dense_clock.seconds()}, {"test", to_json(dense_eval)}});
    for (double s : levels) {
      for (const std::string& m : o.methods) {
        auto model = nn::copy_model(*dense);
        Rng prune_rng = prune_start;
        Run run{.method = m, .sparsity = s, .seed = seed};
        prune::PruneOptions options = library_options(o, s);
        if (m == "imp") options.rewind_weights = rewind;
        run.result = prune::prune_model(
            *model, data.train, prune::find_method(m), options, prune_rng,
            [&](const prune::EpochInfo& info, nn::Sequential& current) {
              const prune::PrunedReport r =
                  prune::pruned_report(data.test.y, data.test.s, data.test.num_groups(), dense_pred,
                                       nn::predict_classes(current, data.test.X));
              run.history.push_back({{"epoch", info.epoch},
                                     {"weight_steps", info.weight_steps},
                                     {"score_steps", info.score_steps},
                                     {"accuracy", r.accuracy},
                                     {"performance_gap", r.performance_gap},
                                     {"degradation_gap", r.degradation_gap}});
              progress.advance(m + " sparsity " + fixed(s, 3) + " seed " + std::to_string(seed) + " epoch " +
                               std::to_string(info.epoch) + "/" + std::to_string(info.total) +
                               ": performance gap " + fixed(r.performance_gap, 3));
            });
        const Tensor pred = nn::predict_classes(*model, data.test.X);
        run.report = prune::pruned_report(data.test.y, data.test.s, data.test.num_groups(), dense_pred, pred);
        run.evaluation = evaluate(data.test, pred);
        const prune::SparsityCount count = prune::count_zeros(*model);
        run.zeros = count.total_zeros();
        run.prunable = count.total_size();
        out << m << " sparsity " << s << " seed " << seed << ": accuracy " << fixed(run.report.accuracy, 4)
            << ", performance gap " << fixed(run.report.performance_gap, 4) << ", degradation gap "
            << fixed(run.report.degradation_gap, 4) << (run.report.collapsed ? " (collapsed)" : "") << ", "
            << run.zeros << "/" << run.prunable << " pruned, " << fixed(run.result.seconds, 1) << " s\n";
        if (!o.save_model.empty()) {
          const std::filesystem::path dir =
              one_run ? o.save_model
                      : o.save_model / (m + "_" + fixed(s, 3) + "_seed" + std::to_string(seed));
          nn::save_model(*model, dir.string());
        }
        runs.push_back(std::move(run));
      }
    }
  }
  for (double s : levels) print_table(runs, o, s, groups, out);

  nlohmann::json all = nlohmann::json::array();
  for (const Run& r : runs) all.push_back(run_json(r));
  nlohmann::json result{
      {"command", "prune"},         {"dataset", description},         {"groups", groups},
      {"options", options_json(o)}, {"dense", std::move(dense_runs)}, {"runs", std::move(all)}};
  if (!o.out.empty()) {
    write_json(result, o.out);
    out << "\nwrote " << o.out.string() << "\n";
  }
  if (!o.plot.empty()) {
    const bool drawn = plot_xy(sweep_panels(runs, o, groups), o.plot);
    out << (drawn ? "wrote " + o.plot.string()
                  : "gnuplot not found: wrote the script beside " + o.plot.string())
        << "\n";
  }
  if (!o.save_model.empty())
    out << "wrote the pruned model" << (one_run ? "" : "s") << " to " << o.save_model.string() << "\n";
  return result;
}

void add_prune_command(CLI::App& app) {
  auto options = std::make_shared<PruneCommandOptions>();
  PruneCommandOptions& o = *options;
  CLI::App* cmd = app.add_subcommand(
      "prune",
      "Fairness-aware pruning (magnitude, IMP, HYDRA, BiP, BiFP): per-group accuracy, drops and gaps");
  cmd->add_option("--data", o.data, "synth (built in), adult, adult-race, compas, celeba, ...")
      ->capture_default_str();
  cmd->add_option("--data-dir", o.data_dir, "folder of the real datasets (PARITY_DATA_DIR)")
      ->capture_default_str();
  cmd->add_option("--sensitive", o.sensitive, "sensitive attribute (default: the dataset's first)");
  cmd->add_option("--label", o.label, "celeba: the attribute predicted from the others (default Attractive)");
  cmd->add_option("--synth-train", o.synth_train, "synth: training samples")->capture_default_str();
  cmd->add_option("--synth-test", o.synth_test, "synth: test samples")->capture_default_str();
  cmd->add_option(
         "--method", o.methods,
         "magnitude, magnitude+fair-ft, magnitude+fair-ft-pdf, imp, hydra, bip, bifp, bifp-pdf, bifp-no-mask, bifp-no-weight")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--sparsity", o.sparsity, "fraction of the prunable weights removed, in [0, 1)")
      ->capture_default_str();
  cmd->add_option("--sweep", o.sweep, "several sparsities (comma-separated)")->delimiter(',');
  cmd->add_option("--scope", o.scope, "global or layer")->capture_default_str();
  cmd->add_option("--hidden", o.hidden, "hidden widths of the dense MLP")->capture_default_str();
  cmd->add_option("--outputs", o.outputs, "outputs of the dense MLP: 1 (a logit) or 2 (a softmax head)")
      ->capture_default_str();
  cmd->add_option("--model", o.model, "load the dense model from this folder instead of training it");
  cmd->add_option("--dense-epochs", o.dense_epochs, "epochs of dense training")->capture_default_str();
  cmd->add_option("--epochs", o.epochs, "passes over the training data per method after the dense model")
      ->capture_default_str();
  cmd->add_option("--mask-epochs", o.mask_epochs, "of them, the mask search of hydra, bip and bifp*")
      ->capture_default_str();
  cmd->add_option("--imp-rounds", o.imp_rounds, "rounds of iterative magnitude pruning")
      ->capture_default_str();
  cmd->add_option("--rewind-epoch", o.rewind_epoch,
                  "imp: rewind to the dense training's weights after this epoch (0: the initialisation); "
                  "default: the trained dense model");
  cmd->add_option("--batch-size", o.batch_size, "mini-batch size")->capture_default_str();
  cmd->add_option("--lr", o.lr, "Adam learning rate of the weights")->capture_default_str();
  cmd->add_option("--score-lr", o.score_lr, "SGD learning rate of the scores")->capture_default_str();
  cmd->add_option("--lambda", o.fairness_weight, "weight of the fairness penalty")->capture_default_str();
  cmd->add_option("--temperature", o.temperature, "T of u(z) = sigmoid(z / T)")->capture_default_str();
  cmd->add_option("--implicit-gradient", o.implicit_gradient, "none, paper or bip-code")
      ->capture_default_str();
  cmd->add_option("--implicit-scale", o.implicit_scale, "eta2 of the implicit-gradient term")
      ->capture_default_str();
  cmd->add_option("--seeds", o.seeds, "number of seeds (data, dense model, batches)")->capture_default_str();
  cmd->add_option("--first-seed", o.first_seed, "the first seed")->capture_default_str()->check(seed_value());
  cmd->add_option("--out", o.out, "write the results as JSON to this file");
  cmd->add_option("--plot", o.plot, "draw per-group accuracy and both gaps against sparsity to this PNG");
  cmd->add_option("--save-model", o.save_model, "save the pruned model(s), masks included, to this folder");
  cmd->callback([options] { run_prune(*options, std::cout); });
}

}  // namespace parity::cli
