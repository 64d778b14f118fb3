#include "simulate/step_sequence.h"

#include "simulate/conditions.h"

namespace ghaplay::sim {

expr::ParseOptions with_status_functions(expr::ParseOptions options) {
  for (auto& signature : status_function_signatures()) options.functions.push_back(signature);
  return options;
}

StepVerdict StepSequence::decide(const std::string& condition, const expr::EvaluationContext& context,
                                 const expr::ParseOptions& options) {
  auto parsed = expr::Expression::parse(condition, with_status_functions(options));
  if (auto* error = std::get_if<expr::ExpressionError>(&parsed)) return {false, error->message};
  return decide(std::get<expr::Expression>(parsed), context);
}

StepVerdict StepSequence::decide(const expr::Expression& condition, const expr::EvaluationContext& context) {
  // A step without `if:` (normalize_condition's "success()"): what the status function would
  // answer, without a copy of the contexts and four host functions for every step of every leg.
  if (is_default_condition(condition)) return {status_.empty() || status_ == "success", std::nullopt};
  expr::EvaluationContext with_status = context;
  for (auto& function : step_status_functions(status_)) with_status.functions.push_back(std::move(function));
  auto value = condition.evaluate(with_status);
  if (auto* error = std::get_if<expr::ExpressionError>(&value)) return {false, error->message};
  return {expr::is_truthy(std::get<Value>(value)), std::nullopt};
}

std::string StepSequence::finish(const std::string& outcome, bool continue_on_error) {
  if (outcome == "failure") {
    if (continue_on_error) return "success";
    if (status_ != "cancelled") status_ = "failure";
    return "failure";
  }
  if (outcome == "cancelled") status_ = "cancelled";
  return outcome;
}

void StepSequence::fail_condition() {
  if (status_ != "cancelled") status_ = "failure";
}

}  // namespace ghaplay::sim
