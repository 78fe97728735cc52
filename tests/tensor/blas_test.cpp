// Tests of matmul against a naive triple loop: all four transposition flags, the
// flattened-batch path, batch broadcasting, zero-size extents, and the error messages;
// and blas_info().
#include "tensor/blas.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"
#include "tensor/shape_ops.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

// One stored matrix: row-major data with its extents, read transposed or not.
struct Matrix {
  const double* data;
  Index rows;
  Index cols;
  bool transposed;
  Index op_rows() const { return transposed ? cols : rows; }
  Index op_cols() const { return transposed ? rows : cols; }
  double op_at(Index i, Index j) const { return transposed ? data[j * cols + i] : data[i * cols + j]; }
};

// C = op(A) op(B) by the triple loop.
std::vector<double> naive_matmul(const Matrix& a, const Matrix& b) {
  const Index m = a.op_rows();
  const Index k = a.op_cols();
  const Index n = b.op_cols();
  std::vector<double> c(static_cast<std::size_t>(m * n), 0.0);
  for (Index i = 0; i < m; ++i) {
    for (Index j = 0; j < n; ++j) {
      double total = 0.0;
      for (Index l = 0; l < k; ++l) total += a.op_at(i, l) * b.op_at(l, j);
      c[static_cast<std::size_t>(i * n + j)] = total;
    }
  }
  return c;
}

// Matrix `index` of the stack x [..., r, c].
Matrix matrix_of(const Tensor& x, Index index, bool transposed) {
  const Index r = x.size(-2);
  const Index c = x.size(-1);
  return {x.data() + index * r * c, r, c, transposed};
}

// GEMM may sum the k products in another order (and with FMA): each entry is within
// k * eps * sum|a_il b_lj| <= k * eps * k (entries of magnitude <= 1) of the naive sum.
void expect_matrix_near(const double* actual, const std::vector<double>& expected, Index k,
                        const std::string& what) {
  const double tolerance = 2.0 * static_cast<double>(k * k) * std::numeric_limits<double>::epsilon();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_NEAR(actual[i], expected[i], tolerance) << what << " entry " << i;
  }
}

Tensor random_matrix(Rng& rng, const Shape& shape) { return rng.uniform(shape, -1.0, 1.0); }

TEST(Blas, TwoDimensionalProductWithEveryTranspositionFlag) {
  // Inner dimensions up to 8 take the one-pass path; larger ones dgemm, or dgemv for one output
  // row or column.
  Rng rng(51);
  const std::vector<std::pair<Index, Index>> output_shapes{{7, 6}, {7, 1}, {1, 6}, {1, 1}};
  for (const auto& [m, n] : output_shapes) {
    for (Index k : {1, 2, 5, 8, 9, 33}) {
      for (int flags = 0; flags < 4; ++flags) {
        const bool ta = (flags & 1) != 0;
        const bool tb = (flags & 2) != 0;
        const Tensor a = random_matrix(rng, ta ? Shape{k, m} : Shape{m, k});
        const Tensor b = random_matrix(rng, tb ? Shape{n, k} : Shape{k, n});
        const Tensor c = matmul(a, b, {ta, tb});
        ASSERT_EQ(c.shape(), (Shape{m, n}));
        const std::string what = std::to_string(m) + "x" + std::to_string(k) + " by " + std::to_string(k) + "x" +
                                 std::to_string(n) + ", flags " + (ta ? "T" : "N") + (tb ? "T" : "N");
        expect_matrix_near(c.data(), naive_matmul(matrix_of(a, 0, ta), matrix_of(b, 0, tb)), k, what);
        // Reading transposed is the same as transposing first.
        const Tensor explicit_c = matmul(ta ? transpose(a) : a, tb ? transpose(b) : b);
        expect_matrix_near(c.data(), std::vector<double>(explicit_c.begin(), explicit_c.end()), k, what);
      }
    }
  }
}

TEST(Blas, BatchTimesMatrixUsesOneFlattenedProduct) {
  Rng rng(52);
  const Index m = 3;
  const Index k = 4;
  const Index n = 5;
  for (bool tb : {false, true}) {
    const Tensor a = random_matrix(rng, Shape{2, 3, m, k});
    const Tensor b = random_matrix(rng, tb ? Shape{n, k} : Shape{k, n});
    const Tensor c = matmul(a, b, {false, tb});
    ASSERT_EQ(c.shape(), (Shape{2, 3, m, n}));
    for (Index batch = 0; batch < 6; ++batch) {
      expect_matrix_near(c.data() + batch * m * n,
                         naive_matmul(matrix_of(a, batch, false), matrix_of(b, 0, tb)), k,
                         "batch " + std::to_string(batch));
    }
  }
  // A transposed batch against a matrix takes the per-matrix path.
  const Tensor at = random_matrix(rng, Shape{4, k, m});
  const Tensor b = random_matrix(rng, Shape{k, n});
  const Tensor c = matmul(at, b, {true, false});
  ASSERT_EQ(c.shape(), (Shape{4, m, n}));
  for (Index batch = 0; batch < 4; ++batch) {
    expect_matrix_near(c.data() + batch * m * n,
                       naive_matmul(matrix_of(at, batch, true), matrix_of(b, 0, false)), k,
                       "transposed batch " + std::to_string(batch));
  }
}

