#include "contour.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <string>

#include "tensor/check.h"
#include "tensor/creation.h"

namespace parity::cli {
namespace {

double length_of(const std::vector<Segment>& segments) {
  double total = 0.0;
  for (const Segment& s : segments) total += std::hypot(s.x2 - s.x1, s.y2 - s.y1);
  return total;
}

// f(x) = a x1 + b x2 + c, evaluated per row.
PlaneFunction affine(double a, double b, double c) {
  return [=](const Tensor& p) {
    Tensor out(Shape{p.size(0)});
    for (Index i = 0; i < p.size(0); ++i) out.data()[i] = a * p.data()[2 * i] + b * p.data()[2 * i + 1] + c;
    return out;
  };
}

TEST(ZeroContour, AffineFunctionGivesItsLineExactly) {
  // x1 + x2 = 1 crosses [0, 1]^2 corner to corner; the crossings on grid edges are exact.
  const std::vector<Segment> segments = zero_contour(affine(1.0, 1.0, -1.0), 0.0, 1.0, 10);
  ASSERT_FALSE(segments.empty());
  for (const Segment& s : segments) {
    EXPECT_NEAR(s.x1 + s.y1, 1.0, 1e-14);
    EXPECT_NEAR(s.x2 + s.y2, 1.0, 1e-14);
  }
  EXPECT_NEAR(length_of(segments), std::sqrt(2.0), 1e-12);
}

TEST(ZeroContour, CircleIsApproximatedToTheInterpolationError) {
  // f = 0.25 - |x|^2: the circle of radius r = 0.5. Linear interpolation on cells of side
  // h = 0.02 misplaces a crossing radially by at most about h^2 / (8 r) = 1e-4 (relative 2e-4),
  // and a chord of angle theta <= sqrt(2) h / r is shorter than its arc by a relative theta^2 / 24.
  const PlaneFunction circle = [](const Tensor& p) {
    Tensor out(Shape{p.size(0)});
    for (Index i = 0; i < p.size(0); ++i) {
      out.data()[i] = 0.25 - p.data()[2 * i] * p.data()[2 * i] - p.data()[2 * i + 1] * p.data()[2 * i + 1];
    }
    return out;
  };
  const std::vector<Segment> segments = zero_contour(circle, -1.0, 1.0, 100);
  for (const Segment& s : segments) {
    EXPECT_NEAR(std::hypot(s.x1, s.y1), 0.5, 1e-4);
    EXPECT_NEAR(std::hypot(s.x2, s.y2), 0.5, 1e-4);
  }
  const double theta = std::sqrt(2.0) * 0.02 / 0.5;
  EXPECT_NEAR(length_of(segments), std::numbers::pi, std::numbers::pi * (theta * theta / 24 + 2e-4));
}

TEST(ZeroContour, SaddleCellsJoinAroundTheMinorityCorners) {
  // f = x1 x2 - 0.01 on [-1, 1]^2 with one cell: corners (-1,-1) and (1,1) are positive, the mean
  // is -0.01 <= 0, so the segments cut off those two corners.
  const PlaneFunction saddle = [](const Tensor& p) {
    Tensor out(Shape{p.size(0)});
    for (Index i = 0; i < p.size(0); ++i) out.data()[i] = p.data()[2 * i] * p.data()[2 * i + 1] - 0.01;
    return out;
  };
  const std::vector<Segment> segments = zero_contour(saddle, -1.0, 1.0, 1);
  ASSERT_EQ(segments.size(), 2u);
  for (const Segment& s : segments) {
    const double mid_x = (s.x1 + s.x2) / 2;
    const double mid_y = (s.y1 + s.y2) / 2;
    EXPECT_GT(mid_x * mid_y, 0.0);  // each segment lies towards a positive corner
  }
}

TEST(ZeroContour, NoSignChangeGivesNothing) {
  EXPECT_TRUE(zero_contour(affine(0.0, 0.0, 1.0), 0.0, 1.0, 8).empty());
  EXPECT_TRUE(zero_contour(affine(1.0, 1.0, 5.0), 0.0, 1.0, 8).empty());
}

TEST(ZeroContour, BadArgumentsAndBadFunctionValues) {
  const auto message = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message([] { zero_contour(affine(1, 1, 0), 0.0, 1.0, 0); }),
            "zero_contour(): resolution must be >= 1, got 0");
  EXPECT_EQ(message([] { zero_contour(affine(1, 1, 0), 1.0, 1.0, 4); }),
            "zero_contour(): need finite lo < hi, got 1 and 1");
  EXPECT_EQ(message([] { zero_contour([](const Tensor&) { return Tensor(Shape{3}); }, 0.0, 1.0, 1); }),
            "zero_contour(): f gave shape [3] for 4 points, expected [4]");
  EXPECT_EQ(message([] {
              zero_contour([](const Tensor& p) { return full(Shape{p.size(0)}, NAN); }, 0.0, 1.0, 1);
            }),
            "zero_contour(): f is not finite at (0, 0)");
}

}  // namespace
}  // namespace parity::cli
