// Constraint sets of a kind over G groups, and the rows of a rate.
#include "fairness/constraints.h"

#include <cmath>
#include <iterator>

#include "fairness/name_table.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

constexpr detail::NameEntry<ConstraintKind> kKindNames[] = {
    {"equal-opportunity", ConstraintKind::EqualOpportunity},
    {"false-positive-rate", ConstraintKind::FalsePositiveRate},
    {"equalized-odds", ConstraintKind::EqualizedOdds},
    {"demographic-parity", ConstraintKind::DemographicParity},
    {"accuracy-parity", ConstraintKind::AccuracyParity},
};

constexpr detail::NameEntry<Comparison> kComparisonNames[] = {
    {"group-vs-all", Comparison::GroupVsAll},
    {"pairwise", Comparison::Pairwise},
};

/// One compared rate: its short name, event and label cell.
struct RateOf {
  const char* name;
  Event event;
  int label;
};

std::vector<RateOf> rates_of(ConstraintKind kind) {
  const RateOf tpr{"tpr", Event::PositivePrediction, 1};
  const RateOf fpr{"fpr", Event::PositivePrediction, 0};
  switch (kind) {
    case ConstraintKind::EqualOpportunity:
      return {tpr};
    case ConstraintKind::FalsePositiveRate:
      return {fpr};
    case ConstraintKind::EqualizedOdds:
      return {tpr, fpr};
    case ConstraintKind::DemographicParity:
      return {{"selection", Event::PositivePrediction, kAnyLabel}};
    case ConstraintKind::AccuracyParity:
      return {{"accuracy", Event::CorrectPrediction, kAnyLabel}};
  }
  return {};
}

std::string group_label(int group) { return group == kAllGroups ? "all" : std::to_string(group); }

}  // namespace

std::vector<std::string> ConstraintSet::names() const {
  std::vector<std::string> out;
  for (const RateConstraint& c : constraints) out.push_back(c.name);
  return out;
}

ConstraintSet make_constraints(const ConstraintOptions& options, int num_groups) {
  PARITY_CHECK(num_groups >= 2, "make_constraints(): a fairness constraint needs at least 2 groups, got ",
               num_groups);
  PARITY_CHECK(std::isfinite(options.slack) && options.slack >= 0.0,
               "make_constraints(): slack must be finite and >= 0, got ", options.slack);
  ConstraintSet set;
  set.num_groups = num_groups;
  for (const RateOf& rate : rates_of(options.kind)) {
    auto add = [&](int a, int b) {
      const std::string r(rate.name);
      set.constraints.push_back({r + "[" + group_label(a) + "]-" + r + "[" + group_label(b) + "]", rate.event,
                                 rate.label, a, b, options.slack});
    };
    for (int g = 0; g < num_groups; ++g) {
      if (options.comparison == Comparison::GroupVsAll) {
        add(g, kAllGroups);
      } else {
        for (int h = g + 1; h < num_groups; ++h) add(g, h);
      }
    }
  }
  return set;
}

const char* constraint_kind_name(ConstraintKind kind) { return detail::name_of<ConstraintKind>(kKindNames, kind); }

ConstraintKind parse_constraint_kind(std::string_view name) {
  return detail::parse_name<ConstraintKind>(kKindNames, name, "parse_constraint_kind()", "constraint name");
}

const char* comparison_name(Comparison comparison) {
  return detail::name_of<Comparison>(kComparisonNames, comparison);
}

Comparison parse_comparison(std::string_view name) {
  return detail::parse_name<Comparison>(kComparisonNames, name, "parse_comparison()", "comparison name");
}

std::vector<Index> rate_rows(const Tensor& y, const Tensor& s, int label, int group) {
  PARITY_CHECK(y.numel() == s.numel(), "rate_rows(): ", y.numel(), " labels but ", s.numel(), " group ids");
  std::vector<Index> rows;
  for (Index i = 0; i < y.numel(); ++i) {
    const bool label_ok = label == kAnyLabel || y.data()[i] == label;
    const bool group_ok = group == kAllGroups || s.data()[i] == group;
    if (label_ok && group_ok) rows.push_back(i);
  }
  return rows;
}

}  // namespace parity::fairness
