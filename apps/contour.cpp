#include "contour.h"

#include <array>
#include <cmath>

#include "tensor/check.h"

namespace parity::cli {

namespace {

struct Point {
  double x;
  double y;
};

}  // namespace

std::vector<Segment> zero_contour(const PlaneFunction& f, double lo, double hi, Index resolution) {
  PARITY_CHECK(resolution >= 1, "zero_contour(): resolution must be >= 1, got ", resolution);
  PARITY_CHECK(std::isfinite(lo) && std::isfinite(hi) && lo < hi, "zero_contour(): need finite lo < hi, got ", lo,
               " and ", hi);
  const Index side = resolution + 1;
  const double h = (hi - lo) / static_cast<double>(resolution);
  Tensor points(Shape{side * side, 2});
  for (Index i = 0; i < side; ++i) {
    for (Index j = 0; j < side; ++j) {
      points.data()[2 * (i * side + j)] = lo + static_cast<double>(i) * h;
      points.data()[2 * (i * side + j) + 1] = lo + static_cast<double>(j) * h;
    }
  }
  const Tensor values = f(points);
  PARITY_CHECK(values.defined() && values.shape() == Shape{side * side}, "zero_contour(): f gave shape ",
               values.defined() ? values.shape() : Shape{}, " for ", side * side, " points, expected [",
               side * side, "]");
  for (Index p = 0; p < side * side; ++p) {
    PARITY_CHECK(std::isfinite(values.data()[p]), "zero_contour(): f is not finite at (", points.data()[2 * p], ", ",
                 points.data()[2 * p + 1], ")");
  }
  const auto value = [&](Index i, Index j) { return values.data()[i * side + j]; };
  const auto corner = [&](Index i, Index j) {
    return Point{lo + static_cast<double>(i) * h, lo + static_cast<double>(j) * h};
  };

  std::vector<Segment> out;
  for (Index i = 0; i < resolution; ++i) {
    for (Index j = 0; j < resolution; ++j) {
      // Corners counter-clockwise: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1); edge e joins
      // corner e and corner e + 1 (mod 4).
      const std::array<Point, 4> at{corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)};
      const std::array<double, 4> v{value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)};
      std::array<bool, 4> crossed{};
      std::array<Point, 4> crossing{};
      int count = 0;
      for (int e = 0; e < 4; ++e) {
        const int next = (e + 1) % 4;
        crossed[e] = (v[e] > 0.0) != (v[next] > 0.0);
        if (!crossed[e]) continue;
        const double t = v[e] / (v[e] - v[next]);
        crossing[e] = {at[e].x + t * (at[next].x - at[e].x), at[e].y + t * (at[next].y - at[e].y)};
        ++count;
      }
      const auto join = [&](int e, int f2) {
        out.push_back({crossing[e].x, crossing[e].y, crossing[f2].x, crossing[f2].y});
      };
      if (count == 2) {
        int first = -1;
        for (int e = 0; e < 4; ++e) {
          if (!crossed[e]) continue;
          if (first < 0) {
            first = e;
          } else {
            join(first, e);
          }
        }
      } else if (count == 4) {
        // Corners a and c share a side, b and d the other; the mean decides which pair connects.
        const bool center_positive = (v[0] + v[1] + v[2] + v[3]) / 4.0 > 0.0;
        if (center_positive == (v[0] > 0.0)) {
          join(0, 1);  // around b
          join(2, 3);  // around d
        } else {
          join(3, 0);  // around a
          join(1, 2);  // around c
        }
      }
    }
  }
  return out;
}

}  // namespace parity::cli
