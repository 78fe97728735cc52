// Tests of error paths compare the message of the parity::Error a call throws.
#pragma once

#include <string>

#include "tensor/check.h"

namespace parity::testing {

/// The message of the parity::Error that f() throws, or "<no parity::Error thrown>".
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no parity::Error thrown>";
}

}  // namespace parity::testing
