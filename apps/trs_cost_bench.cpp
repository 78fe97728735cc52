// parity bench trs-cost: the trust-region solve in units of one batch gradient, at the training
// batch sizes and at a large batch. For each model and batch size B (the first B test rows),
// `rounds` rounds each time, one after the other,
//
//   gradient   loss and input gradient of the batch (robust::loss_and_gradient);
//   hessians   per-sample input gradients and Hessians (input_hessians);
//   eigh       the per-sample eigendecompositions alone (eigh, EighMethod::Auto);
//   subproblem the subproblems given g and H (robust::solve_trs: eigendecompositions and secular
//              equations, threads as TrsOptions' default);
//   subproblem_1t  the same on one thread;
//   trs        the whole TrustRegion inner solve (Hessians, subproblems, perturbed batch);
//
// each as the mean over enough calls to last `min_ms`, so that per-call overhead at B = 5 is in
// the number. Ratios to the gradient are taken within a round; the JSON keeps every round.
#include "trs_cost_bench.h"

#include <algorithm>
#include <iostream>

#include "experiment.h"
#include "option_checks.h"
#include "output.h"
#include "robust/solvers.h"
#include "tensor/check.h"
#include "tensor/linalg.h"
#include "tensor/stopwatch.h"

namespace parity::cli {

namespace {

struct TrsCostOptions {
  std::filesystem::path data_dir = default_data_dir();
  std::filesystem::path out;
  std::vector<Index> batch_sizes{5, 100, 4096};
  double radius = 0.1;
  int rounds = 11;
  double min_ms = 20.0;
};

struct CostModel {
  std::string label;
  std::string dataset;
  TrainingOptions training;
};

// The models of the epoch timings: Adult's logistic regression and the 64-unit tanh MLPs on Adult
// and LSAT, trained without perturbation.
std::vector<CostModel> cost_models() {
  TrainingOptions logistic;
  logistic.solver = "none";
  logistic.epochs = 2;
  logistic.batch_size = 100;
  TrainingOptions mlp = logistic;
  mlp.hidden = {64};
  mlp.epochs = 5;
  return {{"adult-logistic", "adult", logistic}, {"adult-mlp64", "adult", mlp}, {"lsat-mlp64", "lsat", mlp}};
}

// Seconds per call of `work`, averaged over as many calls as fill `min_seconds` (at least one).
template <typename Work>
double seconds_per_call(double min_seconds, Work&& work) {
  Stopwatch watch;
  long calls = 0;
  do {
    work();
    ++calls;
  } while (watch.seconds() < min_seconds);
  return watch.seconds() / static_cast<double>(calls);
}

const std::vector<std::string> kStages{"gradient", "hessians", "eigh", "subproblem", "subproblem_1t", "trs"};

nlohmann::json measure(nn::Module& model, const data::Dataset& batch, const TrsCostOptions& options) {
  model.eval();
  const SampleLoss loss = nn::sample_loss(model, batch.y);
  const InputHessians h = input_hessians(loss, batch.X);
  const Index d = h.gradient.numel() / batch.size();
  const Tensor g = h.gradient.reshape({batch.size(), d});
  const Tensor H = h.hessian.reshape({batch.size(), d, d});
  robust::TrustRegion trs;
  const double min_seconds = options.min_ms * 1e-3;
  nlohmann::json rounds = nlohmann::json::array();
  for (int round = 0; round < options.rounds; ++round) {
    nlohmann::json r;
    r["gradient"] = seconds_per_call(min_seconds, [&] { robust::loss_and_gradient(loss, batch.X); });
    r["hessians"] = seconds_per_call(min_seconds, [&] { input_hessians(loss, batch.X); });
    r["eigh"] = seconds_per_call(min_seconds, [&] { eigh(H); });
    r["subproblem"] = seconds_per_call(min_seconds, [&] { robust::solve_trs(g, H, options.radius); });
    r["subproblem_1t"] =
        seconds_per_call(min_seconds, [&] { robust::solve_trs(g, H, options.radius, {.threads = 1}); });
    r["trs"] = seconds_per_call(min_seconds, [&] { trs.solve(loss, batch.X, options.radius, {}); });
    rounds.push_back(r);
  }
  return {{"batch", batch.size()},
          {"d", d},
          {"threads", robust::trs_threads(0, batch.size())},
          {"rounds", rounds}};
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The median over rounds of stage / gradient.
double median_units(const nlohmann::json& rounds, const std::string& stage) {
  std::vector<double> ratios;
  for (const auto& r : rounds) ratios.push_back(r[stage].get<double>() / r["gradient"].get<double>());
  return median_of(ratios);
}

double median_us(const nlohmann::json& rounds, const std::string& stage) {
  std::vector<double> times;
  for (const auto& r : rounds) times.push_back(r[stage].get<double>() * 1e6);
  return median_of(times);
}

void run_trs_cost(const TrsCostOptions& options) {
  PARITY_CHECK(!options.batch_sizes.empty(), "parity bench trs-cost: --batch-sizes is empty");
  check_writable_file(options.out, "parity bench trs-cost: --out");
  nlohmann::json results = nlohmann::json::array();
  for (const CostModel& entry : cost_models()) {
    const std::optional<NamedData> loaded =
        load_dataset_or_skip(entry.dataset, options.data_dir, entry.training.seed, entry.label, std::cout);
    if (!loaded) continue;
    const NamedData& data = *loaded;
    TrainedModel trained = train_model(data, entry.training);
    std::cout << entry.label << ": " << data.description << "\n";
    Table table({"B", "threads", "gradient us", "hessians / gradient", "eigh / gradient",
                 "subproblem / gradient", "1 thread", "trs / gradient"});
    nlohmann::json sizes = nlohmann::json::array();
    for (Index b : options.batch_sizes) {
      std::vector<Index> rows(static_cast<std::size_t>(std::min(b, data.test.size())));
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
      nlohmann::json m = measure(*trained.model, data.test.subset(rows), options);
      const nlohmann::json& rounds = m["rounds"];
      table.add_row({std::to_string(m["batch"].get<Index>()), std::to_string(m["threads"].get<int>()),
                     fixed(median_us(rounds, "gradient"), 1), fixed(median_units(rounds, "hessians"), 2),
                     fixed(median_units(rounds, "eigh"), 2), fixed(median_units(rounds, "subproblem"), 2),
                     fixed(median_units(rounds, "subproblem_1t"), 2), fixed(median_units(rounds, "trs"), 2)});
      sizes.push_back(std::move(m));
    }
    std::cout << table.to_string() << "\n";
    results.push_back({{"model", entry.label}, {"dataset", data.description}, {"sizes", sizes}});
  }
  std::cout << "Medians over " << options.rounds
            << " rounds of each stage's time / the same round's gradient time.\n";
  if (!options.out.empty()) {
    write_json({{"benchmark", "trs-cost"},
                {"radius", options.radius},
                {"stages", kStages},
                {"hardware_threads", robust::trs_threads(0, Index{1} << 40)},
                {"results", results}},
               options.out);
    std::cout << "wrote " << options.out.string() << "\n";
  }
}

}  // namespace

void add_trs_cost_bench(CLI::App& bench) {
  auto options = std::make_shared<TrsCostOptions>();
  CLI::App* cost =
      bench.add_subcommand("trs-cost", "Trust-region solve stages in units of one batch gradient");
  cost->add_option("--data-dir", options->data_dir, "folder of the real datasets (PARITY_DATA_DIR)")
      ->capture_default_str();
  cost->add_option("--out", options->out, "write every round as JSON to this file");
  cost->add_option("--batch-sizes", options->batch_sizes, "batch sizes")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cost->add_option("--radius", options->radius, "radius")->capture_default_str()->check(positive_finite());
  cost->add_option("--rounds", options->rounds, "rounds")->capture_default_str()->check(integer_at_least(1));
  cost->add_option("--min-ms", options->min_ms, "milliseconds each stage is repeated for per round")
      ->capture_default_str()
      ->check(positive_finite());
  cost->callback([options] { run_trs_cost(*options); });
}

}  // namespace parity::cli
