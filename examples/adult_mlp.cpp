// A one-hidden-layer MLP on UCI Adult (income > 50K): d -> 64 -> 1 with ReLU, binary
// cross-entropy on the logit, AdamW on shuffled mini-batches. Prints per epoch the mean training
// loss, the accuracy on the official test split and the elapsed time, then the test fairness gaps
// between women and men (sex is not a feature).
//
//   adult_mlp [DATA_DIR]
//
// DATA_DIR holds adult/adult.data and adult/adult.test; default $PARITY_DATA_DIR, else
// ../shared/data relative to the current directory.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>

#include "autograd/functional.h"
#include "data/adult.h"
#include "data/batches.h"
#include "fairness/report.h"
#include "nn/loss.h"
#include "nn/predict.h"
#include "nn/sequential.h"
#include "optim/adam.h"
#include "tensor/stopwatch.h"

namespace {

using namespace parity;

constexpr int kEpochs = 10;
constexpr Index kBatchSize = 256;
constexpr double kLearningRate = 1e-3;
constexpr double kWeightDecay = 1e-2;
constexpr std::uint64_t kSeed = 1;

std::filesystem::path data_dir(int argc, char** argv) {
  if (argc > 1) return argv[1];
  if (const char* env = std::getenv("PARITY_DATA_DIR")) return env;
  return "../shared/data";
}

double accuracy(const Tensor& predicted, const Tensor& y) {
  Index correct = 0;
  for (Index i = 0; i < y.numel(); ++i) correct += predicted.data()[i] == y.data()[i] ? 1 : 0;
  return static_cast<double>(correct) / static_cast<double>(y.numel());
}

int run(const std::filesystem::path& dir) {
  const Stopwatch watch;
  const data::TabularData adult =
      data::load_adult(dir / "adult" / "adult.data", dir / "adult" / "adult.test");
  const data::Dataset& train = adult.train;
  const data::Dataset& test = adult.test;
  std::printf("UCI Adult: %lld train and %lld test rows, %lld features\n",
              static_cast<long long>(train.size()), static_cast<long long>(test.size()),
              static_cast<long long>(train.num_features()));

  Rng rng(kSeed);
  const std::unique_ptr<nn::Sequential> model = nn::mlp({train.num_features(), 64, 1}, "relu", rng);
  optim::AdamW optimizer(model->parameters(), {.lr = kLearningRate, .weight_decay = kWeightDecay});
  const nn::BCEWithLogitsLoss loss_fn;

  std::printf("%5s  %10s  %9s  %7s\n", "epoch", "train loss", "test acc", "seconds");
  for (int epoch = 1; epoch <= kEpochs; ++epoch) {
    model->train();
    double loss_sum = 0.0;
    for (const data::Batch& batch : data::MiniBatches(train, {.batch_size = kBatchSize}, rng)) {
      optimizer.zero_grad();
      const Var logits = reshape((*model)(Var(batch.X)), Shape{batch.y.numel()});
      const Var loss = loss_fn(logits, batch.y);
      loss.backward();
      optimizer.step();
      loss_sum += loss.value().item() * static_cast<double>(batch.y.numel());
    }
    model->eval();
    const double seconds = watch.seconds();
    std::printf("%5d  %10.4f  %8.2f%%  %7.2f\n", epoch, loss_sum / static_cast<double>(train.size()),
                100.0 * accuracy(nn::predict_classes(*model, test.X), test.y), seconds);
  }

  const Tensor predicted = nn::predict_classes(*model, test.X);
  const fairness::FairnessReport report =
      fairness::fairness_report(fairness::group_confusions(test.y, predicted, test.s));
  std::printf("\ntest fairness, groups %s (0) and %s (1):\n%s", test.group_names[0].c_str(),
              test.group_names[1].c_str(), fairness::to_string(report, 4).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(data_dir(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "adult_mlp: error: " << e.what() << "\n";
    return 1;
  }
}
