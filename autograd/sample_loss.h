// SampleLoss: per-sample losses of a batch with the per-sample data they need. loss(X) is
// [B] for inputs X [B, ...], and l_i may depend only on row i of X and row i of the labels.
// Callers evaluate subsets of the rows (blocks that bound memory, samples still moving in an
// inner solver); subset() and rows() give the same loss on such a subset, labels following.
#pragma once

#include <functional>
#include <span>
#include <type_traits>

#include "autograd/var.h"
#include "tensor/check.h"

namespace parity {

class SampleLoss {
 public:
  using Function = std::function<Var(const Var& X, const Tensor& labels)>;

  /// f(X, labels) with per-sample labels [B] or [B, ...].
  SampleLoss(Function f, Tensor labels);
  /// f(X) without per-sample data: any subset of rows is evaluated by f itself. A function
  /// that captures per-sample data (labels, weights) must be given with them as labels instead.
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, SampleLoss> && std::is_invocable_r_v<Var, const F&, const Var&>)
  SampleLoss(F f)  // NOLINT(google-explicit-constructor): losses are passed as lambdas
      : function_(ignoring_labels(std::move(f))) {}

  /// Losses [B] of X [B, ...]; throws if X and the labels have different numbers of rows.
  Var operator()(const Var& X) const;
  /// The loss of the samples `indices` of the batch (in that order).
  SampleLoss subset(std::span<const Index> indices) const;
  /// The loss of the samples [begin, end) of the batch.
  SampleLoss rows(Index begin, Index end) const;

 private:
  template <class F>
  static Function ignoring_labels(F f) {
    if constexpr (std::is_pointer_v<F> || std::is_same_v<F, std::function<Var(const Var&)>>) {
      PARITY_CHECK(f != nullptr, "SampleLoss(): empty function");
    }
    return [f = std::move(f)](const Var& X, const Tensor&) { return f(X); };
  }

  Function function_;
  Tensor labels_;
};

}  // namespace parity
