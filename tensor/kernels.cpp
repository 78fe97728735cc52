#include "tensor/kernels.h"

namespace parity::kernels {

namespace {

// Stride of operand `s` along output axis `axis` (0 where the operand is broadcast).
Index operand_stride(const Shape& out, const Shape& s, const std::array<Index, Shape::kMaxRank>& strides,
                     int axis) {
  const int offset = out.rank() - s.rank();
  const int own = axis - offset;
  if (own < 0 || s[own] == 1) return 0;
  return strides[static_cast<std::size_t>(own)];
}

}  // namespace

BroadcastPlan make_plan(const Shape& out, const Shape& a, const Shape& b) {
  const auto strides_a = row_major_strides(a);
  const auto strides_b = row_major_strides(b);
  BroadcastPlan plan;
  plan.numel = out.numel();
  plan.rank = 0;
  for (int axis = 0; axis < out.rank(); ++axis) {
    const Index extent = out[axis];
    if (extent == 1) continue;
    const Index sa = operand_stride(out, a, strides_a, axis);
    const Index sb = operand_stride(out, b, strides_b, axis);
    if (plan.rank > 0) {
      const auto prev = static_cast<std::size_t>(plan.rank - 1);
      // Merge with the previous axis when both operands step through the pair as one run.
      if (plan.stride_a[prev] == sa * extent && plan.stride_b[prev] == sb * extent) {
        plan.extent[prev] *= extent;
        plan.stride_a[prev] = sa;
        plan.stride_b[prev] = sb;
        continue;
      }
    }
    const auto r = static_cast<std::size_t>(plan.rank++);
    plan.extent[r] = extent;
    plan.stride_a[r] = sa;
    plan.stride_b[r] = sb;
  }
  if (plan.rank == 0) {
    plan.rank = 1;
    plan.extent[0] = 1;
  }
  return plan;
}

}  // namespace parity::kernels
