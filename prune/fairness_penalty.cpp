#include "prune/fairness_penalty.h"

#include <cmath>
#include <vector>

#include "autograd/functional.h"
#include "tensor/check.h"
#include "tensor/scalar_math.h"

namespace parity::prune {

namespace {

constexpr const char* kCaller = "fairness_penalty()";

// Checks y and s against the batch size b and returns the rows of each group.
std::vector<std::vector<Index>> group_rows(const Tensor& y, const Tensor& s, Index groups, Index b) {
  PARITY_CHECK(groups >= 2, kCaller, ": needs at least 2 groups, got ", groups);
  PARITY_CHECK(y.defined() && s.defined() && y.numel() == b && s.numel() == b, kCaller, ": ", b,
               " logits but y has ", y.defined() ? y.numel() : 0, " and s ", s.defined() ? s.numel() : 0,
               " entries");
  std::vector<std::vector<Index>> rows(static_cast<std::size_t>(groups));
  for (Index i = 0; i < b; ++i) {
    const double label = y.data()[i];
    const double g = s.data()[i];
    PARITY_CHECK(label == 0.0 || label == 1.0, kCaller, ": label ", label, " at ", i, " is not 0 or 1");
    PARITY_CHECK(g >= 0 && g < static_cast<double>(groups) && g == std::floor(g), kCaller, ": group id ", g,
                 " at ", i, " is not an integer in [0, ", groups, ")");
    rows[static_cast<std::size_t>(g)].push_back(i);
  }
  return rows;
}

Var flat(const Var& logits) {
  PARITY_CHECK(logits.defined() &&
                   (logits.shape().rank() == 1 || (logits.shape().rank() == 2 && logits.shape()[1] == 1)),
               kCaller, ": logits must have shape [b] or [b, 1], got ",
               logits.defined() ? logits.shape().to_string() : "undefined");
  return logits.shape().rank() == 1 ? logits : reshape(logits, Shape{logits.shape()[0]});
}

// Per-group smoothed accuracies as Vars, undefined for absent groups.
std::vector<Var> group_means(const Var& z_logits, const Tensor& y,
                             const std::vector<std::vector<Index>>& rows, double temperature) {
  PARITY_CHECK(std::isfinite(temperature) && temperature > 0.0, kCaller,
               ": temperature must be finite and > 0, got ", temperature);
  const Index b = z_logits.shape()[0];
  Tensor sign(Shape{b});
  for (Index i = 0; i < b; ++i) sign.data()[i] = (2.0 * y.data()[i] - 1.0) / temperature;
  const Var u = sigmoid(mul_constant(z_logits, sign));
  std::vector<Var> means;
  for (const std::vector<Index>& r : rows) {
    if (r.empty()) {
      means.emplace_back();
      continue;
    }
    Tensor w(Shape{b});
    for (Index i : r) w.data()[i] = 1.0 / static_cast<double>(r.size());
    means.push_back(sum(mul_constant(u, w)));
  }
  return means;
}

}  // namespace

const char* notion_name(FairnessNotion notion) {
  return notion == FairnessNotion::Performance ? "performance" : "degradation";
}

std::vector<Var> smoothed_group_accuracies(const Var& logits, const Tensor& y, const Tensor& s, Index groups,
                                           double temperature) {
  const Var z = flat(logits);
  std::vector<Var> means = group_means(z, y, group_rows(y, s, groups, z.shape()[0]), temperature);
  for (Var& m : means) {
    if (!m.defined()) m = Var(Tensor(Shape{}), false);
  }
  return means;
}

Var fairness_penalty(const Var& logits, const PenaltyBatch& batch, FairnessNotion notion,
                     double temperature) {
  const Var z = flat(logits);
  const Index b = z.shape()[0];
  const auto rows = group_rows(batch.y, batch.s, batch.groups, b);
  std::vector<Var> d = group_means(z, batch.y, rows, temperature);
  if (notion == FairnessNotion::Degradation) {
    PARITY_CHECK(batch.dense_logits.defined() && batch.dense_logits.numel() == b, kCaller,
                 ": the degradation notion needs the dense model's ", b, " logits, got ",
                 batch.dense_logits.defined() ? batch.dense_logits.numel() : 0);
    const std::vector<Var> dense =
        group_means(Var(batch.dense_logits.reshape(Shape{b}), false), batch.y, rows, temperature);
    for (std::size_t g = 0; g < d.size(); ++g) {
      if (d[g].defined()) d[g] = d[g] - dense[g].value().item();
    }
  }
  int high = -1, low = -1;
  for (std::size_t g = 0; g < d.size(); ++g) {
    if (!d[g].defined()) continue;
    const double v = d[g].value().item();
    if (high < 0 || v > d[static_cast<std::size_t>(high)].value().item()) high = static_cast<int>(g);
    if (low < 0 || v < d[static_cast<std::size_t>(low)].value().item()) low = static_cast<int>(g);
  }
  if (high < 0 || high == low) return Var(Tensor(Shape{}), false);
  return d[static_cast<std::size_t>(high)] - d[static_cast<std::size_t>(low)];
}

}  // namespace parity::prune
