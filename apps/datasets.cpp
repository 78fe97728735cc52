#include "datasets.h"

#include <cmath>
#include <cstdlib>
#include <ostream>

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

// The tables without an official test file keep 20 % for testing; the validation part is cut
// from the other 80 %.
constexpr double kTestShare = 0.2;

data::SplitFractions split_fractions(double validation_fraction) {
  const double rest = 1.0 - kTestShare;
  return {.train = rest * (1.0 - validation_fraction), .validation = rest * validation_fraction, .test = kTestShare};
}

std::filesystem::path existing_file(const std::filesystem::path& data_dir, const std::string& relative) {
  const std::filesystem::path path = data_dir / relative;
  PARITY_CHECK(std::filesystem::is_regular_file(path), "load_dataset(): file ", path.string(),
               " not found (set --data-dir or PARITY_DATA_DIR to the folder holding ", relative, ")");
  return path;
}

NamedData from_tabular(std::string name, std::string description, data::TabularData&& tabular) {
  return {std::move(name), std::move(description), std::move(tabular.train), std::move(tabular.validation),
          std::move(tabular.test)};
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The index of `options.sensitive` in sensitive_names(name) (0, the default, when empty).
std::size_t sensitive_choice(const std::string& name, const LoadOptions& options) {
  if (options.sensitive.empty()) return 0;
  const std::vector<std::string> known = sensitive_names(name);
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (known[i] == options.sensitive) return i;
  }
  PARITY_CHECK(false, "load_dataset(): unknown sensitive attribute '", options.sensitive, "' for ", name,
               known.empty() ? std::string(", which has fixed groups") : ", expected one of " + joined(known));
  return 0;
}

std::string split_text(double validation_fraction) {
  if (validation_fraction == 0.0) return "80/20 split";
  return "80/20 split, " + std::to_string(static_cast<int>(std::lround(100 * validation_fraction))) +
         " % of the 80 % as validation";
}

NamedData load_adult_variant(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed,
                             const LoadOptions& options) {
  const std::filesystem::path train_file = existing_file(data_dir, "adult/adult.data");
  const std::filesystem::path test_file = existing_file(data_dir, "adult/adult.test");
  const bool race = name == "adult-race" || sensitive_choice(name, options) == 1;
  const bool full = name == "adult-full";
  const std::string description =
      std::string("UCI Adult, ") +
      (full ? "103 features (all, one-hot, the sensitive one included)" : "five continuous features") +
      ", sensitive " + (race ? "race (five groups)" : "sex") + ", official test file" +
      (options.validation_fraction > 0.0
           ? ", " + std::to_string(static_cast<int>(std::lround(100 * options.validation_fraction))) +
                 " % of the training file as validation"
           : "");
  return from_tabular(name, description,
                      data::load_adult(train_file, test_file,
                                       {.sensitive = race ? data::AdultSensitive::RaceGroups : data::AdultSensitive::Sex,
                                        .features = full ? data::AdultFeatures::Full : data::AdultFeatures::Continuous,
                                        .sensitive_as_feature = full,
                                        .validation_fraction = options.validation_fraction,
                                        .seed = seed}));
}

}  // namespace

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("PARITY_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path("..") / "shared" / "data";
}

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names{"unfair2d", "adult",  "adult-race", "adult-full",
                                              "lsat",     "compas", "german",     "celeba"};
  return names;
}

std::vector<std::string> sensitive_names(const std::string& name) {
  if (name == "adult" || name == "adult-full") return {"sex", "race"};
  if (name == "adult-race") return {"race"};
  if (name == "lsat") return {"race", "gender"};
  if (name == "compas") return {"race", "sex"};
  if (name == "german") return {"sex", "age"};
  if (name == "celeba") return {"Male"};
  return {};
}

