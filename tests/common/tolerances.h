// Every tolerance of the derivative checks, in one place. Errors are measured as
// max|a - b| / max(1, max|b|). Central differences in float64 with step h = 1e-5 on inputs
// and directions of order one have truncation error ~h^2 |f'''| ~ 1e-10 and rounding error
// ~eps |f| / h ~ 1e-11; a wrong rule gives errors of order one. Measured over the op table
// (3 seeds): finite-difference errors <= 2.1e-9, adjoint <= 1.8e-15, symmetry <= 2.2e-16,
// while a deliberately broken second-order rule gave errors 0.3 to 2.
#pragma once

namespace parity::testing {

struct Tolerances {
  double value = 1e-12;            ///< forward value vs the tensor-level function
  double adjoint = 1e-12;          ///< <w, J v> vs <J^T w, v>: exact up to rounding
  double finite_difference = 1e-7; ///< JVP, VJP tangent and Hessian vs central differences
  double symmetry = 1e-12;         ///< |H - H^T| / max(1, |H|)
  double step = 1e-5;              ///< central-difference step h
};

inline constexpr Tolerances kTolerances{};

}  // namespace parity::testing
