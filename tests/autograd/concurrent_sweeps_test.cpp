// Sweeps on several threads over graphs that share one model's parameter leaves: gradient(),
// Hessian-vector products and input_hessians with threads > 1 give, bit for bit, what they
// give on one thread. Run under ThreadSanitizer (preset debug-tsan) to check for races.
#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

#include "autograd/derivatives.h"
#include "autograd/engine.h"
#include "autograd/functional.h"
#include "tensor/blas.h"
#include "tensor/random.h"

namespace parity {
namespace {

// A tanh MLP with one logit; its parameters are leaves shared by every graph built on it.
struct SharedModel {
  std::vector<Var> parameters;

  explicit SharedModel(Rng& rng, Index d, Index width) {
    parameters = {Var(rng.normal(Shape{d, width}, 0.0, 0.7), true), Var(rng.normal(Shape{width}), true),
                  Var(rng.normal(Shape{width, 1}, 0.0, 0.5), true), Var(rng.normal(Shape{1}), true)};
  }

  Var logits(const Var& x) const {
    return matmul(tanh(matmul(x, parameters[0]) + parameters[1]), parameters[2]) + parameters[3];
  }

  SampleLoss loss(const Tensor& labels) const {
    return SampleLoss(
        [this](const Var& x, const Tensor& y) { return reshape(bce_with_logits(logits(x), y), Shape{x.shape()[0]}); },
        labels);
  }
};

// What one thread computes on its own batch.
struct Results {
  Tensors parameter_gradients;
  Tensors parameter_hvps;
  InputHessians input;
};

Results sweeps(const SharedModel& model, const Tensor& X, const Tensor& y, const Tensors& directions,
               int hessian_threads) {
  Results out;
  const SampleLoss loss = model.loss(y);
  out.parameter_gradients = gradient(sum(loss(Var(X))), model.parameters);
  HvpPlan plan(sum(loss(Var(X))), model.parameters);
  out.parameter_hvps = plan.hvp(directions);
  out.input = input_hessians(loss, X, {.max_samples = 3, .threads = hessian_threads});
  return out;
}

void expect_bitwise_equal(const Tensor& actual, const Tensor& expected, const char* what) {
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  EXPECT_EQ(std::memcmp(actual.data(), expected.data(), static_cast<std::size_t>(actual.numel()) * sizeof(double)), 0)
      << what;
}

void expect_bitwise_equal(const Results& actual, const Results& expected) {
  ASSERT_EQ(actual.parameter_gradients.size(), expected.parameter_gradients.size());
  for (std::size_t i = 0; i < expected.parameter_gradients.size(); ++i) {
    expect_bitwise_equal(actual.parameter_gradients[i], expected.parameter_gradients[i], "parameter gradient");
    expect_bitwise_equal(actual.parameter_hvps[i], expected.parameter_hvps[i], "parameter hvp");
  }
  expect_bitwise_equal(actual.input.loss, expected.input.loss, "loss");
  expect_bitwise_equal(actual.input.gradient, expected.input.gradient, "input gradient");
  expect_bitwise_equal(actual.input.hessian, expected.input.hessian, "input hessian");
}

// One BLAS thread, so that no result depends on how OpenBLAS splits a call.
class OneBlasThread {
 public:
  OneBlasThread() : previous_(blas_info().threads) { set_blas_threads(1); }
  ~OneBlasThread() { set_blas_threads(previous_); }
  OneBlasThread(const OneBlasThread&) = delete;
  OneBlasThread& operator=(const OneBlasThread&) = delete;

 private:
  int previous_;
};

TEST(ConcurrentSweeps, ThreadsSharingParametersGetTheSingleThreadedResults) {
  const OneBlasThread one_blas_thread;
  Rng rng(31);
  const Index d = 4;
  const SharedModel model(rng, d, 6);
  constexpr int kThreads = 4;
  std::vector<Tensor> batches, labels;
  for (int t = 0; t < kThreads; ++t) {
    batches.push_back(rng.normal(Shape{7, d}));
    labels.push_back(rng.bernoulli(Shape{7, 1}, 0.5));
  }
  Tensors directions;
  for (const Var& p : model.parameters) directions.push_back(rng.normal(p.shape().prepended(2)));

  std::vector<Results> expected;
  for (int t = 0; t < kThreads; ++t) expected.push_back(sweeps(model, batches[t], labels[t], directions, 1));

  std::vector<Results> actual(kThreads);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] { actual[t] = sweeps(model, batches[t], labels[t], directions, 3); });
  }
  for (auto& worker : workers) worker.join();
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(t);
    expect_bitwise_equal(actual[t], expected[t]);
  }
  for (const Var& p : model.parameters) EXPECT_FALSE(p.grad().defined());
}

TEST(ConcurrentSweeps, InputHessiansDoNotDependOnTheThreadCount) {
  const OneBlasThread one_blas_thread;
  Rng rng(32);
  const SharedModel model(rng, 3, 5);
  const Tensor X = rng.normal(Shape{11, 3});
  const SampleLoss loss = model.loss(rng.bernoulli(Shape{11, 1}, 0.5));
  const InputHessians one = input_hessians(loss, X, {.max_samples = 2});
  for (int threads : {2, 3, 6, 8}) {
    SCOPED_TRACE(threads);
    const InputHessians many = input_hessians(loss, X, {.max_samples = 2, .threads = threads});
    expect_bitwise_equal(many.loss, one.loss, "loss");
    expect_bitwise_equal(many.gradient, one.gradient, "input gradient");
    expect_bitwise_equal(many.hessian, one.hessian, "input hessian");
  }
}

}  // namespace
}  // namespace parity