NamedData load_dataset(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed,
                       const LoadOptions& options) {
  const double v = options.validation_fraction;
  PARITY_CHECK(std::isfinite(v) && v >= 0.0 && v < 1.0, "load_dataset(): the validation fraction must be in [0, 1), got ",
               v);
  PARITY_CHECK(options.label.empty() || name == "celeba", "load_dataset(): a label ('", options.label,
               "') can be chosen only for celeba, not for ", name);
  if (name == "unfair2d") {
    PARITY_CHECK(options.sensitive.empty(), "load_dataset(): unknown sensitive attribute '", options.sensitive,
                 "' for unfair2d, which has fixed groups");
    Rng rng(seed);
    data::Dataset train = data::make_unfair2d({.n = options.unfair2d.train}, rng);
    data::Dataset test = data::make_unfair2d({.n = options.unfair2d.test}, rng);
    data::Dataset validation;
    if (v > 0.0) validation = data::make_unfair2d({.n = options.unfair2d.validation}, rng);
    return {name, "Unfair2D (p1 = p2 = 0.5, alpha = 0.1), groups A/B", std::move(train), std::move(validation),
            std::move(test)};
  }
  if (name == "adult" || name == "adult-race" || name == "adult-full") {
    return load_adult_variant(name, data_dir, seed, options);
  }
  if (name == "lsat") {
    const bool gender = sensitive_choice(name, options) == 1;
    return from_tabular(name,
                        std::string("LSAT bar passage, features lsat and ugpa, sensitive ") +
                            (gender ? "gender" : "race") + ", " + split_text(v),
                        data::load_lsat(existing_file(data_dir, "lsat/bar_pass_prediction.csv"),
                                        {.sensitive = gender ? data::LsatSensitive::Gender : data::LsatSensitive::Race,
                                         .fractions = split_fractions(v),
                                         .seed = seed}));
  }
  if (name == "compas") {
    const bool sex = sensitive_choice(name, options) == 1;
    return from_tabular(name,
                        std::string("COMPAS two-year recidivism, sensitive ") + (sex ? "sex" : "race") + ", " +
                            split_text(v),
                        data::load_compas(existing_file(data_dir, "compas/compas-scores-two-years.csv"),
                                          {.sensitive = sex ? data::CompasSensitive::Sex : data::CompasSensitive::Race,
                                           .sensitive_as_feature = false,
                                           .fractions = split_fractions(v),
                                           .seed = seed}));
  }
  if (name == "german") {
    const bool age = sensitive_choice(name, options) == 1;
    return from_tabular(name, std::string("German credit, sensitive ") + (age ? "age" : "sex") + ", " + split_text(v),
                        data::load_german(existing_file(data_dir, "german/german.data"),
                                          {.sensitive = age ? data::GermanSensitive::Age : data::GermanSensitive::Sex,
                                           .sensitive_as_feature = false,
                                           .fractions = split_fractions(v),
                                           .seed = seed}));
  }
  if (name == "celeba") {
    // Any attribute may give the groups; load_celeba() names the unknown ones.
    const std::string sensitive = options.sensitive.empty() ? "Male" : options.sensitive;
    const std::string label = options.label.empty() ? "Attractive" : options.label;
    data::DatasetSplit split =
        data::load_celeba(existing_file(data_dir, "celeba_attrs/list_attr_celeba.txt.gz"),
                          existing_file(data_dir, "celeba_attrs/list_eval_partition.txt.gz"),
                          {.label = label, .sensitive = sensitive, .sensitive_as_feature = false});
    return {name,
            "CelebA attributes, label " + label + " from the other 38, sensitive " + sensitive +
                ", official train / validation / test",
            std::move(split.train), std::move(split.validation), std::move(split.test)};
  }
  PARITY_CHECK(false, "load_dataset(): unknown dataset '", name, "', expected one of ", joined(dataset_names()));
  return {};
}

std::optional<NamedData> load_dataset_or_skip(const std::string& name, const std::filesystem::path& data_dir,
                                              std::uint64_t seed, const std::string& label, std::ostream& out) {
  try {
    return load_dataset(name, data_dir, seed);
  } catch (const Error& e) {
    out << label << ": skipped (" << e.what() << ")\n\n";
    return std::nullopt;
  }
}

}  // namespace parity::cli
