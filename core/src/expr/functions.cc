// The built-in functions (actions/languageservices expressions/src/funcs/*.ts).
#include "expr/functions.h"

#include <cmath>
#include <string>

#include "common/text.h"
#include "expr/coercion.h"
#include "expr/lexer.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {
namespace {

void charge(CallState& state, const std::string& produced) { state.memory_used += 2 * produced.size(); }

// Appends the value as text (to_display_string) without copying a string first.
void append_display(std::string& out, const Value& value) {
  if (value.is_string()) out += value.as_string();
  else out += to_display_string(value);
}

Value contains(std::span<const Value> args, CallState&) {
  const Value& haystack = args[0];
  const Value& needle = args[1];
  if (haystack.is_primitive()) {
    if (!needle.is_primitive()) return Value(false);
    return Value(text::fold_case(to_display_string(haystack)).find(text::fold_case(to_display_string(needle))) !=
                 std::string::npos);
  }
  if (haystack.is_array()) {
    for (const auto& item : haystack.as_array().items)
      if (values_equal(needle, item)) return Value(true);
  }
  return Value(false);
}

Value starts_with(std::span<const Value> args, CallState&) {
  if (!args[0].is_primitive() || !args[1].is_primitive()) return Value(false);
  return Value(text::to_upper_special(to_display_string(args[0])).starts_with(text::to_upper_special(to_display_string(args[1]))));
}

Value ends_with(std::span<const Value> args, CallState&) {
  if (!args[0].is_primitive() || !args[1].is_primitive()) return Value(false);
  return Value(text::to_upper_special(to_display_string(args[0])).ends_with(text::to_upper_special(to_display_string(args[1]))));
}

// Reads the digits of `{N}` (format specifiers after the digits are ignored, as GitHub does).
bool read_arg_index(const std::string& s, std::size_t start, double& index) {
  std::size_t length = 0;
  while (start + length < s.size() && s[start + length] >= '0' && s[start + length] <= '9') ++length;
  if (length == 0) return false;
  index = decimal_to_double(std::string_view(s).substr(start, length));
  return true;
}

// Reads the format string once to check it and measure the result (failing as GitHub does on the
// first problem), then builds it only if it fits the memory left: a result past the limit fails
// the evaluation anyway, and building it first cost more than the whole rest of the corpus.
Value format(std::span<const Value> args, CallState& state) {
  const std::string fs = to_display_string(args[0]);
  std::size_t length = 0;
  std::string result;
  auto run = [&](auto&& append) -> bool {
    std::size_t index = 0;
    while (index < fs.size()) {
      std::size_t lbrace = fs.find('{', index);
      std::size_t rbrace = fs.find('}', index);
      if (lbrace != std::string::npos && (rbrace == std::string::npos || rbrace > lbrace)) {
        if (lbrace + 1 < fs.size() && fs[lbrace + 1] == '{') {
          append(std::string_view(fs).substr(index, lbrace - index + 1));
          index = lbrace + 2;
          continue;
        }
        double arg = 0;
        if (rbrace != std::string::npos && rbrace > lbrace + 1 && read_arg_index(fs, lbrace + 1, arg)) {
          if (1 + arg > static_cast<double>(args.size()) - 1) {
            state.fail("The following format string references more arguments than were supplied: " + fs);
            return false;
          }
          append(std::string_view(fs).substr(index, lbrace - index));
          const Value& value = args[1 + static_cast<std::size_t>(arg)];
          if (value.is_string()) append(value.as_string());
          else append(to_display_string(value));
          index = rbrace + 1;
          continue;
        }
        state.fail("The following format string is invalid: " + fs);
        return false;
      } else if (rbrace != std::string::npos) {
        if (rbrace + 1 < fs.size() && fs[rbrace + 1] == '}') {
          append(std::string_view(fs).substr(index, rbrace - index + 1));
          index = rbrace + 2;
        } else {
          state.fail("The following format string is invalid: " + fs);
          return false;
        }
      } else {
        append(std::string_view(fs).substr(index));
        break;
      }
    }
    return true;
  };
  if (!run([&](std::string_view piece) { length += piece.size(); })) return Value();
  std::size_t room = state.memory_used <= state.memory_limit ? (state.memory_limit - state.memory_used) / 2 : 0;
  if (length > room) {
    state.memory_used = state.memory_limit + 1;  // the evaluator fails with the memory error
    return Value();
  }
  result.reserve(length);
  run([&](std::string_view piece) { result += piece; });
  charge(state, result);
  return Value(std::move(result));
}

Value join(std::span<const Value> args, CallState& state) {
  if (args[0].is_primitive()) return Value(to_display_string(args[0]));
  if (!args[0].is_array()) return Value(std::string());
  std::string separator = ",";
  if (args.size() > 1 && args[1].is_primitive()) separator = to_display_string(args[1]);
  std::string result;
  bool first = true;
  for (const auto& item : args[0].as_array().items) {
    if (!first) result += separator;
    first = false;
    append_display(result, item);
  }
  charge(state, result);
  return Value(std::move(result));
}

Value to_json_function(std::span<const Value> args, CallState& state) {
  std::string json = to_json(args[0]);
  charge(state, json);
  return Value(std::move(json));
}

Value from_json_function(std::span<const Value> args, CallState& state) {
  auto parsed = args[0].is_string() ? from_json(args[0].as_string()) : from_json(to_display_string(args[0]));
  if (auto* message = std::get_if<std::string>(&parsed)) return state.fail(std::move(*message));
  return std::get<Value>(std::move(parsed));
}

Value case_function(std::span<const Value> args, CallState& state) {
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (!args[i].is_bool()) return state.fail("case predicate must evaluate to a boolean value");
    if (args[i].as_bool()) return args[i + 1];
  }
  return args[args.size() - 1];
}

constexpr int kMaxArguments = 255;

const BuiltinFunction kBuiltins[] = {
    {"case", 3, 1 << 30, case_function},
    {"contains", 2, 2, contains},
    {"endswith", 2, 2, ends_with},
    {"format", 1, kMaxArguments, format},
    {"fromjson", 1, 1, from_json_function},
    {"join", 1, 2, join},
    {"startswith", 2, 2, starts_with},
    {"tojson", 1, 1, to_json_function},
};

}  // namespace

const BuiltinFunction* find_builtin(std::string_view lower_name) {
  for (const auto& builtin : kBuiltins)
    if (lower_name == builtin.name) return &builtin;
  return nullptr;
}

}  // namespace ghaplay::expr
