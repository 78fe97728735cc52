// parity bench hessian-per-radius: what second-order information costs, radius by radius.
// For a trained model per dataset (Unfair2D logistic regression; Adult and LSAT MLPs when their
// files are present), at each radius: the per-sample input Hessians, the trust-region solve,
// and PGD run until it matches the trust-region objective (robust::compare_per_radius), with the
// time of one batch gradient as the unit both are made of.
#include <cmath>
#include <iostream>

#include "commands.h"
#include "experiment.h"
#include "option_checks.h"
#include "output.h"
#include "tensor/check.h"
#include "trs_cost_bench.h"

namespace parity::cli {

namespace {

struct BenchOptions {
  std::filesystem::path data_dir = default_data_dir();
  std::filesystem::path out;
  std::vector<double> radii{0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0};
  Index samples = 4096;
  int repeats = 3;
};

struct BenchModel {
  std::string dataset;
  TrainingOptions training;
};

// Models trained without perturbation: Fast & Fair's logistic regression on Unfair2D, and
// one-hidden-layer tanh MLPs (64 units) on the real data.
std::vector<BenchModel> bench_models() {
  TrainingOptions logistic;
  logistic.solver = "none";
  logistic.seed = 42;
  TrainingOptions mlp = logistic;
  mlp.hidden = {64};
  mlp.batch_size = 100;
  mlp.epochs = 5;
  return {{"unfair2d", logistic}, {"adult", mlp}, {"lsat", mlp}};
}

data::Dataset first_rows(const data::Dataset& data, Index count) {
  std::vector<Index> rows(static_cast<std::size_t>(std::min(count, data.size())));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
  return data.subset(rows);
}

void run_bench(const BenchOptions& options) {
  PARITY_CHECK(options.samples >= 1, "parity bench: --samples must be >= 1, got ", options.samples);
  PARITY_CHECK(!options.radii.empty(), "parity bench: --radii is empty");
  for (double r : options.radii) {
    PARITY_CHECK(std::isfinite(r) && r > 0.0, "parity bench: --radii must be positive and finite, got ", r);
  }
  check_writable_file(options.out, "parity bench: --out");
  nlohmann::json results = nlohmann::json::array();
  for (const BenchModel& entry : bench_models()) {
    const std::optional<NamedData> loaded =
        load_dataset_or_skip(entry.dataset, options.data_dir, entry.training.seed, entry.dataset, std::cout);
    if (!loaded) continue;
    const NamedData& data = *loaded;
    TrainedModel trained = train_model(data, entry.training);
    const data::Dataset batch = first_rows(data.test, options.samples);
    std::cout << data.description << "; model " << (entry.training.hidden.empty() ? "logistic regression" : "MLP")
              << " (test accuracy " << fixed(trained.test.accuracy, 4) << "), " << batch.size()
              << " test samples, d = " << batch.num_features() << "\n";
    Table table({"radius", "gradient ms", "Hessians ms", "TRS ms", "PGD ms", "PGD steps (mean/max)", "unmatched",
                 "speed-up", "max gap", "PGD better by", "max model error", "hard", "interior"});
    nlohmann::json rows = nlohmann::json::array();
    Progress progress(entry.dataset, static_cast<long>(options.radii.size()));
    const std::vector<robust::InnerComparison> comparisons = robust::compare_per_radius(
        *trained.model, batch, options.radii,
        {.tolerance = 1e-6, .pgd_max_iterations = 5000, .pgd_step = 0.25, .repeats = options.repeats},
        [&progress](const robust::InnerComparison& c) { progress.advance("r=" + fixed(c.radius, 2)); });
    for (const robust::InnerComparison& c : comparisons) {
      table.add_row({fixed(c.radius, 2), fixed(c.gradient_seconds * 1e3, 2), fixed(c.hessian_seconds * 1e3, 2),
                     fixed(c.trs_seconds * 1e3, 2), fixed(c.pgd_seconds * 1e3, 2),
                     fixed(c.mean_pgd_steps, 1) + "/" + std::to_string(c.max_pgd_steps), std::to_string(c.pgd_unmatched),
                     fixed(c.speedup(), 1) + "x", fixed(c.max_relative_gap, 8), fixed(c.max_pgd_advantage, 8), fixed(c.max_model_error, 8), std::to_string(c.hard_cases),
                     std::to_string(c.interior)});
      rows.push_back(to_json(c));
    }
    std::cout << table.to_string() << "\n";
    results.push_back({{"dataset", data.description},
                       {"model", to_json(entry.training)},
                       {"test_accuracy", trained.test.accuracy},
                       {"samples", batch.size()},
                       {"radii", rows}});
  }
  std::cout << "Times are the fastest of " << options.repeats
            << " runs. PGD: normalised-gradient steps of r/4 from 0, per sample until its loss is within a relative "
               "1e-6 of the TRS solution's, at most 5000 steps; each step evaluates only the samples not yet "
               "matched.\n";
  if (!options.out.empty()) {
    write_json({{"benchmark", "hessian-per-radius"}, {"results", results}}, options.out);
    std::cout << "wrote " << options.out.string() << "\n";
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks");
  bench->require_subcommand(1);
  auto options = std::make_shared<BenchOptions>();
  CLI::App* per_radius =
      bench->add_subcommand("hessian-per-radius", "Hessian, TRS and matched-objective PGD times for each radius");
  per_radius->add_option("--data-dir", options->data_dir, "folder of the real datasets (PARITY_DATA_DIR)")
      ->capture_default_str();
  per_radius->add_option("--out", options->out, "write the results as JSON to this file");
  per_radius->add_option("--radii", options->radii, "radii")->capture_default_str()->check(positive_finite());
  per_radius->add_option("--samples", options->samples, "test samples per dataset")
      ->capture_default_str()
      ->check(integer_at_least(1));
  per_radius->add_option("--repeats", options->repeats, "timing repeats (fastest is kept)")
      ->capture_default_str()
      ->check(integer_at_least(1));
  per_radius->callback([options] { run_bench(*options); });
  add_trs_cost_bench(*bench);
}

}  // namespace parity::cli
