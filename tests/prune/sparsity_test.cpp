// Tests of prune/sparsity.h: the sparsity range, which parameters are prunable, exact counts of
// kept entries at every level (globally and per layer), ties, magnitude pruning of a model and its
// masks through save_model/load_model.
#include "prune/sparsity.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "common/error_message.h"
#include "common/temp_dir.h"
#include "nn/serialize.h"

namespace parity::prune {
namespace {

using testing::error_message;

std::vector<double> values(const Tensor& t) { return {t.data(), t.data() + t.numel()}; }

std::unique_ptr<nn::Sequential> small_mlp(std::uint64_t seed) {
  Rng rng(seed);
  return nn::mlp({11, 32, 24, 1}, "relu", rng);
}

TEST(Sparsity, RangeIsCheckedWithTheDensity) {
  EXPECT_EQ(check_sparsity(0.0, "f()"), 0.0);
  EXPECT_EQ(check_sparsity(0.95, "f()"), 0.95);
  EXPECT_EQ(error_message([] { check_sparsity(1.0, "f()"); }),
            "f(): sparsity 1 is outside [0, 1) (the fraction of weights removed; density = 1 - sparsity = 0 "
            "must lie "
            "in (0, 1])");
  EXPECT_EQ(error_message([] { check_sparsity(-0.5, "f()"); }),
            "f(): sparsity -0.5 is outside [0, 1) (the fraction of weights removed; density = 1 - sparsity = "
            "1.5 must "
            "lie in (0, 1])");
  EXPECT_NE(
      error_message([] { check_sparsity(std::numeric_limits<double>::quiet_NaN(), "f()"); }).find("outside"),
      std::string::npos);
  EXPECT_EQ(error_message([] {
              top_k_masks({Tensor(Shape{2, 2})}, 1.2, Scope::Global);
            }).substr(0, 31),
            "top_k_masks(): sparsity 1.2 is ");
}

TEST(Sparsity, OnlyWeightsArePrunable) {
  const auto model = small_mlp(1);
  EXPECT_EQ(prunable_paths(*model), (std::vector<std::string>{"0.weight", "2.weight", "4.weight"}));
  EXPECT_EQ(parse_scope("global"), Scope::Global);
  EXPECT_EQ(parse_scope("layer"), Scope::PerLayer);
  EXPECT_EQ(error_message([] { parse_scope("row"); }),
            "parse_scope(): unknown scope 'row', expected global or layer");
}

TEST(Sparsity, ExactCountsAtEveryLevelGloballyAndPerLayer) {
  for (const double s : {0.0, 0.2, 0.5, 0.8, 0.9, 0.95, 0.99}) {
    for (const Scope scope : {Scope::Global, Scope::PerLayer}) {
      auto model = small_mlp(2);
      prune_by_magnitude(*model, s, scope);
      const SparsityCount count = count_zeros(*model);
      const Index n = count.total_size();
      ASSERT_EQ(n, 11 * 32 + 32 * 24 + 24);
      if (scope == Scope::Global) {
        EXPECT_EQ(count.total_zeros(), n - kept_count(n, s)) << s;
      } else {
        for (std::size_t i = 0; i < count.paths.size(); ++i) {
          EXPECT_EQ(count.zeros[i], count.sizes[i] - kept_count(count.sizes[i], s))
              << s << " " << count.paths[i];
        }
      }
      // Biases are never masked.
      const auto masks = model->masks();
      const auto named = model->named_parameters();
      for (std::size_t i = 0; i < named.size(); ++i) {
        EXPECT_EQ(masks[i].defined(), named[i].second.shape().rank() >= 2) << named[i].first;
      }
    }
  }
}

TEST(Sparsity, GlobalKeepsTheLargestMagnitudesAndBreaksTiesByIndex) {
  const Tensor a(Shape{2, 2}, {0.5, -3.0, 1.0, -1.0});
  const Tensor b(Shape{1, 3}, {1.0, 0.1, -2.0});
  // Keep 3 of 7: |-3|, |-2| and the first of the four ties at 1 (a[0, 1] comes first).
  const auto masks = top_k_masks({a, b}, 1.0 - 3.0 / 7.0, Scope::Global);
  EXPECT_EQ(values(masks[0]), (std::vector<double>{0, 1, 1, 0}));
  EXPECT_EQ(values(masks[1]), (std::vector<double>{0, 0, 1}));
  const auto per_layer = top_k_masks({a, b}, 0.5, Scope::PerLayer);
  EXPECT_EQ(values(per_layer[0]), (std::vector<double>{0, 1, 1, 0}));
  // Per layer: 2 of the 3 entries of b (round(1.5) = 2, half away from zero).
  EXPECT_EQ(values(per_layer[1]), (std::vector<double>{1, 0, 1}));
}

class SparsityFiles : public testing::TempDirTest {};

TEST_F(SparsityFiles, MasksSurviveSaveAndLoad) {
  auto model = small_mlp(3);
  prune_by_magnitude(*model, 0.9, Scope::Global);
  nn::save_model(*model, temp_dir().string());
  const auto loaded = nn::load_model(temp_dir().string());
  const auto a = model->masks();
  const auto b = loaded->masks();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].defined(), b[i].defined());
    if (a[i].defined()) {
      EXPECT_EQ(values(a[i]), values(b[i]));
    }
  }
  EXPECT_EQ(count_zeros(*loaded).zeros, count_zeros(*model).zeros);
}

}  // namespace
}  // namespace parity::prune
