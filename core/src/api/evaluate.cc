#include <string>

#include "api/evaluate.h"
#include "ghaplay/api.h"
#include "ghaplay/expression.h"
#include "json/value_json.h"

namespace ghaplay::api {
namespace {

std::string error_json(std::string_view kind, std::string_view message) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.StartObject();
  writer.Key("kind");
  json::write_string(writer, kind);
  writer.Key("message");
  json::write_string(writer, message);
  writer.EndObject();
  writer.EndObject();
  return buffer.GetString();
}

}  // namespace

std::string evaluate_json(std::string_view expression, std::string_view context_json) {
  Value contexts = Value::object();
  if (!context_json.empty()) {
    auto parsed = expr::from_json(context_json);
    if (std::holds_alternative<std::string>(parsed) || !std::get<Value>(parsed).is_object())
      return error_json("usage", "The context must be a JSON object whose keys name the contexts, e.g. {\"github\": {\"ref\": \"refs/heads/main\"}}.");
    contexts = std::get<Value>(std::move(parsed));
  }
  return evaluate_with_contexts(expression, std::move(contexts));
}

std::string evaluate_with_contexts(std::string_view expression, Value contexts) {
  if (!contexts.is_object())
    return error_json("usage", "The context must be a JSON object whose keys name the contexts, e.g. {\"github\": {\"ref\": \"refs/heads/main\"}}.");
  expr::EvaluationContext context;
  context.contexts = std::move(contexts);
  // As GitHub's conformance suite does: the named values allowed are the contexts given.
  expr::ParseOptions options;
  for (const auto& entry : context.contexts.as_object()) options.named_values.push_back(entry.first);
  auto parsed = expr::Expression::parse(expression, options);
  if (auto* error = std::get_if<expr::ExpressionError>(&parsed))
    return error_json(expr::error_kind_name(error->kind), error->message);
  auto result = std::get<expr::Expression>(parsed).evaluate(context);
  if (auto* error = std::get_if<expr::ExpressionError>(&result))
    return error_json(expr::error_kind_name(error->kind), error->message);
  const Value& value = std::get<Value>(result);
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  writer.Key("kind");
  writer.String(kind_name(value.kind()));
  writer.Key("value");
  json::write_value(writer, value);
  writer.EndObject();
  return buffer.GetString();
}

std::string version() { return GHAPLAY_VERSION; }

}  // namespace ghaplay::api
