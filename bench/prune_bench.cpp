// The cost of one BiFP epoch against one plain training epoch, measured in the same iterations on
// one BLAS thread: an MLP 11-128-128-1 trained densely for 5 epochs on 20,000 GroupRules samples
// (Adam, lr 1e-3, batches of 512), then per iteration, each on a fresh copy of it:
//   plain_ms      one epoch of Adam on the cross-entropy, no masks (dense training)
//   magnitude_ms  prune_model("magnitude", 1 epoch): global magnitude masks, one fine-tuning epoch
//   bifp_ms       prune_model("bifp", 1 epoch, 1 mask epoch): per mini-batch one weight step and
//                 one score step through the straight-through mask, with the fairness penalty
//   bifp/plain    bifp_ms / plain_ms;  bifp/magnitude  bifp_ms / magnitude_ms
// at sparsity 0.95 (argument).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "autograd/functional.h"
#include "blas_context.h"
#include "data/batches.h"
#include "data/group_rules.h"
#include "nn/loss.h"
#include "optim/adam.h"
#include "prune/methods.h"
#include "tensor/blas.h"
#include "tensor/stopwatch.h"

namespace {

using parity::Index;
using parity::Var;

void train_epoch(parity::nn::Sequential& model, const parity::data::Dataset& train, parity::Rng& rng) {
  parity::optim::Adam adam(model.parameters(), {.lr = 1e-3});
  for (const parity::data::Batch& b : parity::data::MiniBatches(train, {.batch_size = 512}, rng)) {
    adam.zero_grad();
    parity::nn::BCEWithLogitsLoss()(parity::reshape(model(Var(b.X)), parity::Shape{b.X.size(0)}), b.y)
        .backward();
    adam.step();
  }
}

struct Setup {
  parity::data::Dataset train;
  std::unique_ptr<parity::nn::Sequential> dense;
};

Setup& setup() {
  static Setup s = [] {
    parity::Rng rng(1);
    Setup out{parity::data::make_group_rules({.n = 20000}, rng),
              parity::nn::mlp({11, 128, 128, 1}, "relu", rng)};
    for (int e = 0; e < 5; ++e) train_epoch(*out.dense, out.train, rng);
    return out;
  }();
  return s;
}

std::unique_ptr<parity::nn::Sequential> copy_of_dense() {
  parity::Rng rng(2);
  auto copy = parity::nn::mlp({11, 128, 128, 1}, "relu", rng);
  const auto from = setup().dense->parameters();
  auto to = copy->parameters();
  for (std::size_t i = 0; i < from.size(); ++i) to[i].mutable_value().copy_(from[i].value());
  return copy;
}

void BM_BifpEpochVsPlainEpoch(benchmark::State& state) {
  const double sparsity = static_cast<double>(state.range(0)) / 100.0;
  const parity::prune::PruneOptions one_epoch{
      .sparsity = sparsity, .epochs = 1, .mask_epochs = 1, .imp_rounds = 1};
  double plain = 0.0, magnitude = 0.0, bifp = 0.0;
  for (auto _ : state) {
    parity::Rng rng(3);
    auto model = copy_of_dense();
    parity::Stopwatch clock;
    train_epoch(*model, setup().train, rng);
    plain += clock.lap();
    model = copy_of_dense();
    clock.restart();
    parity::prune::prune_model(*model, setup().train, parity::prune::find_method("magnitude"), one_epoch,
                               rng);
    magnitude += clock.lap();
    model = copy_of_dense();
    clock.restart();
    parity::prune::prune_model(*model, setup().train, parity::prune::find_method("bifp"), one_epoch, rng);
    bifp += clock.lap();
  }
  const auto runs = static_cast<double>(state.iterations());
  state.counters["plain_ms"] = 1e3 * plain / runs;
  state.counters["magnitude_ms"] = 1e3 * magnitude / runs;
  state.counters["bifp_ms"] = 1e3 * bifp / runs;
  state.counters["bifp/plain"] = bifp / plain;
  state.counters["bifp/magnitude"] = bifp / magnitude;
}

}  // namespace

int main(int argc, char** argv) {
  parity::set_blas_threads(1);
  benchmark::RegisterBenchmark("BM_BifpEpochVsPlainEpoch/sparsity_percent", BM_BifpEpochVsPlainEpoch)
      ->Arg(95)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  return run_benchmarks(argc, argv);
}
