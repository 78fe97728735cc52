// The Method base (eta schedule, inner steps) and construction by name.
#include "fairness/method.h"

#include <cmath>

#include "autograd/functional.h"
#include "fairness/fairalm.h"
#include "fairness/lagrangian.h"
#include "fairness/name_table.h"
#include "fairness/penalties.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

enum class MethodKind { FairAlm, FairAlmReleased, None, L2, Reweight, Lagrangian, ProxyLagrangian };

constexpr detail::NameEntry<MethodKind> kMethodNames[] = {
    {"fairalm", MethodKind::FairAlm},
    {"fairalm-released", MethodKind::FairAlmReleased},
    {"none", MethodKind::None},
    {"l2", MethodKind::L2},
    {"reweight", MethodKind::Reweight},
    {"lagrangian", MethodKind::Lagrangian},
    {"proxy-lagrangian", MethodKind::ProxyLagrangian},
};

}  // namespace

Method::Method(const MethodOptions& options, bool uses_eta, double default_growth, int default_inner_steps)
    : eta_(options.eta),
      growth_(options.eta_growth.value_or(default_growth)),
      inner_steps_(options.inner_steps.value_or(default_inner_steps)) {
  PARITY_CHECK(!uses_eta || (std::isfinite(eta_) && eta_ > 0.0), "make_method(): eta must be positive and finite, got ",
               eta_);
  PARITY_CHECK(std::isfinite(growth_) && growth_ > 0.0, "make_method(): eta_growth must be positive and finite, got ",
               growth_);
  PARITY_CHECK(inner_steps_ >= 1, "make_method(): inner_steps must be at least 1, got ", inner_steps_);
}

void Method::begin_epoch(int) { eta_ *= growth_; }

void Method::update(const BatchTerms&, const Measure&) {}

std::unique_ptr<Method> make_method(std::string_view name, const MethodOptions& options) {
  switch (detail::parse_name<MethodKind>(kMethodNames, name, "make_method()", "method name")) {
    case MethodKind::FairAlm:
      return std::make_unique<FairAlm>(options);
    case MethodKind::FairAlmReleased:
      return std::make_unique<FairAlmReleased>(options);
    case MethodKind::None:
      return std::make_unique<Unconstrained>(options);
    case MethodKind::L2:
      return std::make_unique<L2Penalty>(options);
    case MethodKind::Reweight:
      return std::make_unique<Reweighing>(options);
    case MethodKind::Lagrangian:
      return std::make_unique<Lagrangian>(options);
    case MethodKind::ProxyLagrangian:
      return std::make_unique<ProxyLagrangian>(options);
  }
  return nullptr;
}

std::vector<std::string> method_names() {
  std::vector<std::string> out;
  for (const auto& entry : kMethodNames) out.emplace_back(entry.name);
  return out;
}

Var mean_loss(const BatchTerms& terms) { return mean(terms.losses); }

}  // namespace parity::fairness
