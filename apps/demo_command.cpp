// parity demo: the Fast & Fair study on the built-in Unfair2D data, no files needed.
// Non-robust training and robust training with the trust-region, PGD and random inner solvers
// at each radius over seeds (each seed draws new data, initialisation and batches): the median
// and range of each metric and the count of collapsed runs (one class predicted for every test
// point), since seeds that collapse and seeds that do not average to a model that none of them
// is; one table, a JSON file and a picture of the decision boundaries.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include "commands.h"
#include "experiment.h"
#include "option_checks.h"
#include "output.h"
#include "plot.h"
#include "tensor/check.h"

namespace parity::cli {

namespace {

struct DemoOptions {
  std::filesystem::path out = "parity-demo";
  int seeds = 5;
  // Fast & Fair trains for 10 epochs; on 200 points that leaves the non-robust model short of
  // convergence, so the demo trains longer.
  int epochs = 50;
  std::vector<double> radii{0.1, 0.15, 0.2};
  std::vector<Index> hidden;  ///< hidden widths; empty: logistic regression as in Fast & Fair
  std::string activation = "tanh";
};

// Grid cells per side for the boundaries in the picture.
constexpr Index kContourResolution = 200;

// Per (solver, radius): each metric's values over the seeds, and the collapsed runs.
struct Accumulated {
  std::map<std::string, std::vector<double>> values;
  int runs = 0;
  int collapsed = 0;
  void add(const std::string& key, const std::optional<double>& value) {
    if (value) values[key].push_back(*value);
  }
  // The median (mean of the middle two for an even count), or std::nullopt without values.
  std::optional<double> median(const std::string& key) const {
    const auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    std::vector<double> v = it->second;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }
  // "median [min, max]" with 3 decimals, "undef" without values.
  std::string cell(const std::string& key) const {
    const auto it = values.find(key);
    if (it == values.end()) return "undef";
    const auto [lo, hi] = std::minmax_element(it->second.begin(), it->second.end());
    return fixed(median(key), 3) + " [" + fixed(*lo, 3) + ", " + fixed(*hi, 3) + "]";
  }
};

void accumulate(Accumulated& acc, const TrainedModel& trained) {
  acc.runs += 1;
  const fairness::Confusion& all = trained.test.report.overall;
  if (all.predicted_positives() == 0 || all.predicted_positives() == all.count()) acc.collapsed += 1;
  acc.add("accuracy", trained.test.accuracy);
  for (const fairness::GapDefinition& gap : fairness::kGaps) {
    if (gap.fast_fair) acc.add(gap.name, trained.test.report.gap(gap.gap).value);
  }
  acc.add("inner_seconds_per_epoch", trained.inner_seconds_per_epoch);
}

// The decision boundary (logit = 0) of `model` inside the plotted box.
Boundary boundary_of(const std::string& title, nn::Module& model) {
  const PlaneFunction logit = [&model](const Tensor& points) {
    NoGradGuard no_grad;
    return model(Var(points)).value().reshape(Shape{points.size(0)});
  };
  return {title, zero_contour(logit, kPlotLow, kPlotHigh, kContourResolution)};
}

void run_demo(const DemoOptions& options) {
  PARITY_CHECK(options.seeds >= 1, "parity demo: --seeds must be >= 1, got ", options.seeds);
  PARITY_CHECK(!options.radii.empty(), "parity demo: --radii is empty");
  for (double r : options.radii) {
    PARITY_CHECK(std::isfinite(r) && r > 0.0, "parity demo: radii must be positive and finite, got ", r);
  }
  check_writable_folder(options.out, "parity demo: --out");
  const std::vector<std::string> robust_solvers{"trs", "pgd", "random"};
  // One row per (solver, radius); the non-robust model is ("none", 0).
  std::vector<std::pair<std::string, double>> rows{{"none", 0.0}};
  for (double r : options.radii) {
    for (const std::string& solver : robust_solvers) rows.emplace_back(solver, r);
  }
  std::map<std::pair<std::string, double>, Accumulated> stats;
  nlohmann::json runs = nlohmann::json::array();
  std::vector<PlotPanel> panels;
  std::vector<robust::InnerComparison> comparisons;
  Progress progress("training", static_cast<long>(options.seeds * rows.size()));
  NamedData first_data;

  for (int k = 0; k < options.seeds; ++k) {
    const std::uint64_t seed = 42 + static_cast<std::uint64_t>(k);
    NamedData data = load_dataset("unfair2d", {}, seed);
    std::map<std::pair<std::string, double>, Boundary> boundaries;
    for (const auto& [solver, radius] : rows) {
      const bool perturbs = solver_perturbs(solver);
      TrainingOptions training;
      training.solver = solver;
      training.radius = perturbs ? radius : 0.0;
      training.epochs = options.epochs;
      training.seed = seed;
      training.hidden = options.hidden;
      training.activation = options.activation;
      TrainedModel trained = train_model(data, training);
      accumulate(stats[{solver, radius}], trained);
      runs.push_back({{"options", to_json(training)}, {"result", to_json(trained)}});
      if (k == 0) {
        boundaries[{solver, radius}] = boundary_of(perturbs ? solver : "non-robust", *trained.model);
        if (!perturbs) comparisons = robust::compare_per_radius(*trained.model, data.test, options.radii);
      }
      progress.advance(solver + (perturbs ? " r=" + fixed(radius, 2) : ""));
    }
    if (k == 0) {
      for (double r : options.radii) {
        PlotPanel panel{"radius " + fixed(r, 2), {boundaries[{"none", 0.0}]}};
        for (const std::string& solver : robust_solvers) panel.boundaries.push_back(boundaries[{solver, r}]);
        panels.push_back(std::move(panel));
      }
      first_data = std::move(data);
    }
  }

  std::vector<std::string> columns{"model", "radius", "collapsed", "accuracy"};
  for (const fairness::GapDefinition& gap : fairness::kGaps) {
    if (gap.fast_fair) columns.push_back(gap.header);
  }
  columns.insert(columns.end(), {"inner ms/epoch", "TRS speed-up"});
  Table table(columns);
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& [solver, radius] : rows) {
    const Accumulated& acc = stats.at({solver, radius});
    const bool perturbs = solver_perturbs(solver);
    std::vector<std::string> row{perturbs ? solver : "non-robust", perturbs ? fixed(radius, 2) : "-",
                                 std::to_string(acc.collapsed) + "/" + std::to_string(acc.runs), acc.cell("accuracy")};
    nlohmann::json entry{{"solver", solver},
                         {"radius", radius},
                         {"runs", acc.runs},
                         {"collapsed", acc.collapsed},
                         {"accuracy", to_json(acc.median("accuracy"))}};
    for (const fairness::GapDefinition& gap : fairness::kGaps) {
      if (!gap.fast_fair) continue;
      row.push_back(acc.cell(gap.name));
      entry[gap.name] = to_json(acc.median(gap.name));
    }
    const std::optional<double> inner = acc.median("inner_seconds_per_epoch");
    row.push_back(perturbs ? fixed(inner ? std::optional<double>(*inner * 1e3) : std::nullopt, 2) : "-");
    entry["inner_seconds_per_epoch"] = to_json(inner);
    std::string speedup = "-";
    if (solver == "trs") {
      for (const robust::InnerComparison& c : comparisons) {
        if (c.radius == radius) speedup = fixed(c.speedup(), 1) + "x";
      }
    }
    row.push_back(speedup);
    table.add_row(std::move(row));
    summary.push_back(std::move(entry));
  }

