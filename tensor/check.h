// Error reporting for the whole library: parity::Error and the checking macros.
// Every message starts with the function name and shows the offending values, e.g.
//   matmul(): inner dimensions differ: [3,4] vs [5,2]
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace parity {

/// The one exception type thrown for bad input, failed numerical routines and broken
/// invariants. Nothing in parity aborts the host program.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

namespace detail {

template <class... Parts>
[[noreturn]] void throw_error(Parts&&... parts) {
  std::ostringstream message;
  (message << ... << std::forward<Parts>(parts));
  throw Error(message.str());
}

}  // namespace detail
}  // namespace parity

/// PARITY_CHECK(cond, "fn(): what went wrong: ", value, " vs ", other) throws parity::Error
/// built from the streamed parts when cond is false.
#define PARITY_CHECK(cond, ...)                  \
  do {                                           \
    if (!(cond)) {                               \
      ::parity::detail::throw_error(__VA_ARGS__); \
    }                                            \
  } while (false)

/// Internal invariant; a failure is a bug in parity, reported as parity::Error.
#define PARITY_ASSERT(cond) \
  PARITY_CHECK(cond, "internal error: ", #cond, " (", __FILE__, ":", __LINE__, ")")
