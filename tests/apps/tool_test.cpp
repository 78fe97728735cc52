// Tests of the `parity` command line as users see it (run_tool): option values out of range name
// the option, the bound and the value; an unknown subcommand is named with the known ones; outputs
// that cannot be written and bad radii are refused before any training; training that would turn
// the weights into NaN stops with the radius named; the help's --fixed-features example works.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "nn/sequential.h"
#include "nn/serialize.h"
#include "tensor/io.h"
#include "tensor/random.h"

namespace parity::cli {
namespace {

namespace fs = std::filesystem;

struct ToolRun {
  int status;
  std::string out;
  std::string err;
};

ToolRun run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_tool(args, out, err);
  return {status, out.str(), err.str()};
}

// The first line of what the tool printed on stderr.
std::string first_error_line(const std::vector<std::string>& args) {
  const ToolRun r = run(args);
  EXPECT_NE(r.status, 0) << "no error for the arguments; stdout: " << r.out;
  return r.err.substr(0, r.err.find('\n'));
}

class Tool : public parity::testing::TempDirTest {
 protected:
  std::string path(const std::string& name) const { return (temp_dir() / name).string(); }
  // A regular file; nothing can be created below it, not even by root.
  std::string blocked(const std::string& below) const {
    std::ofstream(temp_dir() / "a_file") << "x";
    return (temp_dir() / "a_file" / below).string();
  }
};

TEST_F(Tool, OptionValuesOutOfRangeNameTheOptionTheBoundAndTheValue) {
  EXPECT_EQ(first_error_line({"robust", "--batch-size", "0"}), "--batch-size: expected an integer >= 1, got 0");
  EXPECT_EQ(first_error_line({"demo", "--seeds", "0"}), "--seeds: expected an integer >= 1, got 0");
  EXPECT_EQ(first_error_line({"demo", "--epochs", "-3"}), "--epochs: expected an integer >= 1, got -3");
  EXPECT_EQ(first_error_line({"bench", "hessian-per-radius", "--repeats", "0"}),
            "--repeats: expected an integer >= 1, got 0");
  EXPECT_EQ(first_error_line({"hessian", "--model", "m", "--x", "x.npy", "--out", "o", "--max-samples", "-1"}),
            "--max-samples: expected an integer >= 0, got -1");
  EXPECT_EQ(first_error_line({"metrics", "--predictions", "p.csv", "--precision", "18"}),
            "--precision: expected an integer in [1, 17], got 18");
  EXPECT_EQ(first_error_line({"robust", "--radius", "-0.1"}), "--radius: expected a finite number > 0, got -0.1");
  EXPECT_EQ(first_error_line({"robust", "--radius", "inf"}), "--radius: expected a finite number > 0, got inf");
  EXPECT_EQ(first_error_line({"robust", "--lr", "nan"}), "--lr: expected a finite number > 0, got nan");
  EXPECT_EQ(first_error_line({"robust", "--hidden", "8", "0"}), "--hidden: expected an integer >= 1, got 0");
  EXPECT_EQ(first_error_line({"bench", "hessian-per-radius", "--radii", "0.1", "1e309"}),
            "--radii: expected a finite number > 0, got 1e309");
  EXPECT_EQ(first_error_line({"bench", "trs-cost", "--batch-sizes", "5", "0"}),
            "--batch-sizes: expected an integer >= 1, got 0");
  EXPECT_EQ(first_error_line({"bench", "trs-cost", "--radius", "nan"}), "--radius: expected a finite number > 0, got nan");
  EXPECT_EQ(first_error_line({"bench", "trs-cost", "--rounds", "0"}), "--rounds: expected an integer >= 1, got 0");
}

// CLI11 alone converts -1 to an unsigned 64-bit seed as 2^64 - 1.
TEST_F(Tool, NegativeSeedsAreRefused) {
  const std::string expected = "expected a seed, an integer in [0, 18446744073709551615], got -1";
  EXPECT_EQ(first_error_line({"robust", "--seed", "-1"}), "--seed: " + expected);
  EXPECT_EQ(first_error_line({"metrics", "--predictions", "p.csv", "--seed", "-1"}), "--seed: " + expected);
  EXPECT_EQ(first_error_line({"fair", "--first-seed", "-1"}), "--first-seed: " + expected);
  EXPECT_EQ(first_error_line({"robust", "--seed", "18446744073709551616"}),
            "--seed: expected a seed, an integer in [0, 18446744073709551615], got 18446744073709551616");
}

TEST_F(Tool, UnknownSubcommandsAreNamedWithTheKnownOnes) {
  EXPECT_EQ(first_error_line({"trian"}),
            "parity: error: unknown command 'trian', expected one of demo, robust, fair, prune, linearize, metrics, hessian, bench");
  EXPECT_EQ(first_error_line({}), "A subcommand is required");
}

TEST_F(Tool, OutputsThatCannotBeWrittenAreRefusedBeforeTraining) {
  const std::string file = blocked("r.json");
  const std::string folder = blocked("out");
  const std::string not_a_folder = "cannot create the folder";
  EXPECT_EQ(first_error_line({"robust", "--epochs", "50", "--out", file}).rfind(
                "parity: error: parity robust: --out " + file + ": " + not_a_folder, 0),
            0u);
  EXPECT_EQ(first_error_line({"robust", "--epochs", "50", "--save-model", folder}).rfind(
                "parity: error: parity robust: --save-model " + folder + ": " + not_a_folder, 0),
            0u);
  EXPECT_EQ(first_error_line({"demo", "--out", folder}).rfind("parity: error: parity demo: --out " + folder + ": " +
                                                               not_a_folder, 0),
            0u);
  EXPECT_EQ(first_error_line({"bench", "hessian-per-radius", "--out", file}).rfind(
                "parity: error: parity bench: --out " + file + ": " + not_a_folder, 0),
            0u);
  EXPECT_EQ(first_error_line({"bench", "trs-cost", "--out", file}).rfind(
                "parity: error: parity bench trs-cost: --out " + file + ": " + not_a_folder, 0),
            0u);
  std::ofstream(path("p.csv")) << "y_true,y_pred,group\n0,0,a\n1,1,b\n";
  EXPECT_EQ(first_error_line({"metrics", "--predictions", path("p.csv"), "--out", file})
                .rfind("parity: error: run_metrics(): --out " + file + ": " + not_a_folder, 0),
            0u);
  EXPECT_EQ(first_error_line({"robust", "--out", temp_dir().string()}),
            "parity: error: parity robust: --out " + temp_dir().string() + ": is a folder, expected a file name");
}

TEST_F(Tool, HessianChecksItsOutputFolderBeforeLoadingTheModel) {
  EXPECT_EQ(first_error_line({"hessian", "--model", path("missing"), "--x", path("x.npy"), "--out", blocked("h")})
                .rfind("parity: error: run_hessian(): --out " + blocked("h") + ": cannot create the folder", 0),
            0u);
}

TEST_F(Tool, HessianRefusesModelsWithNonFiniteWeights) {
  Rng rng(1);
  nn::save_model(*nn::mlp({2, 1}, "tanh", rng), path("model"));
  save_npy(path("model/0.bias.npy"), Tensor(Shape{1}, {std::nan("")}));
  save_npy(path("x.npy"), Tensor(Shape{3, 2}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(first_error_line({"hessian", "--model", path("model"), "--x", path("x.npy"), "--out", path("h")}),
            "parity: error: load_model(): " + path("model/0.bias.npy") +
                " holds a non-finite value (nan) at [0] of shape [1]");
}

TEST_F(Tool, BenchChecksItsRadiiBeforeTraining) {
  EXPECT_EQ(first_error_line({"bench", "hessian-per-radius", "--radii", "0"}),
            "--radii: expected a finite number > 0, got 0");
}

// At radius 1e308 the perturbed inputs drive the logits beyond the double range; the loss is not
// finite and the step would make every weight NaN.
TEST_F(Tool, HugeRadiiStopWithTheRadiusNamed) {
  const std::string expected_start = "parity: error: AdversarialTrainer::fit(): epoch 1: the loss on the perturbed batch is ";
  const std::string robust = first_error_line({"robust", "--solver", "trs", "--radius", "1e308", "--epochs", "1"});
  EXPECT_EQ(robust.rfind(expected_start, 0), 0u) << robust;
  EXPECT_NE(robust.find("at radius 1e+308 (solver trs)"), std::string::npos) << robust;
  const std::string demo = first_error_line({"demo", "--seeds", "1", "--epochs", "1", "--radii", "1e308", "--out", path("d")});
  EXPECT_EQ(demo.rfind(expected_start, 0), 0u) << demo;
  EXPECT_NE(demo.find("at radius 1e+308 (solver trs)"), std::string::npos) << demo;
}

// The example of `parity robust --help`.
TEST_F(Tool, FixedFeaturesExampleOfTheHelpRuns) {
  PARITY_REQUIRE_DATA(adult, "adult/adult.data");
  const ToolRun r = run({"robust", "--data", "adult-full", "--data-dir", ::parity::testing::data_dir().string(),
                     "--fixed-features", "sex=Male", "--epochs", "0"});
  EXPECT_EQ(r.status, 0) << r.err;
  const ToolRun help = run({"robust", "--help"});
  EXPECT_NE(help.out.find("sex=Male with --data adult-full"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace parity::cli
