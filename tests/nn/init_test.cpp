// Tests of the initialisers: fans of linear and convolutional weights, the bounds of the uniform
// ones, and empirical mean and variance within 5 standard errors of the target distribution
// (for n draws, se(mean) = sigma / sqrt(n) and se(variance) = sqrt((mu4 - sigma^4) / n), with
// mu4 = 9 sigma^4 / 5 for a uniform and 3 sigma^4 for a normal).
#include "nn/init.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nn/layer_harness.h"

namespace parity::nn {
namespace {

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};

Moments moments(const Tensor& t) {
  Moments m;
  for (double v : t) m.mean += v;
  m.mean /= static_cast<double>(t.numel());
  for (double v : t) m.variance += (v - m.mean) * (v - m.mean);
  m.variance /= static_cast<double>(t.numel() - 1);
  return m;
}

// Mean 0 and variance sigma^2 within 5 standard errors; kurtosis mu4 / sigma^4.
void expect_distribution(const Tensor& t, double sigma, double kurtosis, const std::string& name) {
  const auto n = static_cast<double>(t.numel());
  const Moments m = moments(t);
  const double s2 = sigma * sigma;
  EXPECT_LE(std::abs(m.mean), 5.0 * sigma / std::sqrt(n)) << name << " mean";
  EXPECT_LE(std::abs(m.variance - s2), 5.0 * s2 * std::sqrt((kurtosis - 1.0) / n)) << name << " variance";
}

void expect_within(const Tensor& t, double bound, const std::string& name) {
  for (double v : t) ASSERT_LE(std::abs(v), bound) << name;
}

TEST(Init, FansOfLinearAndConvolutionWeights) {
  const Fans linear = fans(Shape{16, 3});
  EXPECT_EQ(linear.in, 3);
  EXPECT_EQ(linear.out, 16);
  const Fans conv = fans(Shape{8, 4, 3, 5});
  EXPECT_EQ(conv.in, 4 * 15);
  EXPECT_EQ(conv.out, 8 * 15);
  EXPECT_EQ(error_message([] { fans(Shape{5}); }), "fans(): weight needs rank >= 2, got [5]");
}

TEST(Init, UniformInitialisersStayWithinTheirBoundsWithTheRightSpread) {
  Rng rng(1);
  const Shape shape{200, 50, 2, 2};  // fan_in 200, fan_out 800, 40000 draws
  const double kaiming = std::sqrt(2.0) * std::sqrt(3.0 / 200.0);
  const double xavier = std::sqrt(6.0 / 1000.0);
  const double torch_default = 1.0 / std::sqrt(200.0);
  const std::vector<std::pair<Tensor, double>> cases = {{kaiming_uniform(shape, rng), kaiming},
                                                        {xavier_uniform(shape, rng), xavier},
                                                        {default_uniform(shape, 200, rng), torch_default}};
  for (const auto& [t, bound] : cases) {
    expect_within(t, bound, "bound " + std::to_string(bound));
    expect_distribution(t, bound / std::sqrt(3.0), 9.0 / 5.0, "bound " + std::to_string(bound));
  }
  expect_within(kaiming_uniform(Shape{10, 10}, rng, 0.5), 0.5 * std::sqrt(0.3), "kaiming gain 0.5");
}

TEST(Init, NormalInitialisersHaveTheirStandardDeviation) {
  Rng rng(2);
  const Shape shape{200, 50, 2, 2};
  expect_distribution(kaiming_normal(shape, rng), std::sqrt(2.0) / std::sqrt(200.0), 3.0, "kaiming_normal");
  expect_distribution(xavier_normal(shape, rng), std::sqrt(2.0 / 1000.0), 3.0, "xavier_normal");
  expect_distribution(xavier_normal(shape, rng, 2.0), 2.0 * std::sqrt(2.0 / 1000.0), 3.0,
                      "xavier_normal gain 2");
}

TEST(Init, ZeroFansAreRefused) {
  Rng rng(3);
  EXPECT_EQ(error_message([&] {
              kaiming_uniform(Shape{4, 0}, rng);
            }),
            "kaiming_uniform(): fan must be positive, got 0");
  EXPECT_EQ(error_message([&] { default_uniform(Shape{4}, 0, rng); }),
            "default_uniform(): fan must be positive, got 0");
}

}  // namespace
}  // namespace parity::nn
