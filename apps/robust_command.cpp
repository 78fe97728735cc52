// parity robust: one robust (or non-robust) training run on a named dataset, with per-epoch
// records, the test fairness report and, on request, the inner-solver comparison.
#include <iostream>

#include "commands.h"
#include "experiment.h"
#include "nn/serialize.h"
#include "option_checks.h"
#include "output.h"
#include "reference_setups.h"

namespace parity::cli {

namespace {

struct RobustOptions {
  std::string data = "unfair2d";
  std::string setup = "ours";
  std::filesystem::path data_dir = default_data_dir();
  TrainingOptions training;
  std::filesystem::path out;
  std::filesystem::path save_model;
  bool compare = false;
};

void run_robust(const RobustOptions& options) {
  check_writable_file(options.out, "parity robust: --out");
  if (!options.save_model.empty()) check_writable_folder(options.save_model, "parity robust: --save-model");
  const NamedData data = options.setup == "reference"
                             ? load_reference_setup(options.data, options.data_dir, options.training.seed)
                             : load_dataset(options.data, options.data_dir, options.training.seed);
  std::cout << data.description << ": " << data.train.size() << " training / " << data.test.size()
            << " test samples, " << data.train.num_features() << " features\n"
            << "solver " << options.training.solver << ", radius " << options.training.radius << ", "
            << options.training.epochs << " epochs, batches of " << options.training.batch_size << ", Adam lr "
            << options.training.lr << "\n\n";
  TrainedModel trained;
  {
    Progress progress("training", options.training.epochs);
    trained = train_model(data, options.training, [&progress](int epoch) { progress.advance("epoch " + std::to_string(epoch)); });
  }

  Table epochs({"epoch", "loss", "accuracy", "inner s", "outer s", "inner iterations", "hard cases", "unconverged"});
  for (const robust::EpochRecord& r : trained.history) {
    epochs.add_row({std::to_string(r.epoch), fixed(r.loss, 5), fixed(r.accuracy, 4), fixed(r.inner_seconds, 4),
                    fixed(r.outer_seconds, 4), fixed(r.mean_inner_iterations, 2), std::to_string(r.hard_cases),
                    std::to_string(r.unconverged_subproblems)});
  }
  std::cout << "Training (loss and accuracy on the perturbed batches):\n"
            << epochs.to_string() << "\nTest set:\n"
            << fairness::to_string(trained.test.report) << "AUC of the logit:";
  for (std::size_t g = 0; g < trained.test.group_auc.size(); ++g) {
    std::cout << " group " << g << " " << fixed(trained.test.group_auc[g], 4) << ",";
  }
  std::cout << " overall " << fixed(trained.test.overall_auc, 4) << "\n\n";

  nlohmann::json result{{"dataset", data.description},
                        {"setup", options.setup},
                        {"train_samples", data.train.size()},
                        {"test_samples", data.test.size()},
                        {"options", to_json(options.training)},
                        {"result", to_json(trained)}};
  if (options.compare && solver_perturbs(options.training.solver)) {
    const robust::InnerComparison c =
        robust::compare_inner_solvers(*trained.model, data.test.X, data.test.y, options.training.radius);
    std::cout << "Inner maximisation on the test set at matched objective: TRS " << fixed(c.trs_seconds * 1e3, 2)
              << " ms (Hessians " << fixed(c.hessian_seconds * 1e3, 2) << " ms), PGD " << fixed(c.pgd_seconds * 1e3, 2)
              << " ms (" << fixed(c.mean_pgd_steps, 1) << " steps on average, " << c.pgd_unmatched
              << " samples unmatched), speed-up " << fixed(c.speedup(), 1) << "x\n";
    result["inner_comparison"] = to_json(c);
  }
  if (!options.out.empty()) {
    write_json(result, options.out);
    std::cout << "wrote " << options.out.string() << "\n";
  }
  if (!options.save_model.empty()) {
    nn::save_model(*trained.model, options.save_model.string());
    std::cout << "saved the model to " << options.save_model.string() << "\n";
  }
}

}  // namespace

void add_robust_command(CLI::App& app) {
  auto options = std::make_shared<RobustOptions>();
  TrainingOptions& t = options->training;
  CLI::App* robust = app.add_subcommand("robust", "Robust training on a dataset, with test accuracy and fairness gaps");
  robust->add_option("--data", options->data, "unfair2d, adult, lsat, compas or german")
      ->capture_default_str()
      ->check(CLI::IsMember(dataset_names()));
  robust->add_option("--data-dir", options->data_dir, "folder of the real datasets (PARITY_DATA_DIR)")
      ->capture_default_str();
  robust->add_option("--solver", t.solver, "inner solver")->capture_default_str()->check(CLI::IsMember(solver_names()));
  robust->add_option("--radius", t.radius, "radius of the perturbation ball")
      ->capture_default_str()
      ->check(positive_finite());
  robust->add_option("--epochs", t.epochs, "training epochs")->capture_default_str()->check(integer_at_least(0));
  robust->add_option("--batch-size", t.batch_size, "mini-batch size")->capture_default_str()->check(integer_at_least(1));
  robust->add_option("--lr", t.lr, "Adam learning rate")->capture_default_str()->check(positive_finite());
  robust->add_option("--hidden", t.hidden, "hidden layer widths (none: logistic regression)")
      ->check(integer_at_least(1));
  robust->add_option("--activation", t.activation, "activation between hidden layers")->capture_default_str();
  robust->add_option("--pgd-iterations", t.pgd_iterations, "PGD steps per inner solve")
      ->capture_default_str()
      ->check(integer_at_least(1));
  robust->add_option("--pgd-step", t.pgd_step, "PGD step as a fraction of the radius (styles fixed, practical)")
      ->capture_default_str()
      ->check(positive_finite());
  robust->add_option("--pgd-style", t.pgd_style,
                     "fixed: --pgd-iterations steps of --pgd-step r; practical: such steps until a step is "
                     "shorter than 1e-3 r or gains less than 1e-6 of the loss (at most 100); reference: the "
                     "Fast & Fair reference code's PGD (absolute step 0.1 on the batch-mean gradient, one "
                     "backtracking step size for the batch, stop when the batch's step is below 1e-4 or after "
                     "5,000 iterations)")
      ->capture_default_str()
      ->check(CLI::IsMember(pgd_style_names()));
  robust->add_option("--setup", options->setup,
                     "ours, or reference: the reference code's data selection (unfair2d 200/50 points; adult its "
                     "first 10,000 rows, label 1 = '<=50K'; lsat a training sample balanced over pass x race)")
      ->capture_default_str()
      ->check(CLI::IsMember(setup_names()));
  robust->add_option("--fixed-features", t.fixed_features,
                     "features the inner solver must not move, by the dataset's feature names (e.g. age with "
                     "--data adult; sex=Male with --data adult-full, whose one-hot columns are named column=value)");
  robust->add_option("--seed", t.seed, "seed of data split, initialisation and batches")
      ->capture_default_str()
      ->check(seed_value());
  robust->add_option("--out", options->out, "write the results as JSON to this file");
  robust->add_option("--save-model", options->save_model, "save the trained model to this folder");
  robust->add_flag("--compare", options->compare, "time TRS against PGD at matched inner objective on the test set");
  robust->callback([options] { run_robust(*options); });
}

}  // namespace parity::cli
