// The load pipeline shared by every built-in tabular dataset.
#include "data/tabular.h"

#include <ostream>
#include <utility>

#include "tensor/check.h"

namespace parity::data {

std::ostream& operator<<(std::ostream& out, const LoadReport& report) {
  for (const TableReport& t : report.tables) {
    out << t.source << ": " << t.rows_read << " rows read";
    for (const FilterCount& f : t.filtered) out << ", " << f.removed << " removed by " << f.filter;
    out << ", " << t.dropped_missing << " dropped for missing values, " << t.rows_kept << " kept\n";
  }
  out << "unseen categories: " << report.validation.unseen_total() << " in validation, "
      << report.test.unseen_total() << " in test\n";
  for (const auto& [part, unseen] : {std::pair{"validation", &report.validation}, std::pair{"test", &report.test}}) {
    for (const UnseenCategory& u : unseen->unseen) out << "  " << part << " " << u.column << "=" << u.value << ": " << u.count << "\n";
  }
  return out;
}

namespace {

std::vector<Index> pick(const std::vector<Index>& rows, const std::vector<Index>& positions) {
  std::vector<Index> out;
  out.reserve(positions.size());
  for (Index p : positions) out.push_back(rows[static_cast<std::size_t>(p)]);
  return out;
}

SplitIndices split_selection(const RawTable& table, const RowSelection& selection, const Schema& schema,
                             const SplitFractions& fractions, Rng& rng) {
  const std::vector<Index> y = map_values(table, selection.rows, schema.label);
  const std::vector<Index> s = map_values(table, selection.rows, schema.sensitive);
  const SplitIndices positions = stratified_split_indices(y, s, fractions, rng);
  return {pick(selection.rows, positions.train), pick(selection.rows, positions.validation),
          pick(selection.rows, positions.test)};
}

}  // namespace

TabularData load_split(const RawTable& table, const Schema& schema, const SplitFractions& fractions, Rng& rng) {
  const RowSelection selection = select_rows(table, schema);
  const SplitIndices parts = split_selection(table, selection, schema, fractions, rng);
  TabularData out;
  out.preprocessor = Preprocessor::fit(table, parts.train, schema);
  out.train = out.preprocessor.transform(table, parts.train);
  out.validation = out.preprocessor.transform(table, parts.validation, &out.report.validation);
  out.test = out.preprocessor.transform(table, parts.test, &out.report.test);
  out.report.tables.push_back(selection.report);
  return out;
}

TabularData load_train_test(const RawTable& train, const RawTable& test, const Schema& schema,
                            double validation_fraction, Rng& rng) {
  PARITY_CHECK(validation_fraction >= 0 && validation_fraction < 1, "load_train_test(): validation_fraction ",
               validation_fraction, " is not in [0, 1)");
  const RowSelection train_selection = select_rows(train, schema);
  const RowSelection test_selection = select_rows(test, schema);
  const SplitIndices parts = split_selection(train, train_selection, schema,
                                             {1.0 - validation_fraction, validation_fraction, 0.0}, rng);
  TabularData out;
  out.preprocessor = Preprocessor::fit(train, parts.train, schema);
  out.train = out.preprocessor.transform(train, parts.train);
  out.validation = out.preprocessor.transform(train, parts.validation, &out.report.validation);
  out.test = out.preprocessor.transform(test, test_selection.rows, &out.report.test);
  out.report.tables.push_back(train_selection.report);
  out.report.tables.push_back(test_selection.report);
  return out;
}

}  // namespace parity::data
