// Building, flattening and printing a FairnessReport; the gaps are those of kGaps (gaps.h), in
// its order.
#include "fairness/report.h"

#include <algorithm>
#include <iomanip>
#include <iterator>
#include <sstream>
#include <utility>

#include "tensor/check.h"

namespace parity::fairness {
namespace {

constexpr const char* kRateHeaders[] = {"select", "TPR", "FPR", "PPV", "NPV", "FOR", "acc"};
static_assert(std::size(kRateHeaders) == std::size(kAllRates));

void add_confusion_records(std::vector<MetricRecord>& records, const Confusion& c, std::optional<int> group) {
  const std::pair<const char*, Index> counts[] = {
      {"count", c.count()}, {"tn", c.tn}, {"fp", c.fp}, {"fn", c.fn}, {"tp", c.tp}};
  for (const auto& [name, count] : counts) {
    records.push_back({name, group, static_cast<double>(count), {}});
  }
  for (RateKind kind : kAllRates) {
    records.push_back({rate_name(kind), group, rate(c, kind).to_optional(), {}});
  }
}

std::string fixed(std::optional<double> value, int precision) {
  if (!value) return "undef";
  std::ostringstream out;
  out << std::fixed << std::setprecision(precision) << *value;
  return out.str();
}

std::string group_list(const std::vector<int>& groups) {
  if (groups.empty()) return "-";
  std::ostringstream out;
  for (std::size_t i = 0; i < groups.size(); ++i) out << (i ? "," : "") << groups[i];
  return out.str();
}

// Rows of cells in aligned columns: the first `left` columns left-aligned, the rest right.
void render(std::ostringstream& out, const std::vector<std::vector<std::string>>& rows, std::size_t left) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t j = 0; j < row.size(); ++j) widths[j] = std::max(widths[j], row[j].size());
  }
  for (const auto& row : rows) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      out << (j ? "  " : "") << (j < left ? std::left : std::right) << std::setw(static_cast<int>(widths[j]))
          << row[j];
    }
    out << '\n';
  }
}

std::vector<std::string> confusion_row(std::string label, const Confusion& c, int precision) {
  std::vector<std::string> row = {std::move(label),     std::to_string(c.count()), std::to_string(c.tn),
                                  std::to_string(c.fp), std::to_string(c.fn),      std::to_string(c.tp)};
  for (RateKind kind : kAllRates) row.push_back(fixed(rate(c, kind).to_optional(), precision));
  return row;
}

}  // namespace

FairnessReport fairness_report(std::vector<Confusion> groups) {
  PARITY_CHECK(groups.size() >= 2, "fairness_report(): the gaps need at least two groups, found ",
               groups.size());
  FairnessReport r;
  r.overall = total(groups);
  for (std::size_t i = 0; i < kGapCount; ++i) r.gaps[i] = kGaps[i].compute(groups);
  r.groups = std::move(groups);
  return r;
}

std::vector<MetricRecord> to_records(const FairnessReport& report) {
  std::vector<MetricRecord> records;
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    add_confusion_records(records, report.groups[g], static_cast<int>(g));
  }
  add_confusion_records(records, report.overall, std::nullopt);
  for (std::size_t i = 0; i < kGapCount; ++i) {
    const Disparity& d = report.gaps[i];
    records.push_back({kGaps[i].name, std::nullopt, d.value, d.skipped_groups});
  }
  return records;
}

std::string to_string(const FairnessReport& report, int precision) {
  PARITY_CHECK(precision >= 1 && precision <= 17, "to_string(FairnessReport): precision = ", precision,
               " is outside [1, 17]");
  std::vector<std::vector<std::string>> rates = {{"group", "n", "TN", "FP", "FN", "TP"}};
  rates.front().insert(rates.front().end(), std::begin(kRateHeaders), std::end(kRateHeaders));
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    rates.push_back(confusion_row(std::to_string(g), report.groups[g], precision));
  }
  rates.push_back(confusion_row("overall", report.overall, precision));

  std::vector<std::vector<std::string>> gaps = {
      {"gap over groups", "criterion", "value", "max at", "min at", "skipped"}};
  for (std::size_t i = 0; i < kGapCount; ++i) {
    const Disparity& d = report.gaps[i];
    const auto at = [&d](int g) { return d.defined() ? std::to_string(g) : std::string("-"); };
    gaps.push_back({kGaps[i].name, kGaps[i].criterion, fixed(d.value, precision), at(d.max_group), at(d.min_group),
                    group_list(d.skipped_groups)});
  }

  std::ostringstream out;
  render(out, rates, 1);
  out << "select = P(yhat=1), TPR = P(yhat=1|y=1), FPR = P(yhat=1|y=0), PPV = P(y=1|yhat=1),\n"
         "NPV = P(y=0|yhat=0), FOR = P(y=1|yhat=0), acc = P(yhat=y); undef = empty cell\n\n";
  render(out, gaps, 2);
  out << "difference = max - min over the groups defining the rate, ratio = min / max\n";
  return out.str();
}

}  // namespace parity::fairness
