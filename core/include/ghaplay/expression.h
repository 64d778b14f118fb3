#pragma once
// GitHub's expression language, `${{ }}`: parse once, evaluate against named contexts.
// Follows actions/languageservices (expressions/) and the runner's DTExpressions2 to the letter;
// see shared SEMANTICS.md §6. Failures are values (ExpressionError), never exceptions or aborts.

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ghaplay/value.h"

namespace ghaplay::expr {

inline constexpr std::size_t kMaxExpressionLength = 21000;  // UTF-16 units, as GitHub counts
inline constexpr int kMaxExpressionDepth = 50;

enum class ErrorKind { Lexing, Parsing, Evaluation };
const char* error_kind_name(ErrorKind kind);  // "lexing" | "parsing" | "evaluation"

struct ExpressionError {
  ErrorKind kind = ErrorKind::Parsing;
  std::string message;  // GitHub's text, e.g. "Unexpected symbol: 'x'. Located at position 5 within expression: a == x b"
  int offset = -1;      // 0-based byte offset into the expression text of the offending token, -1 if none
};

// A function beyond the built-in ones (status functions, hashFiles), as the host provides it.
struct FunctionSignature {
  std::string name;  // matched case-insensitively
  int min_args = 0;
  int max_args = 0;
};

struct ParseOptions {
  // Named values (contexts) the expression may use, e.g. {"github", "needs"}; case-insensitive.
  std::vector<std::string> named_values;
  std::vector<FunctionSignature> functions;
  // Accept any named value (the `eval` command with whatever contexts it was given).
  bool allow_any_named_value = false;
};

// Thrown by a host function to fail the evaluation with GitHub's message.
struct EvaluationFailure {
  std::string message;
};

using HostFunction = std::function<Value(std::span<const Value> args)>;

struct EvaluationContext {
  // Named contexts; keys case-insensitive. Missing named values evaluate to null.
  Value contexts = Value::object();
  // Implementations of ParseOptions::functions, keyed by lower-case name.
  std::vector<std::pair<std::string, HostFunction>> functions;
  // Stops runaway memory (GitHub: "The maximum allowed memory size was exceeded"); bytes of strings built.
  std::size_t memory_limit = 1 << 20;
};

// A property path read by an expression, such as needs.build.outputs.version, for static checks.
struct PropertyReference {
  std::vector<std::string> path;  // literal segments from the named value on; stops at a dynamic index or `*`
  int offset = 0;                 // 0-based byte offset of the named value in the expression
};

class Expression {
 public:
  static std::variant<Expression, ExpressionError> parse(std::string_view text, const ParseOptions& options);

  std::variant<Value, ExpressionError> evaluate(const EvaluationContext& context) const;

  const std::string& text() const;
  bool is_empty() const;  // the empty expression evaluates to null
  // Whether it calls success(), failure(), cancelled() or always() anywhere (for `if:` rules).
  bool uses_status_function() const;
  std::vector<PropertyReference> property_references() const;
  std::vector<std::string> called_functions() const;  // lower-case names

  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

// Convenience: parse with every named value allowed, evaluate, return value or error.
std::variant<Value, ExpressionError> evaluate(std::string_view text, const EvaluationContext& context);

// GitHub's coercions, used wherever a value becomes text, a number or a condition.
std::string to_display_string(const Value& value);  // "" for null, "Array", "Object", 15 significant digits
double to_number(const Value& value);
bool is_truthy(const Value& value);
std::string format_number(double number);

// toJSON layout exactly as GitHub prints it (two-space indent, insertion order).
std::string to_json(const Value& value);
// fromJSON; objects keep the first of duplicate keys. Returns nullopt with a message on failure.
std::variant<Value, std::string> from_json(std::string_view json);

}  // namespace ghaplay::expr
