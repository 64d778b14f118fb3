#pragma once
// The built-in functions of the expression language and their arities.

#include <span>
#include <string_view>

#include "ghaplay/value.h"

namespace ghaplay::expr {

struct BuiltinFunction {
  const char* name;  // lower case
  int min_args;
  int max_args;
  // Evaluation failures are thrown as EvaluationFailure.
  Value (*call)(std::span<const Value> args, std::size_t& memory_used);
};

// Finds a built-in by its lower-case name; null when there is none.
const BuiltinFunction* find_builtin(std::string_view lower_name);

}  // namespace ghaplay::expr
