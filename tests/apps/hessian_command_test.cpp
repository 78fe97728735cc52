// Tests of `parity hessian`: for logistic regression (Linear(d, 1), binary cross-entropy) the
// per-sample loss, gradient and Hessian have the closed forms, with z = w.x + b, p = sigma(z),
//   l = softplus(z) - y z,   grad = (p - y) w,   H = p (1 - p) w w^T;
// for softmax regression (Linear(d, C), cross-entropy) with p = softmax(W x + b),
//   l = logsumexp(z) - z_y,  grad = W^T (p - e_y),   H = W^T (diag(p) - p p^T) W.
// Also: labels from the model's predictions, float32 inputs, chunked directions, meta.json, the
// command line, and the input errors.
#include "hessian_command.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "common/temp_dir.h"
#include "commands.h"
#include "common/error_message.h"
#include "nn/linear.h"
#include "nn/sequential.h"
#include "nn/serialize.h"
#include "tensor/check.h"
#include "tensor/io.h"
#include "tensor/random.h"

namespace parity::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kTolerance = 1e-12;

using ::parity::testing::error_message;

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Writes `t` as a little-endian float32 .npy file (format 1.0).
void save_npy_float32(const fs::path& file, const Tensor& t) {
  std::string shape = "(";
  for (Index extent : t.shape()) shape += std::to_string(extent) + ",";
  shape += ")";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(file, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const auto length = static_cast<std::uint16_t>(header.size());
  const char length_bytes[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
  out.write(length_bytes, 2);
  out << header;
  for (double v : t) {
    const auto f = static_cast<float>(v);
    out.write(reinterpret_cast<const char*>(&f), sizeof f);
  }
}

class HessianCommand : public parity::testing::TempDirTest {
 protected:
  fs::path path(const std::string& name) const { return temp_dir() / name; }
  fs::path save(const std::string& name, const Tensor& t) const {
    save_npy(path(name).string(), t);
    return path(name);
  }

  // Linear(d, outputs) with random parameters, saved as "model"; returns W [outputs, d] and b.
  void make_model(Index d, Index outputs) {
    Rng rng(7);
    nn::Sequential model;
    model.add(std::make_unique<nn::Linear>(d, outputs, rng));
    nn::save_model(model, path("model").string());
    W_ = model.named_parameters()[0].second.value().clone();
    b_ = model.named_parameters()[1].second.value().clone();
  }

  HessianOptions options(const fs::path& x, const fs::path& y = {}) const {
    return {.model = path("model"), .x = x, .y = y, .out = path("out")};
  }

  Tensor output(const std::string& name) const { return load_npy((temp_dir() / "out" / name).string()); }

  // Compares the written files with logistic regression's closed form at X with labels y.
  void expect_logistic(const Tensor& X, const std::vector<double>& y) const {
    const Index n = X.size(0);
    const Index d = X.size(1);
    const Tensor loss = output("loss.npy");
    const Tensor grad = output("gradient.npy");
    const Tensor hess = output("hessian.npy");
    ASSERT_EQ(loss.shape(), (Shape{n}));
    ASSERT_EQ(grad.shape(), (Shape{n, d}));
    ASSERT_EQ(hess.shape(), (Shape{n, d, d}));
    for (Index i = 0; i < n; ++i) {
      double z = b_.data()[0];
      for (Index j = 0; j < d; ++j) z += W_.data()[j] * X.at({i, j});
      const double p = sigmoid(z);
      const double yi = y[static_cast<std::size_t>(i)];
      EXPECT_NEAR(loss.at({i}), std::log1p(std::exp(z)) - yi * z, kTolerance) << "sample " << i;
      for (Index j = 0; j < d; ++j) {
        EXPECT_NEAR(grad.at({i, j}), (p - yi) * W_.data()[j], kTolerance) << "sample " << i;
        for (Index k = 0; k < d; ++k) {
          EXPECT_NEAR(hess.at({i, j, k}), p * (1.0 - p) * W_.data()[j] * W_.data()[k], kTolerance)
              << "sample " << i << ", entry " << j << "," << k;
        }
      }
    }
  }

  Tensor W_;
  Tensor b_;
};

TEST_F(HessianCommand, LogisticRegressionClosedForm) {
  make_model(3, 1);
  Rng rng(11);
  const Tensor X = rng.normal(Shape{6, 3}, 0.0, 2.0);
  const std::vector<double> y = {0, 1, 1, 0, 1, 0};
  const json meta = run_hessian(options(save("x.npy", X), save("y.npy", Tensor(Shape{6}, y))));
  expect_logistic(X, y);

  EXPECT_EQ(meta["n"], 6);
  EXPECT_EQ(meta["d"], 3);
  EXPECT_EQ(meta["outputs"], 1);
  EXPECT_EQ(meta["labels"], "file");
  EXPECT_EQ(meta["y"], path("y.npy").string());
  EXPECT_EQ(meta["model"], path("model").string());
  EXPECT_GE(meta["seconds"].get<double>(), 0.0);
  std::ifstream in(path("out") / "meta.json");
  ASSERT_TRUE(in.good());
  EXPECT_EQ(json::parse(in), meta);
}

TEST_F(HessianCommand, LabelsOfShapeNx1AndOneDirectionPerSweep) {
  make_model(4, 1);
  Rng rng(12);
  const Tensor X = rng.normal(Shape{5, 4});
  const std::vector<double> y = {1, 1, 0, 0, 1};
  HessianOptions o = options(save("x.npy", X), save("y.npy", Tensor(Shape{5, 1}, y)));
  o.max_directions = 1;
  run_hessian(o);
  expect_logistic(X, y);
}

TEST_F(HessianCommand, BlocksOfSamplesKeepEachSampleWithItsOwnLabel) {
  make_model(3, 1);
  Rng rng(14);
  const Tensor X = rng.normal(Shape{7, 3});
  const std::vector<double> y = {1, 0, 0, 1, 1, 0, 1};
  HessianOptions o = options(save("x.npy", X), save("y.npy", Tensor(Shape{7}, y)));
  o.max_samples = 3;
  EXPECT_EQ(run_hessian(o)["max_samples"], 3);
  expect_logistic(X, y);
}

TEST_F(HessianCommand, PredictedLabelsWithoutALabelFile) {
  make_model(3, 1);
  Rng rng(13);
  const Tensor X = rng.normal(Shape{8, 3}, 0.0, 3.0);
  const json meta = run_hessian(options(save("x.npy", X)));
  EXPECT_EQ(meta["labels"], "predicted classes of the model");
  EXPECT_TRUE(meta["y"].is_null());
  std::vector<double> predicted;
  for (Index i = 0; i < 8; ++i) {
    double z = b_.data()[0];
    for (Index j = 0; j < 3; ++j) z += W_.data()[j] * X.at({i, j});
    predicted.push_back(z > 0.0 ? 1.0 : 0.0);
  }
  expect_logistic(X, predicted);
}

TEST_F(HessianCommand, Float32Inputs) {
  make_model(3, 1);
  // Values exact in float32, so the file holds the same inputs as X.
  const Tensor X(Shape{2, 3}, {0.5, -1.25, 2.0, 0.75, 0.125, -3.5});
  save_npy_float32(path("x32.npy"), X);
  run_hessian(options(path("x32.npy"), save("y.npy", Tensor(Shape{2}, {1, 0}))));
  expect_logistic(X, {1, 0});
}

TEST_F(HessianCommand, SoftmaxRegressionClosedForm) {
  const Index d = 3;
  const Index C = 4;
  make_model(d, C);
  Rng rng(14);
  const Tensor X = rng.normal(Shape{5, d});
  const std::vector<double> y = {0, 3, 2, 1, 3};
  const json meta = run_hessian(options(save("x.npy", X), save("y.npy", Tensor(Shape{5}, y))));
  EXPECT_EQ(meta["outputs"], C);
  EXPECT_EQ(meta["loss"], "cross-entropy");
  const Tensor loss = output("loss.npy");
  const Tensor grad = output("gradient.npy");
  const Tensor hess = output("hessian.npy");
  for (Index i = 0; i < 5; ++i) {
    std::vector<double> z(C);
    double total = 0.0;
    for (Index c = 0; c < C; ++c) {
      z[c] = b_.at({c});
      for (Index j = 0; j < d; ++j) z[c] += W_.at({c, j}) * X.at({i, j});
      total += std::exp(z[c]);
    }
    std::vector<double> p(C);
    for (Index c = 0; c < C; ++c) p[c] = std::exp(z[c]) / total;
    const auto label = static_cast<Index>(y[static_cast<std::size_t>(i)]);
    EXPECT_NEAR(loss.at({i}), std::log(total) - z[label], kTolerance);
    for (Index j = 0; j < d; ++j) {
      double g = 0.0;
      for (Index c = 0; c < C; ++c) g += W_.at({c, j}) * (p[c] - (c == label ? 1.0 : 0.0));
      EXPECT_NEAR(grad.at({i, j}), g, kTolerance);
      for (Index k = 0; k < d; ++k) {
        double h = 0.0;
        for (Index a = 0; a < C; ++a) {
          for (Index c = 0; c < C; ++c) {
            h += W_.at({a, j}) * ((a == c ? p[a] : 0.0) - p[a] * p[c]) * W_.at({c, k});
          }
        }
        EXPECT_NEAR(hess.at({i, j, k}), h, kTolerance);
      }
    }
  }
}

TEST_F(HessianCommand, CommandLine) {
  make_model(2, 1);
  const Tensor X(Shape{3, 2}, {1, 2, -1, 0.5, 0, 0});
  const fs::path x = save("x.npy", X);
  CLI::App app;
  add_hessian_command(app);
  ::testing::internal::CaptureStdout();
  app.parse("hessian --model " + path("model").string() + " --x " + x.string() + " --out " +
                path("out").string() + " --max-directions 2",
            false);
  const std::string printed = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(printed.find("n = 3, d = 2, labels: predicted classes of the model"), std::string::npos)
      << printed;
  EXPECT_EQ(output("hessian.npy").shape(), (Shape{3, 2, 2}));
}

TEST_F(HessianCommand, InputErrors) {
  make_model(3, 1);
  const fs::path y3 = save("y3.npy", Tensor(Shape{3}, {0, 1, 0}));
  const auto message_for = [&](const fs::path& x, const fs::path& y) {
    return error_message([&] { run_hessian(options(x, y)); });
  };

  std::string m = message_for(save("x3d.npy", Tensor(Shape{3, 3, 1})), y3);
  EXPECT_NE(m.find("run_hessian(): "), std::string::npos) << m;
  EXPECT_NE(m.find("x3d.npy: X of shape [3,3,1], expected [n, d]"), std::string::npos) << m;

  m = message_for(save("x4.npy", Tensor(Shape{3, 4})), y3);
  EXPECT_NE(m.find("X has 4 features, the model expects 3"), std::string::npos) << m;

  m = message_for(save("x.npy", Tensor(Shape{4, 3})), y3);
  EXPECT_NE(m.find("y3.npy: 3 labels for 4 samples of X"), std::string::npos) << m;

  Tensor bad(Shape{3, 3});
  bad.at({2, 1}) = std::numeric_limits<double>::quiet_NaN();
  m = message_for(save("nan.npy", bad), y3);
  EXPECT_NE(m.find("nan.npy: X holds a non-finite value (nan) at [2,1] of shape [3,3]"), std::string::npos) << m;

  m = message_for(save("x33.npy", Tensor(Shape{3, 3})), save("y2.npy", Tensor(Shape{3}, {0, 2, 1})));
  EXPECT_NE(m.find("y[1] = 2, expected a target in [0, 1]"), std::string::npos) << m;

  m = message_for(save("x33.npy", Tensor(Shape{3, 3})), save("ym.npy", Tensor(Shape{3, 2})));
  EXPECT_NE(m.find("y of shape [3,2], expected [n] or [n, 1]"), std::string::npos) << m;

  HessianOptions no_model = options(path("x33.npy"), y3);
  no_model.model = path("missing");
  m = error_message([&] { run_hessian(no_model); });
  EXPECT_NE(m.find("missing"), std::string::npos) << m;
}

TEST_F(HessianCommand, ClassLabelsMustBeClasses) {
  make_model(2, 3);
  const fs::path x = save("x.npy", Tensor(Shape{2, 2}));
  const std::string m = error_message([&] { run_hessian(options(x, save("y.npy", Tensor(Shape{2}, {1, 3})))); });
  EXPECT_NE(m.find("y[1] = 3, expected a class in [0, 3) for a model with 3 outputs"), std::string::npos)
      << m;
}

}  // namespace
}  // namespace parity::cli