TEST(Blas, BatchAxesBroadcast) {
  Rng rng(53);
  const Index m = 2;
  const Index k = 3;
  const Index n = 4;
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      // a [2,1,m,k] x b [3,k,n] -> [2,3,m,n]: out[i,j] = op(a[i,0]) op(b[j]).
      const Tensor a = random_matrix(rng, ta ? Shape{2, 1, k, m} : Shape{2, 1, m, k});
      const Tensor b = random_matrix(rng, tb ? Shape{3, n, k} : Shape{3, k, n});
      const Tensor c = matmul(a, b, {ta, tb});
      ASSERT_EQ(c.shape(), (Shape{2, 3, m, n}));
      for (Index i = 0; i < 2; ++i) {
        for (Index j = 0; j < 3; ++j) {
          const std::vector<double> expected = naive_matmul(matrix_of(a, i, ta), matrix_of(b, j, tb));
          expect_matrix_near(c.data() + (i * 3 + j) * m * n, expected, k,
                             "batch (" + std::to_string(i) + "," + std::to_string(j) + ")");
        }
      }
    }
  }
}

TEST(Blas, MatrixTimesBatch) {
  Rng rng(54);
  const Tensor a = random_matrix(rng, Shape{3, 5});
  const Tensor b = random_matrix(rng, Shape{4, 5, 2});
  const Tensor c = matmul(a, b);
  ASSERT_EQ(c.shape(), (Shape{4, 3, 2}));
  for (Index batch = 0; batch < 4; ++batch) {
    expect_matrix_near(c.data() + batch * 6, naive_matmul(matrix_of(a, 0, false), matrix_of(b, batch, false)),
                       5, "batch " + std::to_string(batch));
  }
}

TEST(Blas, ZeroSizeExtents) {
  EXPECT_EQ(matmul(Tensor(Shape{0, 4}), Tensor(Shape{4, 3})).shape(), (Shape{0, 3}));
  EXPECT_EQ(matmul(Tensor(Shape{3, 4}), Tensor(Shape{4, 0})).shape(), (Shape{3, 0}));
  EXPECT_EQ(matmul(Tensor(Shape{0, 3, 4}), Tensor(Shape{4, 2})).shape(), (Shape{0, 3, 2}));
  EXPECT_EQ(matmul(Tensor(Shape{1, 3, 4}), Tensor(Shape{0, 4, 2})).shape(), (Shape{0, 3, 2}));
  // An empty inner dimension gives a zero matrix (an empty sum), not uninitialised memory.
  for (const Tensor& c : {matmul(Tensor(Shape{3, 0}), Tensor(Shape{0, 2})),
                          matmul(Tensor(Shape{2, 3, 0}), Tensor(Shape{2, 0, 4})),
                          matmul(Tensor(Shape{0, 3}), Tensor(Shape{2, 0}), {true, true})}) {
    EXPECT_GT(c.numel(), 0);
    for (double x : c) EXPECT_EQ(x, 0.0);
  }
}

TEST(Blas, ShapeErrorsAreReported) {
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{3, 4}), Tensor(Shape{5, 2}));
            }),
            "matmul(): inner dimensions differ: [3,4] vs [5,2]");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{3, 4}), Tensor(Shape{4, 2}), {true, false});
            }),
            "matmul(): inner dimensions differ: [3,4]^T vs [4,2]");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{3, 4}), Tensor(Shape{2, 4}), {false, false});
            }),
            "matmul(): inner dimensions differ: [3,4] vs [2,4]");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{3}), Tensor(Shape{3, 4}));
            }),
            "matmul(): operands need rank >= 2, got [3] and [3,4]");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{2, 3}), Tensor(Shape{3}));
            }),
            "matmul(): operands need rank >= 2, got [2,3] and [3]");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(Shape{2, 3, 4}), Tensor(Shape{3, 4, 5}));
            }),
            "matmul(): shapes [2] and [3] cannot be broadcast (axis 0: 2 vs 3)");
  EXPECT_EQ(error_message([] {
              matmul(Tensor(), Tensor(Shape{3, 4}));
            }),
            "matmul(): first operand is an undefined tensor");
}

TEST(Blas, InfoNamesTheCore) {
  const BlasInfo info = blas_info();
  EXPECT_FALSE(info.core.empty());
  EXPECT_FALSE(info.config.empty());
  EXPECT_GE(info.threads, 1);
  EXPECT_EQ(error_message([] { set_blas_threads(0); }),
            "set_blas_threads(): need at least one thread, got 0");
}

}  // namespace
}  // namespace parity
