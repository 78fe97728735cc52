// Tests of Tensor: shared storage, free reshape with -1 inference, checked access, the
// in-place methods (with broadcasting of the source) and the finiteness checks.
#include "tensor/tensor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

std::vector<double> values_of(const Tensor& t) { return {t.begin(), t.end()}; }

TEST(Tensor, ConstructionShapesAndRowMajorAccess) {
  const Tensor z(Shape{2, 3});
  EXPECT_TRUE(z.defined());
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.dim(), 2);
  EXPECT_EQ(z.numel(), 6);
  EXPECT_EQ(z.size(-1), 3);
  EXPECT_EQ(values_of(z), std::vector<double>(6, 0.0));

  const Tensor t(Shape{2, 3}, {0, 1, 2, 3, 4, 5});
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 3; ++j) EXPECT_EQ(t.at({i, j}), static_cast<double>(3 * i + j));
  }
  const Tensor s = Tensor::scalar(2.5);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.numel(), 1);
  EXPECT_EQ(s.item(), 2.5);
  EXPECT_EQ(s.at({}), 2.5);

  const Tensor empty(Shape{0, 4});
  EXPECT_EQ(empty.numel(), 0);
  EXPECT_EQ(empty.begin(), empty.end());
  EXPECT_FALSE(Tensor().defined());

  EXPECT_EQ(error_message([] {
              Tensor(Shape{2, 3}, {1, 2, 3, 4, 5});
            }),
            "Tensor(): shape [2,3] needs 6 values, got 5");
}

TEST(Tensor, CopiesShareStorageAndCloneDoesNot) {
  Tensor a(Shape{2, 2}, {1, 2, 3, 4});
  Tensor copy = a;
  Tensor deep = a.clone();
  EXPECT_TRUE(copy.shares_storage_with(a));
  EXPECT_FALSE(deep.shares_storage_with(a));
  EXPECT_EQ(values_of(deep), values_of(a));

  copy.at({0, 1}) = 20.0;
  EXPECT_EQ(a.at({0, 1}), 20.0);
  EXPECT_EQ(deep.at({0, 1}), 2.0);

  deep.fill_(7.0);
  EXPECT_EQ(values_of(a), (std::vector<double>{1, 20, 3, 4}));
}

TEST(Tensor, ReshapeIsFreeAndInfersOneExtent) {
  Rng rng(1);
  Tensor a = rng.uniform(Shape{2, 3, 4});
  const Tensor r = a.reshape({6, 4});
  EXPECT_EQ(r.shape(), (Shape{6, 4}));
  EXPECT_TRUE(r.shares_storage_with(a));
  EXPECT_EQ(values_of(r), values_of(a));
  a.at({1, 2, 3}) = -1.0;
  EXPECT_EQ(r.at({5, 3}), -1.0);

  EXPECT_EQ(a.reshape({-1, 4}).shape(), (Shape{6, 4}));
  EXPECT_EQ(a.reshape({2, -1}).shape(), (Shape{2, 12}));
  EXPECT_EQ(a.reshape({-1}).shape(), (Shape{24}));
  EXPECT_EQ(a.reshape({2, -1, 3, 1}).shape(), (Shape{2, 4, 3, 1}));
  EXPECT_EQ(a.reshape(Shape{24}).shape(), (Shape{24}));
  EXPECT_EQ(Tensor::scalar(3.0).reshape({1, 1}).shape(), (Shape{1, 1}));
  EXPECT_EQ(Tensor(Shape{1, 1}).reshape({}).shape(), Shape{});
  EXPECT_EQ(Tensor(Shape{0, 3}).reshape({-1, 3}).shape(), (Shape{0, 3}));
  EXPECT_EQ(Tensor(Shape{0, 3}).reshape({3, -1}).shape(), (Shape{3, 0}));
}

