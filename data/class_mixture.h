// ClassMixture, a synthetic multi-class set with under-sampled classes, the protocol of the
// linearisation paper's code (groups = classes, minority = the classes kept at a small fraction).
// Each class k is a mixture of `clusters` Gaussian blobs in `dim` dimensions:
//   centres  c_{k,m} ~ N(0, spread^2 I)          (drawn once, when the generator is made)
//   sample   k ~ P(k) proportional to keep_k;  m ~ uniform;  x = c_{k,m} + N(0, I),
// with keep_k = majority_keep for the first classes and minority_keep for the last
// `minority_classes` (the paper's CIFAR-10 split keeps 90 % and 10 %). Blobs of different classes
// interleave, so the classes are not linearly separable and a network needs its ReLUs. Groups are
// the classes (s = y), named as the classes.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "tensor/random.h"

namespace parity::data {

struct ClassMixtureOptions {
  Index classes = 6;
  Index minority_classes = 3;
  Index clusters = 4;
  Index dim = 10;
  double spread = 1.5;
  double majority_keep = 0.9;
  double minority_keep = 0.1;
};

class ClassMixture {
 public:
  /// Draws the centres from `rng`. @throws parity::Error unless classes >= 2, 1 <= minority_classes <
  /// classes, clusters >= 1, dim >= 1, spread finite and > 0, and both keeps in (0, 1].
  ClassMixture(const ClassMixtureOptions& options, Rng& rng);

  /// n samples: X [n, dim] (features "x0".."x{dim-1}"), y [n], s = y; classes named "class k" with
  /// " (minority)" for the under-sampled ones. Per sample the draws are the class, the blob, then x.
  /// @throws parity::Error for n < 0.
  Dataset sample(Index n, Rng& rng) const;

  const ClassMixtureOptions& options() const { return options_; }

 private:
  ClassMixtureOptions options_;
  Tensor centres_;                  ///< [classes * clusters, dim]
  std::vector<double> cumulative_;  ///< P(class <= k)
};

}  // namespace parity::data
