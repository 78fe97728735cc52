// The trust-region inner solver against PGD at matched inner objective (robust/comparison.h),
// per radius, on one BLAS thread: a logistic regression trained briefly without perturbation
// (Adam, lr 1e-2, batches of 5, 5 epochs on 1,000 Unfair2D points), evaluated on a batch of
// 1,024 fresh Unfair2D points. Each iteration runs one comparison; counters, means over the
// iterations:
//   trs_ms      the TrustRegion solver: per-sample input Hessians and subproblems
//   pgd_ms      PGD from 0 in steps of r/4 until each sample's loss is within a relative 1e-6 of
//               the TRS solution's (at most 5,000 steps)
//   pgd/trs     pgd_ms / trs_ms, both measured in the same runs
//   pgd_steps   mean PGD steps per sample
//   unmatched   samples where PGD stopped at the cap below the TRS objective (0 expected)
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "blas_context.h"
#include "data/unfair2d.h"
#include "nn/linear.h"
#include "optim/adam.h"
#include "robust/adversarial_trainer.h"
#include "robust/comparison.h"
#include "robust/solvers.h"
#include "tensor/blas.h"

namespace {

using parity::Index;

struct TrainedLogistic {
  parity::data::Dataset batch;
  std::unique_ptr<parity::nn::Linear> model;
};

TrainedLogistic train_logistic() {
  parity::Rng rng(42);
  const parity::data::Dataset train = parity::data::make_unfair2d({.n = 1000}, rng);
  TrainedLogistic out{parity::data::make_unfair2d({.n = 1024}, rng), std::make_unique<parity::nn::Linear>(2, 1, rng)};
  parity::optim::Adam adam(out.model->parameters(), {.lr = 1e-2});
  parity::robust::NoPerturbation none;
  parity::robust::AdversarialTrainer trainer(*out.model, adam, none,
                                             {.radius = 0.0, .epochs = 5, .batches = {.batch_size = 5}, .feature_mask = {}});
  trainer.fit(train, rng);
  return out;
}

TrainedLogistic& trained_logistic() {
  static TrainedLogistic trained = train_logistic();
  return trained;
}

void BM_TrsVsPgd(benchmark::State& state, double radius) {
  TrainedLogistic& t = trained_logistic();
  double trs = 0.0;
  double pgd = 0.0;
  double steps = 0.0;
  Index unmatched = 0;
  for (auto _ : state) {
    const parity::robust::InnerComparison c =
        parity::robust::compare_inner_solvers(*t.model, t.batch.X, t.batch.y, radius, {.repeats = 1});
    trs += c.trs_seconds;
    pgd += c.pgd_seconds;
    steps += c.mean_pgd_steps;
    unmatched += c.pgd_unmatched;
  }
  const auto runs = static_cast<double>(state.iterations());
  state.counters["trs_ms"] = 1e3 * trs / runs;
  state.counters["pgd_ms"] = 1e3 * pgd / runs;
  state.counters["pgd/trs"] = pgd / trs;
  state.counters["pgd_steps"] = steps / runs;
  state.counters["unmatched"] = static_cast<double>(unmatched) / runs;
}

}  // namespace

int main(int argc, char** argv) {
  parity::set_blas_threads(1);
  for (const char* radius : {"0.05", "0.1", "0.2", "0.5"}) {
    benchmark::RegisterBenchmark((std::string("BM_TrsVsPgd/radius:") + radius).c_str(), BM_TrsVsPgd, std::stod(radius))
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  return run_benchmarks(argc, argv);
}