  Table inner({"radius", "samples", "Hessians ms", "TRS ms", "PGD ms", "PGD steps (mean/max)", "unmatched",
               "max gap", "max model error", "speed-up"});
  nlohmann::json comparison_json = nlohmann::json::array();
  for (const robust::InnerComparison& c : comparisons) {
    inner.add_row({fixed(c.radius, 2), std::to_string(c.samples), fixed(c.hessian_seconds * 1e3, 2),
                   fixed(c.trs_seconds * 1e3, 2), fixed(c.pgd_seconds * 1e3, 2),
                   fixed(c.mean_pgd_steps, 1) + "/" + std::to_string(c.max_pgd_steps), std::to_string(c.pgd_unmatched),
                   fixed(c.max_relative_gap, 8), fixed(c.max_model_error, 8), fixed(c.speedup(), 1) + "x"});
    comparison_json.push_back(to_json(c));
  }

  std::string model_name = "logistic regression";
  if (!options.hidden.empty()) {
    model_name = options.activation + " MLP, hidden widths";
    for (Index w : options.hidden) model_name += " " + std::to_string(w);
  }
  std::cout << "Unfair2D (" << first_data.train.size() << " training / " << first_data.test.size()
            << " test points per seed), " << model_name << ", Adam lr 0.01, batches of 5, " << options.epochs
            << " epochs; test metrics over " << options.seeds
            << " seeds as median [min, max]; collapsed = runs predicting one class for every test point.\n"
            << "Gaps are max - min over groups A and B of P(yhat=1|s) (indep.), P(yhat=1|y,s) (sep.) and "
               "P(y=1|yhat,s) (suff.).\n\n"
            << table.to_string() << "\n"
            << "Inner maximisation on the " << first_data.test.size()
            << " test points of seed 42 at the non-robust model: PGD (step r/4) runs until each sample's loss is within "
               "a relative 1e-6 of the TRS solution's.\n\n"
            << inner.to_string() << "\n";

  write_json({{"dataset", first_data.description},
              {"seeds", options.seeds},
              {"epochs", options.epochs},
              {"radii", options.radii},
              {"hidden", options.hidden},
              {"activation", options.activation},
              {"summary", summary},
              {"inner_comparison", comparison_json},
              {"runs", runs}},
             options.out / "demo.json");
  std::cout << "wrote " << (options.out / "demo.json").string() << "\n";
  data::Dataset shown = first_data.test;
  std::vector<Index> first_points(static_cast<std::size_t>(std::min<Index>(600, shown.size())));
  for (std::size_t i = 0; i < first_points.size(); ++i) first_points[i] = static_cast<Index>(i);
  const std::filesystem::path png = options.out / "unfair2d.png";
  if (plot_boundaries(shown.subset(first_points), panels, png)) {
    std::cout << "wrote " << png.string() << "\n";
  } else {
    std::cout << "gnuplot not found: run gnuplot on " << (options.out / "unfair2d.gp").string()
              << " for the picture\n";
  }
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* demo = app.add_subcommand("demo", "Fast & Fair on the built-in Unfair2D data: table, JSON and picture");
  demo->add_option("--out", options->out, "output folder")->capture_default_str();
  demo->add_option("--seeds", options->seeds, "seeds (42, 43, ...) to take the median over")->capture_default_str()->check(integer_at_least(1));
  demo->add_option("--epochs", options->epochs, "training epochs")->capture_default_str()->check(integer_at_least(1));
  demo->add_option("--radii", options->radii, "radii of the robust models")->capture_default_str();
  demo->add_option("--hidden", options->hidden, "hidden layer widths (none: logistic regression)")
      ->check(integer_at_least(1));
  demo->add_option("--activation", options->activation, "activation between hidden layers")->capture_default_str();
  demo->callback([options] { run_demo(*options); });
}

}  // namespace parity::cli
