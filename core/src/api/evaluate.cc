#include <string>

#include "api/evaluate.h"
#include "ghaplay/api.h"
#include "expr/evaluate_once.h"
#include "ghaplay/expression.h"
#include "json/value_json.h"

namespace ghaplay::api {
namespace {

// {"error":{"kind":...,"message":...}}, as rapidjson's writer printed it.
std::string error_json(std::string_view kind, std::string_view message) {
  std::string out;
  out.reserve(40 + kind.size() + message.size());
  out += "{\"error\":{\"kind\":";
  json::append_string(out, kind);
  out += ",\"message\":";
  json::append_string(out, message);
  out += "}}";
  return out;
}

}  // namespace

std::string evaluate_json(std::string_view expression, std::string_view context_json) {
  if (context_json.empty()) return evaluate_with_contexts(expression, Value::object());
  auto parsed = expr::from_json(context_json);
  if (std::holds_alternative<std::string>(parsed) || !std::get<Value>(parsed).is_object())
    return error_json("usage", "The context must be a JSON object whose keys name the contexts, e.g. {\"github\": {\"ref\": \"refs/heads/main\"}}.");
  return evaluate_with_contexts(expression, std::get<Value>(std::move(parsed)));
}

std::string evaluate_with_contexts(std::string_view expression, Value contexts) {
  if (!contexts.is_object())
    return error_json("usage", "The context must be a JSON object whose keys name the contexts, e.g. {\"github\": {\"ref\": \"refs/heads/main\"}}.");
  // As GitHub's conformance suite does: the named values allowed are the contexts given.
  auto result = expr::evaluate_once(expression, contexts);
  if (auto* error = std::get_if<expr::ExpressionError>(&result))
    return error_json(expr::error_kind_name(error->kind), error->message);
  // {"kind":...,"value":...}, written straight into the string returned.
  const Value& value = std::get<Value>(result);
  std::string out;
  out.reserve(48);
  out += "{\"kind\":\"";
  out += kind_name(value.kind());
  out += "\",\"value\":";
  json::append_value(out, value);
  out.push_back('}');
  return out;
}

std::string version() { return GHAPLAY_VERSION; }

}  // namespace ghaplay::api
