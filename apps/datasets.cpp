#include "datasets.h"

#include <cstdlib>

#include "data/adult.h"
#include "data/celeba.h"
#include "data/compas.h"
#include "data/german.h"
#include "data/lsat.h"
#include "data/unfair2d.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity::cli {

namespace {

constexpr data::SplitFractions kTrainTest{.train = 0.8, .validation = 0.0, .test = 0.2};

std::filesystem::path existing_file(const std::filesystem::path& data_dir, const std::string& relative) {
  const std::filesystem::path path = data_dir / relative;
  PARITY_CHECK(std::filesystem::is_regular_file(path), "load_dataset(): file ", path.string(),
               " not found (set --data-dir or PARITY_DATA_DIR to the folder holding ", relative, ")");
  return path;
}

NamedData from_tabular(std::string name, std::string description, data::TabularData&& tabular) {
  return {std::move(name), std::move(description), std::move(tabular.train), std::move(tabular.test)};
}

}  // namespace

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("PARITY_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path("..") / "shared" / "data";
}

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names{"unfair2d", "adult",  "adult-race", "lsat",
                                              "compas",   "german", "celeba"};
  return names;
}

NamedData load_dataset(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed,
                       const Unfair2DSizes& unfair2d) {
  if (name == "unfair2d") {
    Rng rng(seed);
    data::Dataset train = data::make_unfair2d({.n = unfair2d.train}, rng);
    data::Dataset test = data::make_unfair2d({.n = unfair2d.test}, rng);
    return {name, "Unfair2D (p1 = p2 = 0.5, alpha = 0.1), groups A/B", std::move(train), std::move(test)};
  }
  if (name == "adult" || name == "adult-race") {
    const std::filesystem::path train_file = existing_file(data_dir, "adult/adult.data");
    const std::filesystem::path test_file = existing_file(data_dir, "adult/adult.test");
    const bool race = name == "adult-race";
    return from_tabular(
        name,
        race ? "UCI Adult, five continuous features, sensitive race (five groups), official test file"
             : "UCI Adult, five continuous features, sensitive sex, official test file",
        data::load_adult(train_file, test_file,
                         {.sensitive = race ? data::AdultSensitive::RaceGroups : data::AdultSensitive::Sex,
                          .features = data::AdultFeatures::Continuous,
                          .sensitive_as_feature = false,
                          .validation_fraction = 0.0,
                          .seed = seed}));
  }
  if (name == "lsat") {
    return from_tabular(name, "LSAT bar passage, features lsat and ugpa, sensitive race, 80/20 split",
                        data::load_lsat(existing_file(data_dir, "lsat/bar_pass_prediction.csv"),
                                        {.sensitive = data::LsatSensitive::Race, .fractions = kTrainTest, .seed = seed}));
  }
  if (name == "compas") {
    return from_tabular(name, "COMPAS two-year recidivism, sensitive race, 80/20 split",
                        data::load_compas(existing_file(data_dir, "compas/compas-scores-two-years.csv"),
                                          {.sensitive = data::CompasSensitive::Race,
                                           .sensitive_as_feature = false,
                                           .fractions = kTrainTest,
                                           .seed = seed}));
  }
  if (name == "german") {
    return from_tabular(name, "German credit, sensitive sex, 80/20 split",
                        data::load_german(existing_file(data_dir, "german/german.data"),
                                          {.sensitive = data::GermanSensitive::Sex,
                                           .sensitive_as_feature = false,
                                           .fractions = kTrainTest,
                                           .seed = seed}));
  }
  if (name == "celeba") {
    data::DatasetSplit split =
        data::load_celeba(existing_file(data_dir, "celeba_attrs/list_attr_celeba.txt.gz"),
                          existing_file(data_dir, "celeba_attrs/list_eval_partition.txt.gz"));
    return {name,
            "CelebA attributes, label Attractive from the other 38, sensitive Male, official train / test",
            std::move(split.train), std::move(split.test)};
  }
  std::string known;
  for (const std::string& n : dataset_names()) known += (known.empty() ? "" : ", ") + n;
  PARITY_CHECK(false, "load_dataset(): unknown dataset '", name, "', expected one of ", known);
  return {};
}

}  // namespace parity::cli
