#include "reference_setups.h"

#include <cmath>
#include <string>
#include <utility>

#include "data/adult.h"
#include "data/csv.h"
#include "data/unfair2d.h"
#include "tensor/check.h"
#include "tensor/random.h"

namespace parity::cli {

namespace {

constexpr Index kAdultTrainRows = 10000;
constexpr double kLsatTrainShare = 0.8;

std::filesystem::path existing(const std::filesystem::path& data_dir, const std::string& relative) {
  const std::filesystem::path path = data_dir / relative;
  PARITY_CHECK(std::filesystem::is_regular_file(path), "load_reference_setup(): file ", path.string(),
               " not found (set --data-dir or PARITY_DATA_DIR to the folder holding ", relative, ")");
  return path;
}

double number(const data::RawTable& table, Index row, Index column) {
  const std::string& cell = table.cell(row, column);
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(cell, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  PARITY_CHECK(used == cell.size() && used > 0 && std::isfinite(value), "load_reference_setup(): ", table.where(row),
               ": ", table.describe_column(column), ": expected a number, got '", cell, "'");
  return value;
}

// Standardises the columns of X [n, d] in place with (mean, sample standard deviation) of the
// rows of `from` [m, d] (torch's std, divisor m - 1).
void standardise(Tensor& X, const Tensor& from) {
  const Index d = from.size(1);
  const Index m = from.size(0);
  for (Index j = 0; j < d; ++j) {
    double sum = 0.0;
    for (Index i = 0; i < m; ++i) sum += from.data()[i * d + j];
    const double mu = sum / static_cast<double>(m);
    double squares = 0.0;
    for (Index i = 0; i < m; ++i) squares += (from.data()[i * d + j] - mu) * (from.data()[i * d + j] - mu);
    const double sd = std::sqrt(squares / static_cast<double>(m - 1));
    PARITY_CHECK(sd > 0.0, "load_reference_setup(): feature ", j, " is constant");
    for (Index i = 0; i < X.size(0); ++i) X.data()[i * d + j] = (X.data()[i * d + j] - mu) / sd;
  }
}

// Rows [first, end) of an Adult file: X of the five continuous columns, y = 1 for '<=50K',
// s = 1 for Male.
data::Dataset adult_rows(const data::RawTable& table, Index first) {
  const char* features[] = {"age", "education-num", "capital-gain", "capital-loss", "hours-per-week"};
  const Index n = table.num_rows() - first;
  data::Dataset out;
  out.X = Tensor(Shape{n, 5});
  out.y = Tensor(Shape{n});
  out.s = Tensor(Shape{n});
  const Index income = table.column_index("income", "load_reference_setup()");
  const Index sex = table.column_index("sex", "load_reference_setup()");
  for (Index j = 0; j < 5; ++j) {
    const Index column = table.column_index(features[j], "load_reference_setup()");
    for (Index i = 0; i < n; ++i) out.X.data()[i * 5 + j] = number(table, first + i, column);
    out.feature_names.emplace_back(features[j]);
  }
  for (Index i = 0; i < n; ++i) {
    const std::string& label = table.cell(first + i, income);
    out.y.data()[i] = label == "<=50K" || label == "<=50K." ? 1.0 : 0.0;
    out.s.data()[i] = table.cell(first + i, sex) == "Male" ? 1.0 : 0.0;
  }
  out.class_names = {">50K", "<=50K"};
  out.group_names = {"Female", "Male"};
  return out;
}

NamedData reference_adult(const std::filesystem::path& data_dir) {
  const data::RawTable train_table = data::read_csv(existing(data_dir, "adult/adult.data"), data::adult_csv_options());
  const data::RawTable test_table = data::read_csv(existing(data_dir, "adult/adult.test"), data::adult_csv_options());
  data::Dataset all = adult_rows(train_table, 1);
  data::Dataset test = adult_rows(test_table, 1);
  const Tensor raw = all.X.clone();
  standardise(all.X, raw);
  standardise(test.X, raw);
  PARITY_CHECK(all.size() > kAdultTrainRows, "load_reference_setup(): adult.data has only ", all.size(), " rows");
  std::vector<Index> first(static_cast<std::size_t>(kAdultTrainRows));
  for (Index i = 0; i < kAdultTrainRows; ++i) first[static_cast<std::size_t>(i)] = i;
  return {"adult",
          "UCI Adult as the reference selects it: five continuous features, first 10,000 rows of adult.data "
          "after its first row, label 1 = '<=50K', sensitive sex, adult.test without its first row",
          all.subset(first), data::Dataset{}, std::move(test)};
}

NamedData reference_lsat(const std::filesystem::path& data_dir, std::uint64_t seed) {
  const data::RawTable table = data::read_csv(existing(data_dir, "lsat/bar_pass_prediction.csv"));
  const Index lsat = table.column_index("lsat", "load_reference_setup()");
  const Index ugpa = table.column_index("ugpa", "load_reference_setup()");
  const Index pass = table.column_index("pass_bar", "load_reference_setup()");
  const Index race = table.column_index("race1", "load_reference_setup()");
  const Index n = table.num_rows();
  data::Dataset all;
  all.X = Tensor(Shape{n, 2});
  all.y = Tensor(Shape{n});
  all.s = Tensor(Shape{n});
  std::vector<Index> cells[2][2];
  for (Index i = 0; i < n; ++i) {
    all.X.data()[2 * i] = number(table, i, lsat);
    all.X.data()[2 * i + 1] = number(table, i, ugpa);
    const double y = number(table, i, pass);
    PARITY_CHECK(y == 0.0 || y == 1.0, "load_reference_setup(): ", table.where(i), ": pass_bar is not 0 or 1");
    all.y.data()[i] = y;
    all.s.data()[i] = table.cell(i, race) == "white" ? 1.0 : 0.0;
    cells[static_cast<int>(y)][table.cell(i, race) == "white" ? 1 : 0].push_back(i);
  }
  all.feature_names = {"lsat", "ugpa"};
  all.class_names = {"failed", "passed"};
  all.group_names = {"non-white", "white"};
  std::size_t smallest = cells[0][0].size();
  for (const auto& row : cells) {
    for (const auto& cell : row) smallest = std::min(smallest, cell.size());
  }
  const auto n_train = static_cast<std::size_t>(std::floor(kLsatTrainShare * static_cast<double>(smallest)));
  const std::size_t n_test = smallest - n_train;
  PARITY_CHECK(n_train > 0 && n_test > 0, "load_reference_setup(): the smallest (pass_bar, race) cell of ",
               table.source, " has only ", smallest, " rows");
  Rng rng(seed);
  std::vector<Index> train_rows;
  std::vector<Index> test_rows;
  for (const auto& row : cells) {
    for (const auto& cell : row) {
      const std::vector<Index> order = rng.permutation(static_cast<Index>(cell.size()));
      for (std::size_t k = 0; k < n_train + n_test; ++k) {
        (k < n_train ? train_rows : test_rows).push_back(cell[static_cast<std::size_t>(order[k])]);
      }
    }
  }
  data::Dataset train = all.subset(train_rows);
  data::Dataset test = all.subset(test_rows);
  const Tensor raw = train.X.clone();
  standardise(train.X, raw);
  standardise(test.X, raw);
  return {"lsat",
          "LSAT as the reference selects it: lsat and ugpa, sensitive race (white / other), " +
              std::to_string(n_train) + " training rows from each (pass_bar, race) cell, " + std::to_string(n_test) +
              " held-out test rows from each",
          std::move(train), data::Dataset{}, std::move(test)};
}

}  // namespace

const std::vector<std::string>& setup_names() {
  static const std::vector<std::string> names{"ours", "reference"};
  return names;
}

NamedData load_reference_setup(const std::string& name, const std::filesystem::path& data_dir, std::uint64_t seed) {
  if (name == "unfair2d") {
    Rng rng(seed);
    data::Dataset train = data::make_unfair2d({.n = 200}, rng);
    data::Dataset test = data::make_unfair2d({.n = 50}, rng);
    return {name, "Unfair2D as the reference draws it: 200 training and 50 test points, groups A/B", std::move(train),
            data::Dataset{}, std::move(test)};
  }
  if (name == "adult") return reference_adult(data_dir);
  if (name == "lsat") return reference_lsat(data_dir, seed);
  PARITY_CHECK(false, "load_reference_setup(): no reference set-up for '", name,
               "', expected one of unfair2d, adult, lsat");
  return {};
}

}  // namespace parity::cli
