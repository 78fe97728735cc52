// Lagrangian gradient descent-ascent and the proxy-Lagrangian with a stochastic matrix.
#include "fairness/lagrangian.h"

#include <algorithm>
#include <cmath>

#include "autograd/functional.h"
#include "tensor/check.h"

namespace parity::fairness {

namespace {

std::vector<std::string> inequality_names(const std::vector<std::string>& constraints, const char* prefix) {
  std::vector<std::string> out;
  for (const std::string& n : constraints) {
    out.push_back(std::string(prefix) + "[" + n + " <= eps]");
    out.push_back(std::string(prefix) + "[-(" + n + ") <= eps]");
  }
  return out;
}

std::vector<double> slacks(const ConstraintSet& constraints) {
  std::vector<double> out;
  for (const RateConstraint& c : constraints.constraints) out.push_back(c.slack);
  return out;
}

}  // namespace

Lagrangian::Lagrangian(const MethodOptions& options) : Method(options, true, 1.0, 1) {}

void Lagrangian::start(const ConstraintSet& constraints, const data::Dataset&) {
  lambda_.assign(2 * constraints.size(), 0.0);
  slack_ = slacks(constraints);
  names_ = constraints.names();
}

Var Lagrangian::objective(const BatchTerms& terms) {
  PARITY_CHECK(2 * terms.constraints.size() == lambda_.size(), "lagrangian: ", terms.constraints.size(),
               " constraint terms for ", lambda_.size() / 2, " constraints (call start() first)");
  Var j = mean_loss(terms);
  for (std::size_t k = 0; k < slack_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    j = j + term->value * (lambda_[2 * k] - lambda_[2 * k + 1]);
  }
  return j;
}

void Lagrangian::update(const BatchTerms& terms, const Measure&) {
  for (std::size_t k = 0; k < slack_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    const double c = term->value.value().item();
    lambda_[2 * k] = std::max(0.0, lambda_[2 * k] + eta_ * (c - slack_[k]));
    lambda_[2 * k + 1] = std::max(0.0, lambda_[2 * k + 1] + eta_ * (-c - slack_[k]));
  }
}

std::vector<std::string> Lagrangian::multiplier_names() const { return inequality_names(names_, "lambda"); }

ProxyLagrangian::ProxyLagrangian(const MethodOptions& options)
    : Method(options, true, 1.0, 1), radius_(options.minimum_multiplier_radius) {
  PARITY_CHECK(radius_ > 0.0 && radius_ < 1.0, "proxy-lagrangian: minimum_multiplier_radius must be in (0, 1), got ",
               radius_);
}

void ProxyLagrangian::start(const ConstraintSet& constraints, const data::Dataset&) {
  slack_ = slacks(constraints);
  names_ = constraints.names();
  const Index d = 2 * static_cast<Index>(constraints.size()) + 1;
  const double small = radius_ / static_cast<double>(d);
  Tensor m(Shape{d, d});
  for (Index r = 0; r < d; ++r) {
    for (Index c = 0; c < d; ++c) m.data()[r * d + c] = std::log(r == 0 ? 1.0 - small * static_cast<double>(d - 1) : small);
  }
  log_matrix_ = m;
}

Tensor ProxyLagrangian::matrix() const {
  Tensor m = log_matrix_.clone();
  for (double& v : m) v = std::exp(v);
  return m;
}

void ProxyLagrangian::set_matrix(const Tensor& m) {
  PARITY_CHECK(log_matrix_.defined() && m.shape() == log_matrix_.shape(), "ProxyLagrangian::set_matrix(): shape ",
               m.shape(), ", expected ", log_matrix_.defined() ? log_matrix_.shape() : Shape{});
  Tensor log_m = m.clone();
  for (double& v : log_m) {
    PARITY_CHECK(v > 0.0 && std::isfinite(v), "ProxyLagrangian::set_matrix(): entries must be positive, got ", v);
    v = std::log(v);
  }
  log_matrix_ = log_m;
}

Var ProxyLagrangian::objective(const BatchTerms& terms) {
  PARITY_CHECK(terms.constraints.size() == slack_.size() && log_matrix_.defined(), "proxy-lagrangian: ",
               terms.constraints.size(), " constraint terms for ", slack_.size(), " constraints (call start() first)");
  const std::vector<double> p = stationary_distribution(matrix());
  Var j = mean_loss(terms) * p[0];
  for (std::size_t k = 0; k < slack_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    j = j + (term->value - slack_[k]) * p[2 * k + 1] + (-term->value - slack_[k]) * p[2 * k + 2];
  }
  return j;
}

void ProxyLagrangian::update(const BatchTerms& terms, const Measure&) {
  const std::vector<double> p = stationary_distribution(matrix());
  const Index d = log_matrix_.size(0);
  std::vector<double> h(static_cast<std::size_t>(d), 0.0);
  for (std::size_t k = 0; k < slack_.size(); ++k) {
    const auto& term = terms.constraints[k];
    if (!term) continue;
    h[2 * k + 1] = term->hard - slack_[k];
    h[2 * k + 2] = -term->hard - slack_[k];
  }
  double* lm = log_matrix_.data();
  const double floor = std::log(radius_ / static_cast<double>(d));
  for (Index c = 0; c < d; ++c) {
    double top = -INFINITY;
    for (Index r = 0; r < d; ++r) {
      lm[r * d + c] += eta_ * h[static_cast<std::size_t>(r)] * p[static_cast<std::size_t>(c)];
      top = std::max(top, lm[r * d + c]);
    }
    double total = 0.0;
    for (Index r = 0; r < d; ++r) total += std::exp(lm[r * d + c] - top);
    const double log_total = top + std::log(total);
    for (Index r = 0; r < d; ++r) lm[r * d + c] = std::max(lm[r * d + c] - log_total, floor);
  }
}

std::vector<double> ProxyLagrangian::multipliers() const {
  return log_matrix_.defined() ? stationary_distribution(matrix()) : std::vector<double>{};
}

std::vector<std::string> ProxyLagrangian::multiplier_names() const {
  std::vector<std::string> out{"p[objective]"};
  for (const std::string& n : inequality_names(names_, "p")) out.push_back(n);
  return out;
}

std::vector<double> stationary_distribution(const Tensor& m) {
  PARITY_CHECK(m.shape().rank() == 2 && m.size(0) == m.size(1) && m.size(0) >= 1,
               "stationary_distribution(): expected a square matrix, got shape ", m.shape());
  const Index d = m.size(0);
  std::vector<double> p(static_cast<std::size_t>(d), 1.0 / static_cast<double>(d));
  std::vector<double> next(p.size());
  for (int it = 0; it < 10000; ++it) {
    double total = 0.0;
    for (Index r = 0; r < d; ++r) {
      double v = 0.0;
      for (Index c = 0; c < d; ++c) v += m.data()[r * d + c] * p[static_cast<std::size_t>(c)];
      next[static_cast<std::size_t>(r)] = v;
      total += v;
    }
    double change = 0.0;
    for (std::size_t r = 0; r < p.size(); ++r) {
      next[r] /= total;
      change += std::abs(next[r] - p[r]);
    }
    p.swap(next);
    if (change < 1e-15) break;
  }
  return p;
}

}  // namespace parity::fairness
