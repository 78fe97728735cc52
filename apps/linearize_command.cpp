// parity linearize: dense training, SNL down a ladder of ReLU budgets (and the layer cull), fine-tuning
// with and without the mitigation, per-group diagnostics, tables, JSON and a picture of per-group
// accuracy and drop against the ReLUs kept.
#include "linearize_command.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>

#include "autograd/functional.h"
#include "commands.h"
#include "data/batches.h"
#include "data/class_mixture.h"
#include "data/group_rules.h"
#include "nn/classifier.h"
#include "nn/copy_model.h"
#include "nn/serialize.h"
#include "optim/adam.h"
#include "option_checks.h"
#include "output.h"
#include "plot.h"
#include "prune/finetune.h"
#include "prune/group_diagnostics.h"
#include "prune/relu_gates.h"
#include "prune/snl.h"
#include "summary.h"
#include "tensor/check.h"
#include "tensor/stopwatch.h"

namespace parity::cli {

namespace {

constexpr const char* kCaller = "parity linearize";

struct Data {
  std::string description;
  data::Dataset train;
  data::Dataset test;
};

// Groups = classes: s = y, the groups named as the classes.
void group_by_class(data::Dataset& d) {
  d.s = d.y.clone();
  d.group_names = d.class_names;
}

Data load(const LinearizeCommandOptions& o, std::uint64_t seed) {
  Rng rng(seed);
  Rng train_rng = rng.spawn();
  Rng test_rng = rng.spawn();
  Data d;
  if (o.data == "synth") {
    d = {"synth (group-specific rules, minority 15 %)", data::make_group_rules({.n = o.synth_train}, train_rng),
         data::make_group_rules({.n = o.synth_test}, test_rng)};
  } else if (o.data == "synth-classes") {
    Rng centre_rng = rng.spawn();
    const data::ClassMixture mixture({}, centre_rng);
    d = {"synth-classes (6 classes of 4 Gaussian blobs in 10 dimensions, classes 3-5 kept at 10 %, "
         "groups = classes)",
         mixture.sample(o.synth_train, train_rng), mixture.sample(o.synth_test, test_rng)};
  } else {
    NamedData named = load_dataset(o.data, o.data_dir, seed, {.sensitive = o.sensitive});
    d = {named.description, std::move(named.train), std::move(named.test)};
  }
  if (o.groups == "classes" && o.data != "synth-classes") {
    group_by_class(d.train);
    group_by_class(d.test);
    d.description += ", groups = classes";
  }
  return d;
}

// Groups with fewer training samples than the mean group: the minority.
std::vector<bool> minority_groups(const data::Dataset& train) {
  const std::vector<Index> counts = train.group_counts();
  double mean = 0.0;
  for (Index c : counts) mean += static_cast<double>(c) / static_cast<double>(counts.size());
  std::vector<bool> minority;
  for (Index c : counts) minority.push_back(static_cast<double>(c) < mean);
  return minority;
}

// The same samples with two groups: 0 the majority groups, 1 the minority groups.
data::Dataset pooled(const data::Dataset& d, const std::vector<bool>& minority) {
  data::Dataset p = d;
  p.s = d.s.clone();
  for (double& v : p.s) v = minority[static_cast<std::size_t>(v)] ? 1.0 : 0.0;
  p.group_names = {"majority", "minority"};
  return p;
}

double train_dense(nn::Sequential& model, const data::Dataset& train, const LinearizeCommandOptions& o, Rng& rng) {
  optim::Adam adam(model.parameters(), {.lr = o.dense_lr});
  const Stopwatch clock;
  for (int e = 0; e < o.dense_epochs; ++e) {
    for (const data::Batch& b : data::MiniBatches(train, {.batch_size = o.batch_size}, rng)) {
      adam.zero_grad();
      mean(nn::classifier_losses(model(Var(b.X)), b.y)).backward();
      adam.step();
    }
  }
  return clock.seconds() / static_cast<double>(o.dense_epochs);
}

struct Evaluation {
  prune::GroupDiagnostics groups;  ///< per group of the data (accuracy, loss, margin, ...)
  prune::GroupDiagnostics pooled;  ///< majority (0) and minority (1)
};

struct Run {
  std::string method;  ///< dense, snl, cull, with " + mitigation mu=..." when mitigated
  Index relus = 0;
  double fraction = 0.0;  ///< relus / locations
  std::uint64_t seed = 0;
  Evaluation evaluation;
  std::vector<double> drop;         ///< per group: dense accuracy - accuracy
  std::vector<double> pooled_drop;  ///< majority, minority
  double degradation_gap = 0.0;     ///< max_g drop - min_g drop
  double accuracy_drop = 0.0;       ///< overall
  prune::FineTuneResult fine_tune;
  nlohmann::json linearisation;  ///< how the gates were set (SNL epoch, cull depth)
};

Evaluation evaluate_model(nn::Sequential& model, const data::Dataset& test, const data::Dataset& test_pooled,
                          const LinearizeCommandOptions& o, std::uint64_t seed) {
  prune::GroupDiagnosticsOptions diagnostics{.hessian = false, .max_samples = o.hessian_samples};
  Rng rng(seed);
  Evaluation e;
  e.groups = prune::group_diagnostics(model, test, diagnostics, rng);
  diagnostics.hessian = o.hessian;
  e.pooled = prune::group_diagnostics(model, test_pooled, diagnostics, rng);
  return e;
}

void fill_drops(Run& run, const Run& dense) {
  const auto& a = run.evaluation;
  const auto& d = dense.evaluation;
  run.drop.clear();
  for (std::size_t g = 0; g < a.groups.accuracy_of.size(); ++g)
    run.drop.push_back(d.groups.accuracy_of[g] - a.groups.accuracy_of[g]);
  run.pooled_drop = {d.pooled.accuracy_of[0] - a.pooled.accuracy_of[0],
                     d.pooled.accuracy_of[1] - a.pooled.accuracy_of[1]};
  run.degradation_gap = *std::max_element(run.drop.begin(), run.drop.end()) -
                        *std::min_element(run.drop.begin(), run.drop.end());
  run.accuracy_drop = d.groups.accuracy - a.groups.accuracy;
}

std::string mitigated_name(const std::string& method, double mu) {
  return method + " + mitigation mu=" + fixed(mu, mu < 0.01 ? 4 : 3);
}

std::vector<std::string> method_names(const LinearizeCommandOptions& o) {
  std::vector<std::string> names{"snl"};
  if (o.cull) names.push_back("cull");
  std::vector<std::string> all = names;
  if (o.mitigate) {
    for (const std::string& m : names) {
      for (double mu : o.mu) all.push_back(mitigated_name(m, mu));
    }
  }
  return all;
}

prune::FineTuneOptions fine_tune_options(const LinearizeCommandOptions& o) {
  return {.epochs = o.epochs,
          .batch_size = o.batch_size,
          .lr = o.lr,
          .momentum = o.momentum,
          .weight_decay = o.weight_decay,
          .clip = o.clip,
          .temperature = o.temperature};
}

prune::SnlOptions snl_options(const LinearizeCommandOptions& o) {
  return {.penalty = o.snl_lambda,
          .growth = o.snl_growth,
          .max_epochs = o.snl_max_epochs,
          .batch_size = o.batch_size,
          .lr = o.snl_lr,
          .temperature = o.temperature};
}

template <class F>
std::optional<Summary> over(const std::vector<const Run*>& runs, F f) {
  std::vector<double> v;
  for (const Run* r : runs) v.push_back(f(*r));
  return summarise(std::move(v));
}

std::vector<const Run*> select(const std::vector<Run>& runs, const std::string& method, Index relus) {
  std::vector<const Run*> out;
  for (const Run& r : runs) {
    if (r.method == method && r.relus == relus) out.push_back(&r);
  }
  return out;
}

void print_table(const std::vector<Run>& runs, const std::vector<std::string>& methods, Index relus, Index locations,
                 std::ostream& out) {
  Table table({"method", "runs", "accuracy", "acc maj", "acc min", "drop maj", "drop min", "degr. gap",
               "grad maj", "grad min", "margin maj", "margin min", "hess maj", "hess min"});
  const auto pooled = [](int g, auto field) { return [g, field](const Run& r) { return field(r.evaluation.pooled)[static_cast<std::size_t>(g)]; }; };
  const auto acc = [](const prune::GroupDiagnostics& d) { return d.accuracy_of; };
  const auto grad = [](const prune::GroupDiagnostics& d) { return d.gradient_norm; };
  const auto margin = [](const prune::GroupDiagnostics& d) { return d.margin; };
  const auto hess = [](const prune::GroupDiagnostics& d) { return d.hessian.empty() ? std::vector<double>{NAN, NAN} : d.hessian; };
  std::vector<std::string> names{"dense"};
  names.insert(names.end(), methods.begin(), methods.end());
  for (const std::string& m : names) {
    const auto chosen = select(runs, m, relus);
    if (chosen.empty()) continue;
    table.add_row({m, std::to_string(chosen.size()),
                   median_of(over(chosen, [](const Run& r) { return r.evaluation.groups.accuracy; }), 3),
                   median_of(over(chosen, pooled(0, acc)), 3), median_of(over(chosen, pooled(1, acc)), 3),
                   median_range(over(chosen, [](const Run& r) { return r.pooled_drop[0]; }), 3),
                   median_range(over(chosen, [](const Run& r) { return r.pooled_drop[1]; }), 3),
                   median_range(over(chosen, [](const Run& r) { return r.degradation_gap; }), 3),
                   median_of(over(chosen, pooled(0, grad)), 3), median_of(over(chosen, pooled(1, grad)), 3),
                   median_of(over(chosen, pooled(0, margin)), 3), median_of(over(chosen, pooled(1, margin)), 3),
                   median_of(over(chosen, pooled(0, hess)), 2), median_of(over(chosen, pooled(1, hess)), 2)});
  }
  out << "\n" << relus << " of " << locations << " ReLUs kept (" << fixed(100.0 * static_cast<double>(relus) / static_cast<double>(locations), 1)
      << " %; test part; medians over seeds, drops and gap with [min, max]):\n"
      << table.to_string();
}

nlohmann::json diagnostics_json(const prune::GroupDiagnostics& d) {
  return {{"accuracy", d.accuracy},          {"size", d.size},
          {"group_accuracy", d.accuracy_of}, {"loss", d.loss},
          {"gradient_norm", d.gradient_norm}, {"margin", d.margin},
          {"hessian", d.hessian},            {"hessian_iterations", d.hessian_iterations}};
}

nlohmann::json run_json(const Run& r) {
  return {{"method", r.method},
          {"relus", r.relus},
          {"fraction", r.fraction},
          {"seed", r.seed},
          {"groups", diagnostics_json(r.evaluation.groups)},
          {"pooled", diagnostics_json(r.evaluation.pooled)},
          {"drop", r.drop},
          {"pooled_drop", r.pooled_drop},
          {"degradation_gap", r.degradation_gap},
          {"accuracy_drop", r.accuracy_drop},
          {"fine_tune",
           {{"steps", r.fine_tune.steps},
            {"seconds", r.fine_tune.seconds},
            {"multipliers", r.fine_tune.multipliers},
            {"epoch_loss", r.fine_tune.epoch_loss},
            {"epoch_max_violation", r.fine_tune.epoch_max_violation}}},
          {"linearisation", r.linearisation}};
}

nlohmann::json options_json(const LinearizeCommandOptions& o) {
  return {{"data", o.data},
          {"groups", o.groups},
          {"sensitive", o.sensitive},
          {"synth_train", o.synth_train},
          {"synth_test", o.synth_test},
          {"budgets", o.budgets},
          {"cull", o.cull},
          {"mitigate", o.mitigate},
          {"mu", o.mu},
          {"hidden", o.hidden},
          {"model", o.model.string()},
          {"dense_epochs", o.dense_epochs},
          {"dense_lr", o.dense_lr},
          {"batch_size", o.batch_size},
          {"snl_lambda", o.snl_lambda},
          {"snl_growth", o.snl_growth},
          {"snl_max_epochs", o.snl_max_epochs},
          {"snl_lr", o.snl_lr},
          {"epochs", o.epochs},
          {"lr", o.lr},
          {"momentum", o.momentum},
          {"weight_decay", o.weight_decay},
          {"clip", o.clip},
          {"temperature", o.temperature},
          {"hessian", o.hessian},
          {"hessian_samples", o.hessian_samples},
          {"seeds", o.seeds},
          {"first_seed", o.first_seed}};
}

std::vector<XYPanel> panels(const std::vector<Run>& runs, const std::vector<std::string>& methods,
                            const std::vector<Index>& levels) {
  std::vector<std::string> names{"snl"};
  for (const std::string& m : methods) {
    if (m != "snl") names.push_back(m);
  }
  std::vector<XYPanel> out;
  const auto panel = [&](const std::string& title, const std::string& y_label, auto f) {
    XYPanel p{title, "ReLUs kept", y_label, {}};
    for (const std::string& m : names) {
      for (int g : {0, 1}) {
        XYSeries series{m + (g == 0 ? ", majority" : ", minority"), {}, true};
        for (Index relus : levels) {
          auto chosen = select(runs, m, relus);
          if (chosen.empty()) chosen = select(runs, "dense", relus);
          if (const auto s = over(chosen, [&](const Run& r) { return f(r, g); }))
            series.points.emplace_back(static_cast<double>(relus), s->median);
        }
        if (!series.points.empty()) p.series.push_back(std::move(series));
      }
    }
    out.push_back(std::move(p));
  };
  panel("test accuracy per group", "accuracy (median over seeds)",
        [](const Run& r, int g) { return r.evaluation.pooled.accuracy_of[static_cast<std::size_t>(g)]; });
  panel("accuracy drop against the dense model", "drop (median over seeds)",
        [](const Run& r, int g) { return r.pooled_drop[static_cast<std::size_t>(g)]; });
  return out;
}

// The ReLU counts of the study, descending: the budgets' and (with --cull) the cull depths'.
std::vector<Index> relu_levels(const LinearizeCommandOptions& o, const nn::Sequential& model) {
  const Index total = prune::relu_locations(model);
  std::vector<Index> levels;
  for (double f : o.budgets) levels.push_back(static_cast<Index>(std::llround(f * static_cast<double>(total))));
  if (o.cull) {
    const auto layers = static_cast<Index>(prune::gated_relus(model).size());
    for (Index k = 1; k <= layers; ++k) levels.push_back(prune::cull_count(model, k));
  }
  std::sort(levels.begin(), levels.end(), std::greater<>());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

}  // namespace

void check_linearize_command_options(const LinearizeCommandOptions& o) {
  PARITY_CHECK(o.data == "synth" || o.data == "synth-classes" ||
                   std::find(dataset_names().begin(), dataset_names().end(), o.data) != dataset_names().end(),
               kCaller, ": unknown --data '", o.data, "', expected synth, synth-classes or a dataset of `parity fair`");
  PARITY_CHECK(o.groups == "attribute" || o.groups == "classes", kCaller, ": unknown --groups '", o.groups,
               "', expected attribute or classes");
  PARITY_CHECK(!o.budgets.empty(), kCaller, ": --budgets names no budget");
  for (double b : o.budgets) {
    PARITY_CHECK(std::isfinite(b) && b >= 0.0 && b <= 1.0, kCaller,
                 ": --budgets are fractions of the ReLUs kept, each in [0, 1], got ", b);
  }
  for (double mu : o.mu) {
    PARITY_CHECK(std::isfinite(mu) && mu >= 0.0, kCaller, ": --mu must be finite and >= 0, got ", mu);
  }
  PARITY_CHECK(!o.mitigate || !o.mu.empty(), kCaller, ": --mitigate needs at least one --mu");
  PARITY_CHECK(!o.hidden.empty(), kCaller,
               ": --hidden names no hidden layer, so the model would have no ReLU to linearise");
  for (Index w : o.hidden) PARITY_CHECK(w >= 1, kCaller, ": --hidden widths must be >= 1, got ", w);
  PARITY_CHECK(o.dense_epochs >= 1, kCaller, ": --dense-epochs must be >= 1, got ", o.dense_epochs);
  PARITY_CHECK(std::isfinite(o.dense_lr) && o.dense_lr > 0.0, kCaller, ": --dense-lr must be finite and > 0, got ",
               o.dense_lr);
  PARITY_CHECK(o.model.empty() || std::filesystem::is_regular_file(o.model / "model.json"), kCaller, ": --model ",
               o.model.string(), " holds no model.json");
  PARITY_CHECK(o.synth_train >= 2 && o.synth_test >= 2, kCaller, ": --synth-train and --synth-test must be >= 2");
  PARITY_CHECK(o.hessian_samples >= 0, kCaller, ": --hessian-samples must be >= 0, got ", o.hessian_samples);
  PARITY_CHECK(o.seeds >= 1, kCaller, ": --seeds must be >= 1, got ", o.seeds);
  prune::check_snl_options(snl_options(o));
  prune::check_fine_tune_options(fine_tune_options(o));
  check_writable_file(o.out, "parity linearize: --out");
  check_writable_file(o.plot, "parity linearize: --plot");
}

nlohmann::json run_linearize(const LinearizeCommandOptions& o, std::ostream& out) {
  check_linearize_command_options(o);
  const std::vector<std::string> methods = method_names(o);
  std::vector<Run> runs;
  nlohmann::json dense_json = nlohmann::json::array();
  nlohmann::json snl_json = nlohmann::json::array();
  std::vector<Index> levels;
  Index locations = 0;
  std::string description;
  std::vector<std::string> group_names;
  std::vector<bool> minority;
  Progress progress("linearize", static_cast<long>(o.seeds));
  for (int k = 0; k < o.seeds; ++k) {
    const std::uint64_t seed = o.first_seed + static_cast<std::uint64_t>(k);
    const Data data = load(o, seed);
    PARITY_CHECK(data.train.num_groups() >= 2 || !o.mitigate, kCaller, ": --mitigate needs at least two groups, but ",
                 o.data, " has ", data.train.num_groups());
    PARITY_CHECK(data.train.num_classes() >= 2, kCaller, ": the data must have at least two classes");
    const std::vector<bool> minority_of_seed = minority_groups(data.train);
    const data::Dataset test_pooled = pooled(data.test, minority_of_seed);
    Rng streams(seed);
    Rng dense_rng = streams.spawn();
    Rng snl_rng = streams.spawn();
    const Rng fine_tune_start = streams.spawn();

    std::vector<Index> widths{data.train.num_features()};
    widths.insert(widths.end(), o.hidden.begin(), o.hidden.end());
    widths.push_back(data.train.num_classes());
    std::unique_ptr<nn::Sequential> dense;
    double dense_epoch_seconds = 0.0;
    if (o.model.empty()) {
      dense = prune::gated_mlp(widths, dense_rng);
      dense_epoch_seconds = train_dense(*dense, data.train, o, dense_rng);
    } else {
      dense = nn::load_model(o.model.string());
      prune::relu_locations(*dense);
    }
    if (k == 0) {
      description = data.description;
      group_names = data.train.group_names;
      minority = minority_of_seed;
      locations = prune::relu_locations(*dense);
      levels = relu_levels(o, *dense);
      out << description << ": " << data.train.size() << " training / " << data.test.size() << " test samples, "
          << data.train.num_features() << " features, " << data.train.num_classes() << " classes; minority groups:";
      for (std::size_t g = 0; g < minority.size(); ++g) {
        if (minority[g]) out << " " << group_names[g];
      }
      out << "; " << locations << " ReLUs\n";
    }
    Run dense_run;
    dense_run.method = "dense";
    dense_run.relus = locations;
    dense_run.fraction = 1.0;
    dense_run.seed = seed;
    dense_run.evaluation = evaluate_model(*dense, data.test, test_pooled, o, seed);
    fill_drops(dense_run, dense_run);
    out << "seed " << seed << ": dense accuracy " << fixed(dense_run.evaluation.groups.accuracy, 4) << " (majority "
        << fixed(dense_run.evaluation.pooled.accuracy_of[0], 4) << ", minority "
        << fixed(dense_run.evaluation.pooled.accuracy_of[1], 4) << "), " << fixed(dense_epoch_seconds, 3)
        << " s per epoch\n";

    std::vector<Index> snl_budgets;
    for (Index l : levels) {
      if (l < locations) snl_budgets.push_back(l);
    }
    prune::SnlResult snl;
    if (!snl_budgets.empty()) {
      snl = prune::selective_linearization(*dense, data.train, snl_budgets, snl_options(o), snl_rng);
    }
    double snl_seconds = 0.0;
    nlohmann::json history = nlohmann::json::array();
    for (const prune::SnlEpoch& e : snl.epochs) {
      snl_seconds += e.seconds;
      history.push_back({{"epoch", e.epoch}, {"penalty", e.penalty}, {"relu_count", e.relu_count}, {"loss", e.loss}});
    }
    const double snl_epoch_seconds = snl.epochs.empty() ? 0.0 : snl_seconds / static_cast<double>(snl.epochs.size());
    out << "seed " << seed << ": SNL " << snl.epochs.size() << " epochs, " << fixed(snl_epoch_seconds, 3)
        << " s per epoch";
    if (dense_epoch_seconds > 0.0) out << " (" << fixed(snl_epoch_seconds / dense_epoch_seconds, 2) << "x a dense epoch)";
    out << "\n";
    dense_json.push_back({{"seed", seed},
                          {"epoch_seconds", dense_epoch_seconds},
                          {"groups", diagnostics_json(dense_run.evaluation.groups)},
                          {"pooled", diagnostics_json(dense_run.evaluation.pooled)}});
    snl_json.push_back({{"seed", seed}, {"epoch_seconds", snl_epoch_seconds}, {"history", std::move(history)}});
    runs.push_back(dense_run);

    struct Linearised {
      std::string method;
      std::unique_ptr<nn::Sequential> model;
      nlohmann::json how;
    };
    std::vector<Linearised> models;
    for (prune::SnlSnapshot& s : snl.snapshots) {
      models.push_back({"snl", std::move(s.model),
                        {{"epoch", s.epoch}, {"relaxed_count", s.relaxed_count}, {"reached", s.reached}}});
    }
    if (o.cull) {
      const auto layers = static_cast<Index>(prune::gated_relus(*dense).size());
      for (Index depth = 1; depth <= layers; ++depth) {
        auto culled = nn::copy_model(*dense);
        prune::cull_last_layers(*culled, depth);
        models.push_back({"cull", std::move(culled), {{"culled_layers", depth}}});
      }
    }
    for (Linearised& m : models) {
      const Index relus = prune::relu_count(*m.model, 0.5);
      std::vector<std::pair<std::string, prune::FineTuneOptions>> variants{{m.method, fine_tune_options(o)}};
      if (o.mitigate) {
        for (double mu : o.mu) {
          prune::FineTuneOptions f = fine_tune_options(o);
          f.mitigate = true;
          f.mu = mu;
          variants.emplace_back(mitigated_name(m.method, mu), f);
        }
      }
      for (const auto& [name, f] : variants) {
        auto model = nn::copy_model(*m.model);
        Rng rng = fine_tune_start;
        Run run;
        run.method = name;
        run.relus = relus;
        run.fraction = static_cast<double>(relus) / static_cast<double>(locations);
        run.seed = seed;
        run.linearisation = m.how;
        run.fine_tune = prune::fine_tune(*model, *dense, data.train, f, rng);
        run.evaluation = evaluate_model(*model, data.test, test_pooled, o, seed);
        fill_drops(run, dense_run);
        out << name << " " << relus << " ReLUs seed " << seed << ": accuracy "
            << fixed(run.evaluation.groups.accuracy, 4) << ", drop majority " << fixed(run.pooled_drop[0], 4)
            << ", minority " << fixed(run.pooled_drop[1], 4) << ", degradation gap "
            << fixed(run.degradation_gap, 4) << ", " << fixed(run.fine_tune.seconds, 1) << " s\n";
        runs.push_back(std::move(run));
      }
    }
    progress.advance("seed " + std::to_string(seed));
  }
  for (Index relus : levels) print_table(runs, methods, relus, locations, out);

  nlohmann::json all = nlohmann::json::array();
  for (const Run& r : runs) all.push_back(run_json(r));
  std::vector<std::string> minority_names;
  for (std::size_t g = 0; g < minority.size(); ++g) {
    if (minority[g]) minority_names.push_back(group_names[g]);
  }
  nlohmann::json result{{"command", "linearize"}, {"dataset", description},
                        {"groups", group_names},  {"minority_groups", minority_names},
                        {"relu_locations", locations}, {"relu_levels", levels},
                        {"options", options_json(o)},  {"dense", std::move(dense_json)},
                        {"snl", std::move(snl_json)},  {"runs", std::move(all)}};
  if (!o.out.empty()) {
    write_json(result, o.out);
    out << "\nwrote " << o.out.string() << "\n";
  }
  if (!o.plot.empty()) {
    const bool drawn = plot_xy(panels(runs, methods, levels), o.plot);
    out << (drawn ? "wrote " + o.plot.string() : "gnuplot not found: wrote the script beside " + o.plot.string())
        << "\n";
  }
  return result;
}

void add_linearize_command(CLI::App& app) {
  auto options = std::make_shared<LinearizeCommandOptions>();
  LinearizeCommandOptions& o = *options;
  CLI::App* cmd = app.add_subcommand(
      "linearize", "ReLU linearisation (SNL, layer cull) and its disparate impact on groups, with a mitigation");
  cmd->add_option("--data", o.data, "synth, synth-classes (both built in), adult, compas, ...")->capture_default_str();
  cmd->add_option("--groups", o.groups, "attribute (the sensitive attribute) or classes")->capture_default_str();
  cmd->add_option("--data-dir", o.data_dir, "folder of the real datasets (PARITY_DATA_DIR)")->capture_default_str();
  cmd->add_option("--sensitive", o.sensitive, "sensitive attribute (default: the dataset's first)");
  cmd->add_option("--synth-train", o.synth_train, "synth*: training samples")->capture_default_str();
  cmd->add_option("--synth-test", o.synth_test, "synth*: test samples")->capture_default_str();
  cmd->add_option("--budgets", o.budgets, "fractions of the ReLUs kept, each in [0, 1] (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_flag("--cull", o.cull, "also the layer-cull baseline (the ReLUs of the last k hidden layers removed)");
  cmd->add_flag("--mitigate", o.mitigate, "also fine-tune with the loss-equalisation penalty, at every --mu");
  cmd->add_option("--mu", o.mu, "dual step(s) of the mitigation, >= 0 (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--hidden", o.hidden, "hidden widths of the MLP")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--model", o.model, "load the dense model from this folder (its ReLUs GatedReLU layers)");
  cmd->add_option("--dense-epochs", o.dense_epochs, "epochs of dense training (Adam)")->capture_default_str();
  cmd->add_option("--dense-lr", o.dense_lr, "Adam learning rate of dense training")->capture_default_str();
  cmd->add_option("--batch-size", o.batch_size, "mini-batch size of every phase")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--snl-lambda", o.snl_lambda, "SNL: initial weight of the gates' L1 penalty")->capture_default_str();
  cmd->add_option("--snl-growth", o.snl_growth, "SNL: factor of the penalty when the count stalls")
      ->capture_default_str();
  cmd->add_option("--snl-max-epochs", o.snl_max_epochs, "SNL: most epochs of the gate search")->capture_default_str();
  cmd->add_option("--snl-lr", o.snl_lr, "SNL: Adam learning rate of weights and gates")->capture_default_str();
  cmd->add_option("--epochs", o.epochs, "fine-tuning epochs (SGD, cosine)")->capture_default_str();
  cmd->add_option("--lr", o.lr, "fine-tuning learning rate")->capture_default_str();
  cmd->add_option("--momentum", o.momentum, "fine-tuning momentum")->capture_default_str();
  cmd->add_option("--weight-decay", o.weight_decay, "fine-tuning weight decay")->capture_default_str();
  cmd->add_option("--clip", o.clip, "fine-tuning: largest gradient norm")->capture_default_str();
  cmd->add_option("--temperature", o.temperature, "distillation temperature T")->capture_default_str();
  cmd->add_option("--hessian", o.hessian, "compute the top Hessian eigenvalue per group (true/false)")
      ->capture_default_str();
  cmd->add_option("--hessian-samples", o.hessian_samples,
                  "samples per group for the Hessian (0: all)")
      ->capture_default_str();
  cmd->add_option("--seeds", o.seeds, "number of seeds (data, dense model, batches)")->capture_default_str();
  cmd->add_option("--first-seed", o.first_seed, "the first seed")->capture_default_str()->check(seed_value());
  cmd->add_option("--out", o.out, "write the results as JSON to this file");
  cmd->add_option("--plot", o.plot, "draw per-group accuracy and drop against the ReLUs kept to this PNG");
  cmd->callback([options] { run_linearize(*options, std::cout); });
}

}  // namespace parity::cli
