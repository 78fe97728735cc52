// What each build does where a fast path (tensor/fast_paths.h) could apply: with the fast paths,
// their code; without them, the canonical code, bit for bit. This file also runs against the
// canonical build (ctest label canonical); their numerical accuracy is tested with the functions
// they serve (blas_test, jacobi_test, elementwise_test, storage_test).
#include "tensor/fast_paths.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tensor/elementwise.h"
#include "tensor/fast/tanh.h"
#include "tensor/linalg.h"
#include "tensor/random.h"
#include "tensor/shape_ops.h"

namespace parity {
namespace {

bool bitwise_equal(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (Index i = 0; i < a.numel(); ++i) {
    if (a.data()[i] != b.data()[i]) return false;
  }
  return true;
}

TEST(FastPaths, TanhIsTheBranchFreeFunctionElseStdTanh) {
  // The tensor loop may run an instruction-set clone; it must round exactly as the scalar code.
  Rng rng(6);
  const Tensor x = rng.normal(Shape{4099}, 0.0, 3.0);
  const Tensor y = tanh(x);
  for (Index i = 0; i < x.numel(); ++i) {
    const double v = x.data()[i];
    const double expected = fast_paths::enabled() ? fast_paths::branch_free_tanh(v) : std::tanh(v);
    ASSERT_EQ(y.data()[i], expected) << v;
  }
}

TEST(FastPaths, EighAutoIsJacobiUpToItsOrderElseLapack) {
  Rng rng(5);
  for (const Index n : {fast_paths::kJacobiMaxOrder, fast_paths::kJacobiMaxOrder + 1}) {
    const Tensor m = rng.normal(Shape{n, n});
    const Tensor a = mul(add(m, transpose(m)), 0.5);
    const bool jacobi = fast_paths::enabled() && n <= fast_paths::kJacobiMaxOrder;
    const Eigh expected = eigh(a, jacobi ? EighMethod::Jacobi : EighMethod::Lapack);
    const Eigh by_auto = eigh(a);
    EXPECT_TRUE(bitwise_equal(by_auto.eigenvalues, expected.eigenvalues)) << "n = " << n;
    EXPECT_TRUE(bitwise_equal(by_auto.eigenvectors, expected.eigenvectors)) << "n = " << n;
  }
}

}  // namespace
}  // namespace parity
