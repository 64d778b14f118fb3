// The built-in functions (actions/languageservices expressions/src/funcs/*.ts).
#include "expr/functions.h"

#include <cmath>
#include <string>

#include "common/text.h"
#include "expr/coercion.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {
namespace {

// GitHub bounds the memory one evaluation may use; we count the strings functions build, two
// bytes a character as .NET stores them. The evaluator compares the total with the limit.
void charge(std::size_t& memory_used, const std::string& produced) { memory_used += 2 * produced.size(); }

Value contains(std::span<const Value> args, std::size_t&) {
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

Value starts_with(std::span<const Value> args, std::size_t&) {
  if (!args[0].is_primitive() || !args[1].is_primitive()) return Value(false);
  return Value(text::to_upper_special(to_display_string(args[0])).starts_with(text::to_upper_special(to_display_string(args[1]))));
}

Value ends_with(std::span<const Value> args, std::size_t&) {
  if (!args[0].is_primitive() || !args[1].is_primitive()) return Value(false);
  return Value(text::to_upper_special(to_display_string(args[0])).ends_with(text::to_upper_special(to_display_string(args[1]))));
}

// Reads the digits of `{N}` (format specifiers after the digits are ignored, as GitHub does).
bool read_arg_index(const std::string& s, std::size_t start, double& index) {
  std::size_t length = 0;
  while (start + length < s.size() && s[start + length] >= '0' && s[start + length] <= '9') ++length;
  if (length == 0) return false;
  index = std::strtod(s.substr(start, length).c_str(), nullptr);
  return true;
}

Value format(std::span<const Value> args, std::size_t& memory_used) {
  const std::string fs = to_display_string(args[0]);
  auto invalid = [&] { throw EvaluationFailure{"The following format string is invalid: " + fs}; };
  std::string result;
  std::size_t index = 0;
  while (index < fs.size()) {
    std::size_t lbrace = fs.find('{', index);
    std::size_t rbrace = fs.find('}', index);
    if (lbrace != std::string::npos && (rbrace == std::string::npos || rbrace > lbrace)) {
      if (lbrace + 1 < fs.size() && fs[lbrace + 1] == '{') {
        result.append(fs, index, lbrace - index + 1);
        index = lbrace + 2;
        continue;
      }
      double arg = 0;
      if (rbrace != std::string::npos && rbrace > lbrace + 1 && read_arg_index(fs, lbrace + 1, arg)) {
        if (1 + arg > static_cast<double>(args.size()) - 1)
          throw EvaluationFailure{"The following format string references more arguments than were supplied: " + fs};
        result.append(fs, index, lbrace - index);
        result += to_display_string(args[1 + static_cast<std::size_t>(arg)]);
        index = rbrace + 1;
        continue;
      }
      invalid();
    } else if (rbrace != std::string::npos) {
      if (rbrace + 1 < fs.size() && fs[rbrace + 1] == '}') {
        result.append(fs, index, rbrace - index + 1);
        index = rbrace + 2;
      } else {
        invalid();
      }
    } else {
      result.append(fs, index);
      break;
    }
  }
  charge(memory_used, result);
  return Value(std::move(result));
}

Value join(std::span<const Value> args, std::size_t& memory_used) {
  if (args[0].is_primitive()) return Value(to_display_string(args[0]));
  if (!args[0].is_array()) return Value(std::string());
  std::string separator = ",";
  if (args.size() > 1 && args[1].is_primitive()) separator = to_display_string(args[1]);
  std::string result;
  bool first = true;
  for (const auto& item : args[0].as_array().items) {
    if (!first) result += separator;
    first = false;
    result += to_display_string(item);
  }
  charge(memory_used, result);
  return Value(std::move(result));
}

Value to_json_function(std::span<const Value> args, std::size_t& memory_used) {
  std::string json = to_json(args[0]);
  charge(memory_used, json);
  return Value(std::move(json));
}

Value from_json_function(std::span<const Value> args, std::size_t&) {
  auto parsed = from_json(to_display_string(args[0]));
  if (auto* message = std::get_if<std::string>(&parsed)) throw EvaluationFailure{*message};
  return std::get<Value>(std::move(parsed));
}

Value case_function(std::span<const Value> args, std::size_t&) {
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (!args[i].is_bool()) throw EvaluationFailure{"case predicate must evaluate to a boolean value"};
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
