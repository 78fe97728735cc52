#include "robust/adversarial_trainer.h"

#include <gtest/gtest.h>

#include "data/unfair2d.h"
#include "nn/linear.h"
#include "nn/predict.h"
#include "nn/sequential.h"
#include "optim/adam.h"
#include "robust/solvers.h"
#include "tensor/check.h"

namespace parity::robust {
namespace {

struct TrainingRun {
  std::vector<EpochRecord> history;
  std::vector<Tensor> parameters;
  double test_accuracy = 0.0;
  double boundary_accuracy = 0.0;  ///< test accuracy of the generating rule x1 + x2 > 1
};

// Fast & Fair's Unfair2D setting: logistic regression, Adam (lr 1e-2), batches of 5.
TrainingRun train_unfair2d(InnerSolver& solver, double radius, int epochs, Index train_size = 400,
                           Index batch_size = 5, double lr = 1e-2) {
  Rng data_rng(42);
  const data::Dataset train = data::make_unfair2d({.n = train_size}, data_rng);
  const data::Dataset test = data::make_unfair2d({.n = 20000}, data_rng);
  Rng init(7);
  nn::Linear model(2, 1, init);
  optim::Adam adam(model.parameters(), {.lr = lr});
  AdversarialTrainer trainer(model, adam, solver, {.radius = radius, .epochs = epochs, .batches = {.batch_size = batch_size}, .feature_mask = {}});
  Rng batches(3);
  TrainingRun run;
  run.history = trainer.fit(train, batches, [&](nn::Module& m, int) {
    const Tensor predicted = nn::predict_classes(m, test.X);
    double correct = 0;
    for (Index i = 0; i < test.size(); ++i) correct += predicted.data()[i] == test.y.data()[i] ? 1 : 0;
    return std::map<std::string, double>{{"test_accuracy", correct / static_cast<double>(test.size())}};
  });
  for (const Var& p : model.parameters()) run.parameters.push_back(p.value().clone());
  run.test_accuracy = run.history.back().evaluation.at("test_accuracy");
  double boundary_correct = 0;
  for (Index i = 0; i < test.size(); ++i) {
    const bool above = test.X.data()[2 * i] + test.X.data()[2 * i + 1] > 1.0;
    boundary_correct += (above ? 1.0 : 0.0) == test.y.data()[i] ? 1 : 0;
  }
  run.boundary_accuracy = boundary_correct / static_cast<double>(test.size());
  return run;
}

TEST(AdversarialTrainer, NonRobustLogisticRegressionLearnsUnfair2D) {
  NoPerturbation none;
  const TrainingRun run = train_unfair2d(none, 0.0, 10, 4000, 100, 0.1);
  ASSERT_EQ(run.history.size(), 10u);
  // The shift moves each class's shifted group by 0.2 in x1 + x2, so the generating line
  // misclassifies about 18% of the points (the band 1 < x1 + x2 < 1.2 holds 0.18 of a class's
  // area 0.5, and half of each class is shifted). The data are symmetric under
  // (x1, x2) -> (1 - x2, 1 - x1) with labels and groups swapped, so the population logistic
  // optimum is that line; with 4,000 training points and batches of 100 the fit must come within
  // 1% of its accuracy on 20,000 test points.
  EXPECT_GE(run.test_accuracy, run.boundary_accuracy - 0.01);
  EXPECT_LT(run.history.back().loss, run.history.front().loss);
}

TEST(AdversarialTrainer, SameSeedsGiveBitwiseIdenticalModels) {
  for (int kind = 0; kind < 2; ++kind) {
    TrustRegion trs;
    PGD pgd({.iterations = 5});
    InnerSolver& solver = kind == 0 ? static_cast<InnerSolver&>(trs) : static_cast<InnerSolver&>(pgd);
    const TrainingRun first = train_unfair2d(solver, 0.15, 2);
    const TrainingRun second = train_unfair2d(solver, 0.15, 2);
    for (std::size_t p = 0; p < first.parameters.size(); ++p) {
      for (Index i = 0; i < first.parameters[p].numel(); ++i) {
        ASSERT_EQ(first.parameters[p].data()[i], second.parameters[p].data()[i]) << solver.name();
      }
    }
  }
}

TEST(AdversarialTrainer, RobustTrainingRecordsInnerTimeAndTrainsOnPerturbedPoints) {
  TrustRegion trs;
  NoPerturbation none;
  const TrainingRun robust = train_unfair2d(trs, 0.15, 3);
  const TrainingRun plain = train_unfair2d(none, 0.0, 3);
  EXPECT_GT(robust.history[0].inner_seconds, 0.0);
  // For logistic regression the input gradient (sigma - y) w is parallel to the only eigenvector
  // of the Hessian sigma' w w^T with a nonzero eigenvalue, so the hard case cannot occur.
  EXPECT_EQ(robust.history[0].hard_cases, 0);
  // The worst case in a ball of radius 0.15 is harder than the clean point.
  EXPECT_GT(robust.history.back().loss, plain.history.back().loss);
  EXPECT_NE(robust.parameters[0].data()[0], plain.parameters[0].data()[0]);
}

// Forwards to another solver and counts the unconverged subproblems it reports.
class CountingSolver : public InnerSolver {
 public:
  explicit CountingSolver(InnerSolver& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  InnerResult solve(const SampleLoss& loss, const Tensor& X, double radius, const Tensor& feature_mask) override {
    InnerResult out = inner_.solve(loss, X, radius, feature_mask);
    unconverged += static_cast<Index>(out.unconverged.size());
    return out;
  }
  Index unconverged = 0;

 private:
  InnerSolver& inner_;
};

TEST(AdversarialTrainer, CountsUnconvergedSubproblemsPerEpoch) {
  // A tanh MLP has full-rank input Hessians, so one Newton step on the secular equation
  // (TrsOptions::max_iterations = 1) leaves subproblems short of the tolerance.
  Rng data_rng(5);
  const data::Dataset train = data::make_unfair2d({.n = 60}, data_rng);
  for (int max_iterations : {1, 100}) {
    Rng init(6);
    const std::unique_ptr<nn::Sequential> model = nn::mlp({2, 8, 1}, "tanh", init);
    optim::Adam adam(model->parameters(), {.lr = 1e-2});
    TrustRegion trs({.max_iterations = max_iterations});
    CountingSolver counting(trs);
    AdversarialTrainer trainer(*model, adam, counting,
                               {.radius = 0.3, .epochs = 2, .batches = {.batch_size = 10}, .feature_mask = {}});
    Rng batches(7);
    const std::vector<EpochRecord> history = trainer.fit(train, batches);
    const Index total = history[0].unconverged_subproblems + history[1].unconverged_subproblems;
    EXPECT_EQ(total, counting.unconverged) << "max_iterations " << max_iterations;
    if (max_iterations == 1) {
      EXPECT_GT(history[0].unconverged_subproblems, 0);
      EXPECT_GT(history[1].unconverged_subproblems, 0);
    } else {
      EXPECT_EQ(total, 0);
    }
  }
}

TEST(AdversarialTrainer, NoPerturbationNeedsNoRadius) {
  Rng init(1);
  nn::Linear model(2, 1, init);
  optim::Adam adam(model.parameters(), {.lr = 1e-2});
  NoPerturbation none;
  EXPECT_NO_THROW(AdversarialTrainer(model, adam, none, {.radius = 0.0, .epochs = 1, .batches = {}, .feature_mask = {}}));
}

TEST(AdversarialTrainer, RejectsBadSettings) {
  Rng init(1);
  nn::Linear model(2, 1, init);
  optim::Adam adam(model.parameters(), {.lr = 1e-2});
  TrustRegion trs;
  try {
    AdversarialTrainer(model, adam, trs, {.radius = 0.0, .epochs = 1, .batches = {}, .feature_mask = {}});
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "AdversarialTrainer(): radius must be positive and finite, got 0");
  }
  Rng data_rng(2);
  const data::Dataset train = data::make_unfair2d({.n = 20}, data_rng);
  AdversarialTrainer trainer(model, adam, trs, {.radius = 0.1, .epochs = 1, .batches = {}, .feature_mask = Tensor(Shape{3})});
  try {
    trainer.fit(train, data_rng);
    FAIL() << "expected parity::Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "AdversarialTrainer::fit(): feature mask of shape [3] for 2 features");
  }
}

}  // namespace
}  // namespace parity::robust
