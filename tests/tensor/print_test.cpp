// Tests for the text form of tensors: exact strings for small tensors of each rank, value
// formatting (precision, integers, nan/inf), summarised output and option checks.
#include "tensor/print.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "tensor/check.h"
#include "tensor/creation.h"

namespace parity {
namespace {

std::string streamed(const Tensor& t) {
  std::ostringstream os;
  os << t;
  return os.str();
}

TEST(Print, MatrixRowsAlignUnderFirstBracket) {
  const Tensor t(Shape{2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(to_string(t), "tensor([[1, 2],\n        [3, 4]])");
  EXPECT_EQ(streamed(t), "tensor([[1, 2],\n        [3, 4]], shape=[2,2])");
}

TEST(Print, ScalarVectorAndUndefined) {
  EXPECT_EQ(to_string(Tensor::scalar(2.5)), "tensor(2.5)");
  EXPECT_EQ(streamed(Tensor::scalar(-3)), "tensor(-3, shape=[])");
  EXPECT_EQ(to_string(Tensor(Shape{3}, {1, 2, 3})), "tensor([1, 2, 3])");
  EXPECT_EQ(to_string(Tensor()), "tensor(undefined)");
  EXPECT_EQ(streamed(Tensor()), "tensor(undefined)");
}

TEST(Print, EntriesShareOneRightAlignedWidth) {
  EXPECT_EQ(to_string(Tensor(Shape{4}, {1, -2.5, 10, 0.1})), "tensor([   1, -2.5,   10,  0.1])");
  EXPECT_EQ(to_string(Tensor(Shape{2, 2}, {1, -20, 300, 4})), "tensor([[  1, -20],\n        [300,   4]])");
}

TEST(Print, ValuesUseSignificantDigits) {
  const Tensor t(Shape{6}, {1.0 / 3.0, 1234567, 1e-5, 100000, -0.0, 2e300});
  EXPECT_EQ(to_string(t), "tensor([   0.333333, 1.23457e+06,       1e-05,      100000,          -0,      2e+300])");
  EXPECT_EQ(to_string(Tensor::scalar(1.0 / 3.0), {.precision = 3}), "tensor(0.333)");
  EXPECT_EQ(to_string(Tensor::scalar(0.1), {.precision = 17}), "tensor(0.10000000000000001)");
  EXPECT_EQ(to_string(Tensor::scalar(2.0), {.precision = 17}), "tensor(2)");
}

TEST(Print, NanAndInfinities) {
  const double inf = std::numeric_limits<double>::infinity();
  const Tensor t(Shape{4}, {std::numeric_limits<double>::quiet_NaN(), inf, -inf, 1});
  EXPECT_EQ(to_string(t), "tensor([ nan,  inf, -inf,    1])");
  EXPECT_EQ(to_string(Tensor::scalar(-std::numeric_limits<double>::quiet_NaN())), "tensor(nan)");
}

TEST(Print, HigherRanksSeparateBlocksByBlankLines) {
  const Tensor t = arange(1, 9).reshape({2, 2, 2});
  EXPECT_EQ(to_string(t),
            "tensor([[[1, 2],\n"
            "         [3, 4]],\n"
            "\n"
            "        [[5, 6],\n"
            "         [7, 8]]])");
}

TEST(Print, ZeroSizeTensorsPrintEmptyBrackets) {
  EXPECT_EQ(to_string(Tensor(Shape{0})), "tensor([])");
  EXPECT_EQ(to_string(Tensor(Shape{2, 0, 3})), "tensor([])");
  EXPECT_EQ(streamed(Tensor(Shape{2, 0})), "tensor([], shape=[2,0])");
}

TEST(Print, LargeVectorIsSummarised) {
  EXPECT_EQ(to_string(arange(0, 2000)), "tensor([   0,    1,    2, ..., 1997, 1998, 1999])");
  const std::string full = to_string(arange(0, 1000));  // 1000 elements: at the threshold
  EXPECT_EQ(full.find("..."), std::string::npos);
  EXPECT_EQ(full.substr(0, 18), "tensor([  0,   1, ");
  EXPECT_EQ(full.substr(full.size() - 11), " 998, 999])");
}

TEST(Print, LargeMatrixIsSummarisedPerAxis) {
  EXPECT_EQ(to_string(arange(0, 10000).reshape({100, 100})),
            "tensor([[   0,    1,    2, ...,   97,   98,   99],\n"
            "        [ 100,  101,  102, ...,  197,  198,  199],\n"
            "        [ 200,  201,  202, ...,  297,  298,  299],\n"
            "        ...,\n"
            "        [9700, 9701, 9702, ..., 9797, 9798, 9799],\n"
            "        [9800, 9801, 9802, ..., 9897, 9898, 9899],\n"
            "        [9900, 9901, 9902, ..., 9997, 9998, 9999]])");
  EXPECT_EQ(to_string(zeros(Shape{1, 1000000})), "tensor([[0, 0, 0, ..., 0, 0, 0]])");
}

TEST(Print, OptionsControlSummary) {
  const PrintOptions small{.precision = 6, .edge_items = 1, .threshold = 5};
  EXPECT_EQ(to_string(arange(0, 12).reshape({3, 4}), small),
            "tensor([[ 0, ...,  3],\n"
            "        ...,\n"
            "        [ 8, ..., 11]])");
  EXPECT_EQ(to_string(arange(0, 9).reshape({3, 1, 3}), {.edge_items = 1, .threshold = 0}),
            "tensor([[[0, ..., 2]],\n"
            "\n"
            "        ...,\n"
            "\n"
            "        [[6, ..., 8]]])");
  // An axis of exactly 2 * edge_items entries is printed in full.
  EXPECT_EQ(to_string(arange(0, 6), {.edge_items = 3, .threshold = 0}), "tensor([0, 1, 2, 3, 4, 5])");
  EXPECT_EQ(to_string(arange(0, 6), {.threshold = 6}), "tensor([0, 1, 2, 3, 4, 5])");
}

TEST(Print, RejectsOptionsOutOfRange) {
  const Tensor t = Tensor::scalar(1);
  const auto message = [&](const PrintOptions& options) {
    try {
      to_string(t, options);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("(no parity::Error thrown)");
  };
  EXPECT_EQ(message({.precision = 0}), "to_string(): precision must be in [1, 17], got 0");
  EXPECT_EQ(message({.precision = 18}), "to_string(): precision must be in [1, 17], got 18");
  EXPECT_EQ(message({.edge_items = 0}), "to_string(): edge_items must be >= 1, got 0");
  EXPECT_EQ(message({.threshold = -1}), "to_string(): threshold must be >= 0, got -1");
}

}  // namespace
}  // namespace parity
