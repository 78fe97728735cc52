// Lookup of an enumerator by its name in a fixed table, shared by the name-parsing functions of
// the constraint, surrogate and method options. An unknown name is an input error listing the
// known names.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "tensor/check.h"

namespace parity::fairness::detail {

template <class T>
struct NameEntry {
  const char* name;
  T value;
};

/// `caller` and `what` prefix the error, e.g. "parse_method(): unknown method name".
template <class T>
T parse_name(std::span<const NameEntry<T>> table, std::string_view name, const char* caller, const char* what) {
  for (const NameEntry<T>& entry : table) {
    if (name == entry.name) return entry.value;
  }
  std::string known;
  for (const NameEntry<T>& entry : table) known += (known.empty() ? "" : ", ") + std::string(entry.name);
  PARITY_CHECK(false, caller, ": unknown ", what, " '", std::string(name), "', expected one of: ", known);
  return table.front().value;
}

template <class T>
const char* name_of(std::span<const NameEntry<T>> table, T value) {
  for (const NameEntry<T>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  PARITY_CHECK(false, "internal error: enumerator ", static_cast<int>(value), " has no name");
  return "";
}

}  // namespace parity::fairness::detail
