// parity prune: argument checks before any work (sparsity, methods, scope, files), a small study
// on the synthetic set (the JSON it writes, exact pruned counts, reproducibility), imp's rewind
// epoch, and
// --save-model / --model: the pruned model keeps its masks, and a saved mask that does not fit
// its weights is refused.
#include "prune_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "command_error.h"
#include "commands.h"
#include "common/temp_dir.h"
#include "nn/sequential.h"
#include "nn/serialize.h"
#include "prune/sparsity.h"
#include "tensor/io.h"

namespace parity::cli {
namespace {

std::string prune_error(std::vector<std::string> args) {
  return testing::command_error(&add_prune_command, "prune", std::move(args));
}

std::filesystem::path scratch_dir(const std::string& name) {
  return ::parity::testing::fresh_temp_dir("prune_test_" + name);
}

PruneCommandOptions small() {
  PruneCommandOptions o;
  o.synth_train = 600;
  o.synth_test = 400;
  o.hidden = {16, 16};
  o.dense_epochs = 3;
  o.epochs = 3;
  o.mask_epochs = 2;
  o.imp_rounds = 2;
  o.batch_size = 100;
  o.seeds = 2;
  return o;
}

TEST(PruneCommand, RefusesBadArgumentsBeforeAnyWork) {
  EXPECT_EQ(prune_error({"--sparsity", "1"}),
            "parity prune: --sparsity/--sweep: sparsity 1 is outside [0, 1) (the fraction of weights "
            "removed; density "
            "= 1 - sparsity = 0 must lie in (0, 1])");
  EXPECT_EQ(prune_error({"--sweep", "0.5,-0.1"}).substr(0, 47),
            "parity prune: --sparsity/--sweep: sparsity -0.1");
  EXPECT_EQ(prune_error({"--method", "magnitude,random"}),
            "find_method(): unknown pruning method 'random', expected one of magnitude, magnitude+fair-ft, "
            "magnitude+fair-ft-pdf, "
            "imp, hydra, "
            "bip, bifp, bifp-pdf, bifp-no-mask, bifp-no-weight");
  EXPECT_EQ(prune_error({"--scope", "row"}), "parse_scope(): unknown scope 'row', expected global or layer");
  EXPECT_EQ(prune_error({"--data", "mnist"}),
            "parity prune: unknown --data 'mnist', expected synth or one of the datasets of `parity fair`");
  EXPECT_EQ(prune_error({"--implicit-gradient", "exact"}),
            "parity prune: unknown --implicit-gradient 'exact', expected none, paper or bip-code");
  EXPECT_EQ(prune_error({"--mask-epochs", "20"}),
            "prune_model(): mask_epochs must lie in [1, epochs = 15], got 20");
  EXPECT_EQ(prune_error({"--seeds", "0"}), "parity prune: --seeds must be >= 1, got 0");
  EXPECT_EQ(prune_error({"--outputs", "3"}),
            "parity prune: --outputs must be 1 (a logit) or 2 (a softmax head), got 3");
  EXPECT_EQ(prune_error({"--model", "/nonexistent/model"}),
            "parity prune: --model /nonexistent/model holds no model.json");
  EXPECT_EQ(prune_error({"--label", "Blond_Hair"}),
            "parity prune: --label chooses a CelebA attribute, but --data is synth");
  EXPECT_EQ(prune_error({"--rewind-epoch", "1"}),
            "parity prune: --rewind-epoch applies to --method imp, which is not among the methods");
  EXPECT_EQ(prune_error({"--method", "imp", "--rewind-epoch", "61"}),
            "parity prune: --rewind-epoch must lie in [0, --dense-epochs = 60], got 61");
  const auto model_dir = scratch_dir("rewind_model");
  Rng rng(1);
  nn::save_model(*nn::mlp({11, 4, 1}, "relu", rng), model_dir.string());
  EXPECT_EQ(prune_error({"--method", "imp", "--rewind-epoch", "0", "--model", model_dir.string()}),
            "parity prune: --rewind-epoch needs the dense training, but --model loads only the trained weights");
  EXPECT_EQ(prune_error({"--out", "/proc/parity/r.json"}),
            "parity prune: --out /proc/parity/r.json: cannot create the folder /proc/parity: No such file or directory");
}

TEST(PruneCommand, SmallStudyWritesItsJsonAndIsReproducible) {
  const auto dir = scratch_dir("study");
  PruneCommandOptions o = small();
  o.methods = {"magnitude", "imp", "hydra", "bifp", "bifp-pdf"};
  o.sweep = {0.5, 0.9};
  o.out = dir / "r.json";
  std::ostringstream text;
  const nlohmann::json result = run_prune(o, text);
  EXPECT_TRUE(std::filesystem::exists(o.out));
  EXPECT_NE(text.str().find("sparsity 0.9 (test part"), std::string::npos);
  ASSERT_EQ(result["runs"].size(), 2u * 5u * 2u);
  for (const auto& run : result["runs"]) {
    const Index prunable = run["prunable_weights"];
    EXPECT_EQ(prunable, 11 * 16 + 16 * 16 + 16);
    EXPECT_EQ(run["pruned_weights"].get<Index>(), prunable - prune::kept_count(prunable, run["sparsity"]));
    EXPECT_EQ(run["group_accuracy"].size(), 2u);
    EXPECT_TRUE(run["test"].contains("gaps"));
  }
  std::ostringstream again;
  PruneCommandOptions o2 = o;
  o2.out.clear();
  nlohmann::json first = result["runs"];
  nlohmann::json second = run_prune(o2, again)["runs"];
  for (auto* runs : {&first, &second}) {
    for (auto& run : *runs) run.erase("seconds");  // everything but the clock is bitwise the same
  }
  EXPECT_EQ(first, second);
}

// Rewinding to the last dense epoch is rewinding to the trained model (the default), bitwise;
// rewinding to the initialisation gives another model.
TEST(PruneCommand, ImpRewindEpochSelectsTheDenseTrainingsWeights) {
  PruneCommandOptions o = small();
  o.methods = {"imp"};
  o.seeds = 1;
  std::ostringstream text;
  const auto runs_of = [&](const PruneCommandOptions& options) {
    nlohmann::json runs = run_prune(options, text)["runs"];
    for (auto& run : runs) run.erase("seconds");
    return runs;
  };
  const nlohmann::json trained = runs_of(o);
  o.rewind_epoch = o.dense_epochs;
  EXPECT_EQ(runs_of(o), trained);
  o.rewind_epoch = 0;
  EXPECT_NE(runs_of(o), trained);
}

TEST(PruneCommand, SavedModelKeepsItsMasksAndAMismatchedMaskIsRefused) {
  const auto dir = scratch_dir("save");
  PruneCommandOptions o = small();
  o.methods = {"bifp"};
  o.seeds = 1;
  o.sparsity = 0.8;
  o.save_model = dir / "pruned";
  std::ostringstream text;
  run_prune(o, text);
  const auto model = nn::load_model(o.save_model.string());
  const prune::SparsityCount count = prune::count_zeros(*model);
  EXPECT_EQ(count.total_zeros(), count.total_size() - prune::kept_count(count.total_size(), 0.8));
  for (const std::string& path : prune::prunable_paths(*model))
    EXPECT_TRUE(model->mask(path).defined()) << path;
  // The pruned model as the dense start of another study: it loads, masks included.
  PruneCommandOptions from = o;
  from.model = o.save_model;
  from.save_model.clear();
  EXPECT_NO_THROW(run_prune(from, text));
  save_npy((o.save_model / "0.weight.mask.npy").string(), Tensor(Shape{11, 16}));
  EXPECT_NE(prune_error({"--model", o.save_model.string(), "--seeds", "1"})
                .find("0.weight.mask.npy has shape [11,16]"),
            std::string::npos);
}

}  // namespace
}  // namespace parity::cli
