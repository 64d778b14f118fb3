#pragma once
// The built-in functions of the expression language and their arities.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "ghaplay/value.h"

namespace ghaplay::expr {

// What a built-in sees of the evaluation: the memory it may use and where a failure goes.
// Failures are values, not exceptions: in WebAssembly one throw costs more than a short evaluation.
struct CallState {
  // GitHub bounds the memory one evaluation may use; we count the strings functions build, two
  // bytes a character as .NET stores them. The evaluator compares the total with the limit.
  std::size_t memory_used = 0;
  std::size_t memory_limit = 0;
  bool failed = false;
  std::string message;  // GitHub's text, when failed

  Value fail(std::string text) {
    failed = true;
    message = std::move(text);
    return Value();
  }
};

struct BuiltinFunction {
  const char* name;  // lower case
  int min_args;
  int max_args;
  // A failure is reported through state.fail(); the value returned is then ignored.
  Value (*call)(std::span<const Value> args, CallState& state);
};

// Finds a built-in by its lower-case name; null when there is none.
const BuiltinFunction* find_builtin(std::string_view lower_name);

}  // namespace ghaplay::expr
