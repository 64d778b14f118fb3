#include "simulate/conditions.h"

#include "common/text.h"
#include "expr/coercion.h"

namespace ghaplay::sim {
namespace {

std::string_view strip_template(std::string_view text) {
  std::string_view trimmed = text::trim(text);
  if (trimmed.starts_with("${{") && trimmed.ends_with("}}") && trimmed.size() >= 5 &&
      trimmed.find("${{", 3) == std::string_view::npos) {
    return text::trim(trimmed.substr(3, trimmed.size() - 5));
  }
  return trimmed;
}

}  // namespace

std::variant<std::string, expr::ExpressionError> normalize_condition(const std::optional<std::string>& raw,
                                                                     const expr::ParseOptions& options) {
  if (!raw) return std::string(kDefaultCondition);
  std::string_view condition = strip_template(*raw);
  if (condition.empty()) return std::string(kDefaultCondition);
  auto parsed = expr::Expression::parse(condition, options);
  if (auto* error = std::get_if<expr::ExpressionError>(&parsed)) return *error;
  if (std::get<expr::Expression>(parsed).uses_status_function()) return std::string(condition);
  return "success() && (" + std::string(condition) + ")";
}

std::vector<expr::FunctionSignature> status_function_signatures() {
  return {{"success", 0, 255}, {"failure", 0, 255}, {"cancelled", 0, 0}, {"always", 0, 0}};
}

std::vector<std::pair<std::string, expr::HostFunction>> step_status_functions(const std::string& job_status) {
  // A job whose status is not yet set counts as succeeding (the runner's ConditionFunctions).
  std::string status = job_status.empty() ? "success" : job_status;
  return {
      {"success", [status](std::span<const Value>) { return Value(status == "success"); }},
      {"failure", [status](std::span<const Value>) { return Value(status == "failure"); }},
      {"cancelled", [status](std::span<const Value>) { return Value(status == "cancelled"); }},
      {"always", [](std::span<const Value>) { return Value(true); }},
  };
}

std::vector<std::pair<std::string, expr::HostFunction>> job_status_functions(
    AncestorSummary ancestors, std::function<std::string(const std::string&)> result_of) {
  return {
      {"success",
       [=](std::span<const Value> args) {
         if (args.empty()) return Value(ancestors.all_succeeded);
         for (const auto& arg : args)
           if (result_of(expr::to_display_string(arg)) != "success") return Value(false);
         return Value(true);
       }},
      {"failure",
       [=](std::span<const Value> args) {
         if (args.empty()) return Value(ancestors.any_failed);
         for (const auto& arg : args)
           if (result_of(expr::to_display_string(arg)) == "failure") return Value(true);
         return Value(false);
       }},
      {"cancelled", [](std::span<const Value>) { return Value(false); }},
      {"always", [](std::span<const Value>) { return Value(true); }},
  };
}

}  // namespace ghaplay::sim
