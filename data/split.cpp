// Stratified splitting: per-(y, s) cell permutation and cut by rounded fractions.
#include "data/split.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "tensor/check.h"

namespace parity::data {

namespace {

void check_fractions(const SplitFractions& f) {
  const bool finite = std::isfinite(f.train) && std::isfinite(f.validation) && std::isfinite(f.test);
  PARITY_CHECK(finite && f.train > 0 && f.validation >= 0 && f.test >= 0 &&
                   std::abs(f.train + f.validation + f.test - 1.0) < 1e-9,
               "stratified_split(): fractions train ", f.train, ", validation ", f.validation, ", test ", f.test,
               " must be non-negative (train positive) and sum to 1");
}

std::vector<Index> ids_of(const Tensor& t) {
  std::vector<Index> ids(static_cast<std::size_t>(t.numel()));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<Index>(t.data()[i]);
  return ids;
}

}  // namespace

SplitIndices stratified_split_indices(std::span<const Index> y, std::span<const Index> s,
                                      const SplitFractions& fractions, Rng& rng) {
  check_fractions(fractions);
  PARITY_CHECK(y.size() == s.size(), "stratified_split(): ", y.size(), " labels but ", s.size(), " groups");
  std::map<std::pair<Index, Index>, std::vector<Index>> cells;
  for (std::size_t i = 0; i < y.size(); ++i) {
    PARITY_CHECK(y[i] >= 0 && s[i] >= 0, "stratified_split(): sample ", i, " has negative id (y ", y[i], ", s ",
                 s[i], ")");
    cells[{y[i], s[i]}].push_back(static_cast<Index>(i));
  }
  SplitIndices out;
  for (const auto& [cell, members] : cells) {
    const Index m = static_cast<Index>(members.size());
    const std::vector<Index> order = rng.permutation(m);
    const Index n_validation = std::llround(static_cast<double>(m) * fractions.validation);
    const Index n_test = std::min(m - n_validation, static_cast<Index>(std::llround(static_cast<double>(m) * fractions.test)));
    for (Index k = 0; k < m; ++k) {
      const Index sample = members[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
      std::vector<Index>& part = k < n_validation ? out.validation : k < n_validation + n_test ? out.test : out.train;
      part.push_back(sample);
    }
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.validation.begin(), out.validation.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

DatasetSplit stratified_split(const Dataset& data, const SplitFractions& fractions, Rng& rng) {
  data.validate("stratified_split()");
  const SplitIndices parts = stratified_split_indices(ids_of(data.y), ids_of(data.s), fractions, rng);
  return {data.subset(parts.train), data.subset(parts.validation), data.subset(parts.test)};
}

}  // namespace parity::data
