#include "prune/group_diagnostics.h"

#include <algorithm>
#include <cmath>

#include "autograd/engine.h"
#include "autograd/functional.h"
#include "nn/classifier.h"
#include "nn/predict.h"
#include "tensor/check.h"
#include "tensor/shape_ops.h"

namespace parity::prune {

namespace {

constexpr const char* kCaller = "group_diagnostics()";

// p_(1) - p_(2) of one row of logits.
double softmax_margin(const double* z, Index C) {
  const double top = *std::max_element(z, z + C);
  double total = 0.0, first = 0.0, second = 0.0;
  for (Index c = 0; c < C; ++c) {
    const double e = std::exp(z[c] - top);
    total += e;
    if (e > first) {
      second = first;
      first = e;
    } else if (e > second) {
      second = e;
    }
  }
  return (first - second) / total;
}

}  // namespace

GroupDiagnostics group_diagnostics(nn::Module& model, const data::Dataset& data,
                                   const GroupDiagnosticsOptions& options, Rng& rng) {
  data.validate(kCaller);
  PARITY_CHECK(options.max_samples >= 0, kCaller, ": max_samples must be >= 0, got ", options.max_samples);
  const Index n = data.size(), G = data.num_groups();
  PARITY_CHECK(n >= 1, kCaller, ": the data has no samples");
  const Tensor logits = nn::predict_logits(model, data.X);
  PARITY_CHECK(logits.dim() == 2 && logits.size(1) >= 2, kCaller,
               ": the model's outputs must be [n, C] with C >= 2, got ", logits.shape());
  const Index C = logits.size(1);
  const Tensor predicted = nn::classes_from_logits(logits);

  GroupDiagnostics d;
  std::vector<std::vector<Index>> members(static_cast<std::size_t>(G));
  Index correct = 0;
  for (Index i = 0; i < n; ++i) {
    members[static_cast<std::size_t>(data.s.data()[i])].push_back(i);
    correct += predicted.data()[i] == data.y.data()[i] ? 1 : 0;
  }
  d.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  const std::vector<Var> params = model.parameters();
  for (Index g = 0; g < G; ++g) {
    const std::vector<Index>& rows = members[static_cast<std::size_t>(g)];
    PARITY_CHECK(!rows.empty(), kCaller, ": group ", g, " (", data.group_names[static_cast<std::size_t>(g)],
                 ") has no samples");
    const auto count = static_cast<Index>(rows.size());
    double hits = 0.0, margin = 0.0;
    for (Index i : rows) {
      hits += predicted.data()[i] == data.y.data()[i] ? 1.0 : 0.0;
      margin += softmax_margin(logits.data() + i * C, C);
    }
    d.size.push_back(count);
    d.accuracy_of.push_back(hits / static_cast<double>(count));
    d.margin.push_back(margin / static_cast<double>(count));

    const Var loss = mean(nn::classifier_losses(model(Var(gather_rows(data.X, rows))), gather_rows(data.y, rows)));
    d.loss.push_back(loss.value().item());
    double squares = 0.0;
    for (const Tensor& t : gradient(loss, params)) {
      for (double v : t) squares += v * v;
    }
    d.gradient_norm.push_back(std::sqrt(squares));
    if (options.hessian) {
      const Index used = options.max_samples > 0 ? std::min(count, options.max_samples) : count;
      const std::span<const Index> chosen(rows.data(), static_cast<std::size_t>(used));
      const Var part = used == count ? loss
                                     : mean(nn::classifier_losses(model(Var(gather_rows(data.X, chosen))),
                                                                  gather_rows(data.y, chosen)));
      const PowerIterationResult top = top_hessian_eigenvalue(part, params, options.power, rng);
      d.hessian.push_back(top.eigenvalue);
      d.hessian_iterations.push_back(top.iterations);
    }
  }
  return d;
}

}  // namespace parity::prune