TEST(Tensor, ReshapeErrorsNameShapes) {
  const Tensor a(Shape{2, 3});
  EXPECT_EQ(error_message([&] {
              a.reshape({4, 2});
            }),
            "reshape(): cannot reshape [2,3] (6 elements) into [4,2] (8 elements)");
  EXPECT_EQ(error_message([&] {
              a.reshape({-1, -1});
            }),
            "reshape(): more than one extent is -1 in target for [2,3]");
  EXPECT_EQ(error_message([&] { a.reshape({-2, -3}); }), "reshape(): negative extent -2 in target for [2,3]");
  EXPECT_EQ(error_message([&] {
              a.reshape({4, -1});
            }),
            "reshape(): cannot infer the -1 extent reshaping [2,3] (6 elements)");
  EXPECT_EQ(error_message([] {
              Tensor(Shape{0, 3}).reshape({0, -1});
            }),
            "reshape(): cannot infer the -1 extent reshaping [0,3] (0 elements)");
  EXPECT_EQ(error_message([] { Tensor().reshape({1}); }), "reshape(): tensor is an undefined tensor");
}

TEST(Tensor, ItemAndAtCheckTheirArguments) {
  EXPECT_EQ(Tensor(Shape{1, 1, 1}, {4.0}).item(), 4.0);
  EXPECT_EQ(error_message([] { Tensor(Shape{2}).item(); }),
            "Tensor::item(): expected one element, got shape [2]");
  EXPECT_EQ(error_message([] { Tensor(Shape{0}).item(); }),
            "Tensor::item(): expected one element, got shape [0]");
  EXPECT_EQ(error_message([] { Tensor().item(); }), "Tensor::item(): tensor is an undefined tensor");

  Tensor a(Shape{2, 3});
  EXPECT_EQ(error_message([&] { a.at({1}); }), "Tensor::at(): index of rank 1 for shape [2,3]");
  EXPECT_EQ(error_message([&] {
              a.at({1, 3});
            }),
            "Tensor::at(): index 3 out of range for axis 1 of shape [2,3]");
  EXPECT_EQ(error_message([&] {
              a.at({-1, 0});
            }),
            "Tensor::at(): index -1 out of range for axis 0 of shape [2,3]");
  const Tensor& constant = a;
  EXPECT_EQ(error_message([&] {
              constant.at({2, 0});
            }),
            "Tensor::at(): index 2 out of range for axis 0 of shape [2,3]");
  EXPECT_EQ(error_message([] { Tensor().at({}); }), "Tensor::at(): tensor is an undefined tensor");
}

TEST(Tensor, ScalarInPlaceMethodsMatchLoops) {
  Rng rng(2);
  const Tensor x = rng.normal(Shape{3, 4});
  Tensor y = x.clone();
  Tensor alias = y;
  y.add_(1.5).mul_(-2.0);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], (x.data()[i] + 1.5) * -2.0);
  EXPECT_EQ(values_of(alias), values_of(y));

  y.copy_(x).clamp_(-0.5, 0.25);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], std::clamp(x.data()[i], -0.5, 0.25));
  EXPECT_EQ(error_message([&] { y.clamp_(1.0, 0.0); }), "clamp_(): lower bound 1 exceeds upper bound 0");
  EXPECT_EQ(values_of(y.fill_(3.0)), std::vector<double>(12, 3.0));
}

TEST(Tensor, AddAndMulMatchLoopsWithEqualShapes) {
  Rng rng(3);
  const Tensor x = rng.normal(Shape{2, 5});
  const Tensor other = rng.normal(Shape{2, 5});
  const Tensor a = rng.normal(Shape{2, 5});
  const Tensor b = rng.normal(Shape{2, 5});
  Tensor y = x.clone();
  y.add_(other, 0.5);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], x.data()[i] + 0.5 * other.data()[i]);
  y.copy_(x).mul_(other);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], x.data()[i] * other.data()[i]);
  y.copy_(x).addcmul_(a, b, -3.0);
  for (Index i = 0; i < x.numel(); ++i)
    EXPECT_EQ(y.data()[i], x.data()[i] + -3.0 * a.data()[i] * b.data()[i]);

  // The source may be the destination itself.
  y.copy_(x).add_(y);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], 2.0 * x.data()[i]);
  y.copy_(x).mul_(y);
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], x.data()[i] * x.data()[i]);
}

