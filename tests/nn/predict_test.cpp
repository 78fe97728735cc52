// Tests of the hard predictions: binary logits [n] and [n, 1] thresholded at 0 (a tie goes to
// class 0), argmax over [n, C] (ties to the lowest index), the shape and finiteness checks, and
// the batched evaluation of a model against one unbatched pass.
#include "nn/predict.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "common/error_message.h"
#include "nn/linear.h"
#include "tensor/random.h"

namespace parity::nn {
namespace {

using testing::error_message;

std::vector<double> values(const Tensor& t) { return {t.begin(), t.end()}; }

TEST(ClassesFromLogits, BinaryLogitIsClassOneWhenPositive) {
  const std::vector<double> expected{0, 0, 1, 0, 1};
  for (const Shape& shape : {Shape{5}, Shape{5, 1}}) {
    const Tensor classes = classes_from_logits(Tensor(shape, {-2.0, 0.0, 1e-300, -0.0, 7.5}));
    EXPECT_EQ(classes.shape(), Shape{5}) << shape;
    EXPECT_EQ(values(classes), expected) << shape;
  }
}

TEST(ClassesFromLogits, ArgmaxOverClassesWithTiesToTheLowestIndex) {
  const Tensor logits(Shape{4, 3}, {0.1, 2.0, -1.0,    // 1
                                    5.0, 5.0, 5.0,     // tie of all: 0
                                    -3.0, 4.0, 4.0,    // tie of 1 and 2: 1
                                    -1.0, -2.0, 0.5});  // 2
  const Tensor classes = classes_from_logits(logits);
  EXPECT_EQ(classes.shape(), Shape{4});
  EXPECT_EQ(values(classes), (std::vector<double>{1, 0, 1, 2}));
  EXPECT_EQ(values(classes_from_logits(Tensor(Shape{2, 2}, {1.0, 1.0, 0.0, 3.0}))), (std::vector<double>{0, 1}));
}

TEST(ClassesFromLogits, NoSamplesGiveNoClasses) {
  EXPECT_EQ(classes_from_logits(Tensor(Shape{0, 1})).shape(), Shape{0});
  EXPECT_EQ(classes_from_logits(Tensor(Shape{0, 3})).shape(), Shape{0});
}

TEST(ClassesFromLogits, RefusesBadShapesAndNonFiniteLogits) {
  EXPECT_EQ(error_message([] { classes_from_logits(Tensor()); }),
            "classes_from_logits(): logits is an undefined tensor");
  EXPECT_EQ(error_message([] { classes_from_logits(Tensor::scalar(1.0)); }),
            "classes_from_logits(): logits must have shape [n], [n, 1] or [n, C], got []");
  EXPECT_EQ(error_message([] { classes_from_logits(Tensor(Shape{2, 3, 1})); }),
            "classes_from_logits(): logits must have shape [n], [n, 1] or [n, C], got [2,3,1]");
  EXPECT_EQ(error_message([] { classes_from_logits(Tensor(Shape{2, 0})); }),
            "classes_from_logits(): logits of shape [2,0] have no columns");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_message([nan] { classes_from_logits(Tensor(Shape{2, 2}, {0.0, 1.0, nan, 2.0})); }),
            "classes_from_logits(): logits holds a non-finite value (nan) at [1,0] of shape [2,2]");
}

// The identity as a model, remembering whether each forward pass could record a graph.
class GradProbe : public Module {
 public:
  Var forward(const Var& x) override {
    recorded.push_back(grad_enabled());
    return x;
  }
  LayerSpec spec() const override { return {"GradProbe", {}}; }
  std::vector<bool> recorded;
};

TEST(PredictClasses, BatchesAgreeWithOnePass) {
  Rng rng(3);
  const Tensor X = rng.normal(Shape{7, 4});
  for (Index outputs : {1, 3}) {
    Linear model(4, outputs, rng);
    const Tensor expected = classes_from_logits(model(Var(X)).value());
    for (Index batch_size : {1, 3, 7, 100}) {
      EXPECT_EQ(values(predict_classes(model, X, batch_size)), values(expected)) << outputs << " " << batch_size;
    }
  }
}

TEST(PredictClasses, RecordsNoGraphAndRestoresGradMode) {
  GradProbe probe;
  const Tensor X(Shape{5, 2}, {0, 1, 3, 2, 4, 4, -1, -2, 7, 0});
  EXPECT_EQ(values(predict_classes(probe, X, 2)), (std::vector<double>{1, 0, 0, 0, 0}));
  EXPECT_EQ(probe.recorded, (std::vector<bool>{false, false, false}));
  EXPECT_TRUE(grad_enabled());
}

TEST(PredictClasses, RefusesABadBatchSizeAndInput) {
  Rng rng(0);
  Linear model(2, 1, rng);
  EXPECT_EQ(error_message([&] { predict_classes(model, Tensor(Shape{3, 2}), 0); }),
            "predict_classes(): batch size must be >= 1, got 0");
  EXPECT_EQ(error_message([&] { predict_classes(model, Tensor()); }), "predict_classes(): X is an undefined tensor");
  EXPECT_EQ(error_message([&] { predict_classes(model, Tensor::scalar(1.0)); }),
            "predict_classes(): X must have a sample axis, got shape []");
}

}  // namespace
}  // namespace parity::nn
