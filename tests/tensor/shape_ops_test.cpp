// Tests of the copying shape operations against naive multi-index loops: transpose
// (batched), every permutation of a rank-4 tensor, row slicing and gathering, concat along
// every axis, broadcast_to; and the error message of each bad argument.
#include "tensor/shape_ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "common/error_message.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity {
namespace {

using ::parity::testing::error_message;

std::vector<double> values_of(const Tensor& t) { return {t.begin(), t.end()}; }

using MultiIndex = std::array<Index, Shape::kMaxRank>;

MultiIndex unravel(const Shape& s, Index flat) {
  MultiIndex index{};
  for (int d = s.rank() - 1; d >= 0; --d) {
    index[static_cast<std::size_t>(d)] = flat % s[d];
    flat /= s[d];
  }
  return index;
}

Index ravel(const Shape& s, const MultiIndex& index) {
  Index flat = 0;
  for (int d = 0; d < s.rank(); ++d) flat = flat * s[d] + index[static_cast<std::size_t>(d)];
  return flat;
}

TEST(ShapeOps, TransposeSwapsTheLastTwoAxesOfEveryMatrix) {
  Rng rng(41);
  for (const Shape& shape : {Shape{3, 5}, Shape{2, 3, 4, 5}, Shape{1, 1}, Shape{4, 1, 6}}) {
    const Tensor a = rng.normal(shape);
    const Tensor t = transpose(a);
    Shape expected_shape = shape;
    std::swap(expected_shape[shape.rank() - 2], expected_shape[shape.rank() - 1]);
    ASSERT_EQ(t.shape(), expected_shape);
    for (Index flat = 0; flat < t.numel(); ++flat) {
      MultiIndex index = unravel(t.shape(), flat);
      std::swap(index[static_cast<std::size_t>(shape.rank() - 2)],
                index[static_cast<std::size_t>(shape.rank() - 1)]);
      ASSERT_EQ(t.data()[flat], a.data()[ravel(shape, index)]) << shape << " at " << flat;
    }
    EXPECT_EQ(values_of(transpose(t)), values_of(a));
  }
  EXPECT_EQ(transpose(Tensor(Shape{2, 0, 3})).shape(), (Shape{2, 3, 0}));
  EXPECT_EQ(error_message([] { transpose(Tensor(Shape{4})); }),
            "transpose(): needs rank >= 2, got shape [4]");
}

TEST(ShapeOps, PermuteMatchesNaiveForEveryOrderOfFourAxes) {
  Rng rng(42);
  const Shape shape{2, 3, 4, 5};
  const Tensor a = rng.normal(shape);
  std::vector<int> dims = {0, 1, 2, 3};
  int count = 0;
  do {
    const Tensor p = permute(a, dims);
    Shape expected_shape;
    for (int d : dims) expected_shape.push_back(shape[d]);
    ASSERT_EQ(p.shape(), expected_shape);
    for (Index flat = 0; flat < p.numel(); ++flat) {
      const MultiIndex out = unravel(p.shape(), flat);
      MultiIndex in{};
      for (std::size_t i = 0; i < dims.size(); ++i) in[static_cast<std::size_t>(dims[i])] = out[i];
      ASSERT_EQ(p.data()[flat], a.data()[ravel(shape, in)]) << expected_shape << " at " << flat;
    }
    ++count;
  } while (std::next_permutation(dims.begin(), dims.end()));
  EXPECT_EQ(count, 24);
  EXPECT_EQ(permute(Tensor::scalar(3.0), {}).item(), 3.0);
  EXPECT_EQ(permute(Tensor(Shape{2, 0, 3}), {2, 0, 1}).shape(), (Shape{3, 2, 0}));
}

TEST(ShapeOps, PermuteRejectsNonPermutations) {
  const Tensor a(Shape{2, 3, 4});
  EXPECT_EQ(error_message([&] { permute(a, {0, 1}); }), "permute(): 2 axes given for shape [2,3,4]");
  EXPECT_EQ(error_message([&] {
              permute(a, {0, 1, 0});
            }),
            "permute(): axes are not a permutation of 0..2 (bad entry 0)");
  EXPECT_EQ(error_message([&] {
              permute(a, {0, 3, 1});
            }),
            "permute(): axes are not a permutation of 0..2 (bad entry 3)");
  EXPECT_EQ(error_message([&] {
              permute(a, {-1, 0, 1});
            }),
            "permute(): axes are not a permutation of 0..2 (bad entry -1)");
}

TEST(ShapeOps, SliceRowsCopiesARangeOfRows) {
  Rng rng(43);
  const Tensor a = rng.normal(Shape{5, 2, 3});
  const Tensor s = slice_rows(a, 1, 4);
  ASSERT_EQ(s.shape(), (Shape{3, 2, 3}));
  EXPECT_FALSE(s.shares_storage_with(a));
  for (Index flat = 0; flat < s.numel(); ++flat) {
    MultiIndex index = unravel(s.shape(), flat);
    index[0] += 1;
    EXPECT_EQ(s.data()[flat], a.data()[ravel(a.shape(), index)]);
  }
  EXPECT_EQ(slice_rows(a, 2, 2).shape(), (Shape{0, 2, 3}));
  EXPECT_EQ(values_of(slice_rows(a, 0, 5)), values_of(a));
  EXPECT_EQ(slice_rows(Tensor(Shape{0, 4}), 0, 0).shape(), (Shape{0, 4}));
  EXPECT_EQ(error_message([&] { slice_rows(a, 3, 2); }),
            "slice_rows(): rows [3, 2) out of range for shape [5,2,3]");
  EXPECT_EQ(error_message([&] { slice_rows(a, 0, 6); }),
            "slice_rows(): rows [0, 6) out of range for shape [5,2,3]");
  EXPECT_EQ(error_message([&] { slice_rows(a, -1, 2); }),
            "slice_rows(): rows [-1, 2) out of range for shape [5,2,3]");
  EXPECT_EQ(error_message([] { slice_rows(Tensor::scalar(1.0), 0, 1); }),
            "slice_rows(): needs rank >= 1, got a scalar");
}

TEST(ShapeOps, GatherRowsAllowsRepeats) {
  Rng rng(44);
  const Tensor a = rng.normal(Shape{5, 3});
  const std::vector<Index> indices = {4, 0, 4, 2};
  const Tensor g = gather_rows(a, indices);
  ASSERT_EQ(g.shape(), (Shape{4, 3}));
  for (Index i = 0; i < 4; ++i) {
    for (Index j = 0; j < 3; ++j) EXPECT_EQ(g.at({i, j}), a.at({indices[static_cast<std::size_t>(i)], j}));
  }
  EXPECT_EQ(gather_rows(a, std::vector<Index>{}).shape(), (Shape{0, 3}));
  const std::vector<Index> one = {1};
  EXPECT_EQ(values_of(gather_rows(Tensor(Shape{3}, {7, 8, 9}), one)), (std::vector<double>{8}));
  const std::vector<Index> too_big = {0, 5};
  const std::vector<Index> negative = {-1};
  EXPECT_EQ(error_message([&] { gather_rows(a, too_big); }),
            "gather_rows(): index 5 at position 1 out of range for 5 rows");
  EXPECT_EQ(error_message([&] { gather_rows(a, negative); }),
            "gather_rows(): index -1 at position 0 out of range for 5 rows");
  EXPECT_EQ(error_message([&] { gather_rows(Tensor::scalar(1.0), one); }),
            "gather_rows(): needs rank >= 1, got a scalar");
}

// Input k of a concat along `axis` occupies positions [offset_k, offset_k + extent_k) there.
void expect_concat_matches(const std::vector<Tensor>& inputs, int axis, const Tensor& out) {
  const int ax = axis < 0 ? axis + out.dim() : axis;
  Index offset = 0;
  for (const Tensor& t : inputs) {
    for (Index flat = 0; flat < t.numel(); ++flat) {
      MultiIndex index = unravel(t.shape(), flat);
      index[static_cast<std::size_t>(ax)] += offset;
      ASSERT_EQ(out.data()[ravel(out.shape(), index)], t.data()[flat]) << "axis " << axis;
    }
    offset += t.size(ax);
  }
  EXPECT_EQ(offset, out.size(ax));
}

TEST(ShapeOps, ConcatAlongEveryAxis) {
  Rng rng(45);
  const Shape base{2, 3, 4};
  for (int axis = -3; axis < 3; ++axis) {
    const int ax = axis < 0 ? axis + 3 : axis;
    std::vector<Tensor> inputs;
    Shape expected = base;
    expected[ax] = 0;
    for (Index extent : {Index{2}, Index{1}, Index{0}, Index{3}}) {
      Shape s = base;
      s[ax] = extent;
      inputs.push_back(rng.normal(s));
      expected[ax] += extent;
    }
    const Tensor out = concat(inputs, axis);
    ASSERT_EQ(out.shape(), expected) << "axis " << axis;
    expect_concat_matches(inputs, axis, out);
  }
  const Tensor single = rng.normal(Shape{2, 2});
  EXPECT_EQ(values_of(concat({single}, 0)), values_of(single));
  EXPECT_EQ(values_of(concat({Tensor(Shape{2}, {1, 2}), Tensor(Shape{1}, {3})}, -1)),
            (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(concat({Tensor(Shape{0, 3}), Tensor(Shape{0, 2})}, 1).shape(), (Shape{0, 5}));
}

TEST(ShapeOps, ConcatErrors) {
  const Tensor a(Shape{2, 3, 4});
  EXPECT_EQ(error_message([] { concat(std::vector<Tensor>{}, 0); }), "concat(): no tensors given");
  EXPECT_EQ(error_message([&] {
              concat({a, Tensor(Shape{2, 5, 4})}, 2);
            }),
            "concat(): input 1 has shape [2,5,4], incompatible with [2,3,4] along axis 2");
  EXPECT_EQ(error_message([&] {
              concat({a, a, Tensor(Shape{2, 3})}, -1);
            }),
            "concat(): input 2 has shape [2,3], incompatible with [2,3,4] along axis 2");
  EXPECT_EQ(error_message([&] { concat({a, a}, 3); }), "concat(): axis 3 out of range for shape [2,3,4]");
  EXPECT_EQ(error_message([&] { concat({a, Tensor()}, 0); }), "concat(): input is an undefined tensor");
}

TEST(ShapeOps, BroadcastToMatchesNaiveIndexMapping) {
  struct Case {
    Shape from;
    Shape to;
  };
  const std::vector<Case> cases = {
      {{3, 1}, {3, 4}},          {{4}, {3, 4}},          {{}, {2, 3}},
      {{2, 1, 3}, {2, 5, 3}},    {{1, 3, 1}, {4, 3, 2}}, {{1}, {0, 2}},
      {{2, 1, 3}, {4, 2, 6, 3}}, {{1, 1}, {1, 1, 1}},
  };
  Rng rng(46);
  for (const Case& c : cases) {
    const Tensor a = rng.normal(c.from);
    const Tensor b = broadcast_to(a, c.to);
    ASSERT_EQ(b.shape(), c.to);
    const int lead = c.to.rank() - c.from.rank();
    for (Index flat = 0; flat < b.numel(); ++flat) {
      const MultiIndex out = unravel(c.to, flat);
      MultiIndex in{};
      for (int d = 0; d < c.from.rank(); ++d) {
        in[static_cast<std::size_t>(d)] = c.from[d] == 1 ? 0 : out[static_cast<std::size_t>(d + lead)];
      }
      ASSERT_EQ(b.data()[flat], a.data()[ravel(c.from, in)]) << c.from << " to " << c.to << " at " << flat;
    }
  }
  // Equal shapes: the argument itself, storage shared.
  const Tensor a = rng.normal(Shape{2, 3});
  EXPECT_TRUE(broadcast_to(a, Shape{2, 3}).shares_storage_with(a));
  EXPECT_EQ(error_message([&] {
              broadcast_to(a, Shape{3, 3});
            }),
            "broadcast_to(): shapes [2,3] and [3,3] cannot be broadcast (axis 0: 2 vs 3)");
  EXPECT_EQ(error_message([&] { broadcast_to(a, Shape{3}); }),
            "broadcast_to(): [2,3] does not broadcast to [3]");
  EXPECT_EQ(error_message([] { broadcast_to(Tensor(), Shape{3}); }),
            "broadcast_to(): argument is an undefined tensor");
}

}  // namespace
}  // namespace parity