TEST(Tensor, AddAndMulBroadcastTheSource) {
  Rng rng(4);
  const Tensor x = rng.normal(Shape{2, 3});
  const Tensor row = rng.normal(Shape{3});
  const Tensor column = rng.normal(Shape{2, 1});
  Tensor y = x.clone();
  y.add_(row, 2.0);
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 3; ++j) EXPECT_EQ(y.at({i, j}), x.at({i, j}) + 2.0 * row.at({j}));
  }
  y.copy_(x).mul_(column);
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 3; ++j) EXPECT_EQ(y.at({i, j}), x.at({i, j}) * column.at({i, 0}));
  }
  y.copy_(x).add_(Tensor::scalar(1.0), -1.0).mul_(Tensor::scalar(4.0));
  for (Index i = 0; i < x.numel(); ++i) EXPECT_EQ(y.data()[i], (x.data()[i] - 1.0) * 4.0);
}

TEST(Tensor, InPlaceErrorsNameMethodAndShapes) {
  Tensor y(Shape{2, 3});
  EXPECT_EQ(error_message([&] {
              y.add_(Tensor(Shape{3, 2}));
            }),
            "add_(): shapes [3,2] and [2,3] cannot be broadcast (axis 0: 3 vs 2)");
  EXPECT_EQ(error_message([&] {
              y.add_(Tensor(Shape{4, 2, 3}));
            }),
            "add_(): [4,2,3] does not broadcast to the destination's [2,3]");
  EXPECT_EQ(error_message([&] {
              y.mul_(Tensor(Shape{2, 2}));
            }),
            "mul_(): shapes [2,2] and [2,3] cannot be broadcast (axis 1: 2 vs 3)");
  EXPECT_EQ(error_message([&] {
              y.mul_(Tensor(Shape{1, 2, 3}));
            }),
            "mul_(): [1,2,3] does not broadcast to the destination's [2,3]");
  EXPECT_EQ(error_message([&] {
              y.addcmul_(Tensor(Shape{2, 3}), Tensor(Shape{3}));
            }),
            "addcmul_(): shapes [2,3] and [3] must equal the destination's [2,3]");
  EXPECT_EQ(error_message([&] { y.copy_(Tensor(Shape{3, 2})); }), "copy_(): shape [3,2] into [2,3]");

  // An undefined source is an error even for a rank-0 destination (whose shape it matches).
  Tensor s = Tensor::scalar(1.0);
  EXPECT_EQ(error_message([&] { s.add_(Tensor()); }), "add_(): source is an undefined tensor");
  EXPECT_EQ(error_message([&] { s.mul_(Tensor()); }), "mul_(): source is an undefined tensor");
  EXPECT_EQ(error_message([&] { s.addcmul_(Tensor(), s); }),
            "addcmul_(): first factor is an undefined tensor");
  EXPECT_EQ(error_message([&] { s.copy_(Tensor()); }), "copy_(): source is an undefined tensor");
  EXPECT_EQ(error_message([] { Tensor().fill_(0.0); }), "fill_(): tensor is an undefined tensor");
}

TEST(Tensor, CopyWritesIntoTheExistingStorage) {
  Tensor destination(Shape{2, 2});
  const Tensor view = destination.reshape({4});
  destination.copy_(Tensor(Shape{2, 2}, {1, 2, 3, 4}));
  EXPECT_EQ(values_of(view), (std::vector<double>{1, 2, 3, 4}));
  destination.copy_(destination);
  EXPECT_EQ(values_of(view), (std::vector<double>{1, 2, 3, 4}));
}

TEST(Tensor, CheckFiniteNamesTheFirstBadFlatIndex) {
  Tensor t(Shape{2, 3}, {0, 1, 2, 3, 4, 5});
  EXPECT_NO_THROW(check_finite(t, "f()", "x"));
  EXPECT_TRUE(all_finite(t));
  t.at({1, 1}) = std::numeric_limits<double>::quiet_NaN();
  t.at({1, 2}) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(all_finite(t));
  EXPECT_EQ(error_message([&] { check_finite(t, "f()", "x"); }),
            "f(): x holds a non-finite value (nan) at [1,1] of shape [2,3]");
  t.at({1, 1}) = 0.0;
  EXPECT_EQ(error_message([&] { check_finite(t, "f()", "x"); }),
            "f(): x holds a non-finite value (inf) at [1,2] of shape [2,3]");
  EXPECT_EQ(error_message([] { check_finite(Tensor(), "g()", "weights"); }),
            "g(): weights is an undefined tensor");
  EXPECT_TRUE(all_finite(Tensor(Shape{0})));
}

}  // namespace
}  // namespace parity
