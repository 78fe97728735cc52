// The zero level set {x : f(x) = 0} of a function of two variables on a square, by marching
// squares: f is sampled on a grid of (n+1)^2 points; in each cell, an edge whose end values lie
// on different sides of 0 (f > 0 against f <= 0) is crossed at the linear interpolate
// t = f_a / (f_a - f_b), and the crossings of the cell are joined. A cell crossed on all four
// edges (a saddle) joins them around the corners whose sign differs from the cell's mean value.
// For an affine f every crossing lies exactly on the line (up to rounding).
#pragma once

#include <functional>
#include <vector>

#include "tensor/tensor.h"

namespace parity::cli {

struct Segment {
  double x1 = 0.0;
  double y1 = 0.0;
  double x2 = 0.0;
  double y2 = 0.0;
};

/// f maps points [N, 2] to values [N].
using PlaneFunction = std::function<Tensor(const Tensor& points)>;

/// Segments of the zero level set of f on [lo, hi]^2 with `resolution` cells per side.
/// Throws parity::Error for resolution < 1, lo >= hi (or not finite), and an f whose result is
/// not [N] or not finite.
std::vector<Segment> zero_contour(const PlaneFunction& f, double lo, double hi, Index resolution);

}  // namespace parity::cli
