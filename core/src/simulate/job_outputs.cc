#include "simulate/job_outputs.h"

#include <algorithm>
#include <map>

#include "common/text.h"
#include "expr/coercion.h"

namespace ghaplay::sim {

std::size_t output_bytes(const Value& outputs) {
  std::size_t bytes = 0;
  for (const auto& [name, value] : outputs.as_object())
    bytes += 2 * (text::utf16_length(name) + text::utf16_length(expr::to_display_string(value)));
  return bytes;
}

LegOutputs evaluate_leg_outputs(const workflow::Job& job, const expr::EvaluationContext& context,
                                const std::vector<std::string>& masked) {
  LegOutputs result;
  const auto& options = workflow::parse_options(workflow::Place::JobOutputs);
  for (const auto& entry : job.outputs) {
    auto value = evaluate(entry.value.tmpl, context, options);
    if (auto* error = std::get_if<TemplateError>(&value)) {
      result.failed = true;
      result.log += "Fail to evaluate job outputs\n" + error->message + "\n";
      result.diagnostics.push_back({Severity::Error, DiagnosticCode::ExpressionEvaluation,
                                    "Fail to evaluate job outputs: output '" + entry.key + "': " + error->message,
                                    error->position, job.id, ""});
      return result;
    }
    // Outputs are strings: true becomes 'true', 3 becomes '3'; an empty value is dropped (§3).
    std::string text = expr::to_display_string(std::get<Value>(value));
    if (text.empty()) continue;
    bool secret = false;
    for (const auto& mask : masked)
      if (!mask.empty() && text.find(mask) != std::string::npos) secret = true;
    if (secret) {
      std::string message = "Skip output '" + entry.key + "' since it may contain secret.";
      result.log += message + "\n";
      result.diagnostics.push_back({Severity::Warning, DiagnosticCode::SecretInOutput, message,
                                    entry.key_position, job.id, ""});
      continue;
    }
    result.outputs.as_object().set(entry.key, Value(std::move(text)));
  }
  if (output_bytes(result.outputs) > kMaxJobOutputBytes) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::OutputSizeLimit,
                                  "The outputs of job '" + job.id + "' are " + std::to_string(output_bytes(result.outputs)) +
                                      " bytes (counted as UTF-16); GitHub allows at most 1 MB per job. Pass large data "
                                      "as an artifact instead.",
                                  job.position, job.id, ""});
    result.outputs = Value::object();
    result.failed = true;
  }
  return result;
}

MergedOutputs merge_leg_outputs(const workflow::Job& job, const std::vector<FinishedLeg>& legs) {
  MergedOutputs merged;
  // Per key (in the order the job declares its outputs), every leg that set it, in finishing order.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> setters;
  for (const auto& leg : legs) {
    for (const auto& [key, value] : leg.outputs->as_object()) {
      merged.outputs.as_object().set(key, value);
      merged.sources.as_object().set(key, Value(leg.name));
      setters[text::fold_case(key)].emplace_back(leg.name, value.as_string());
    }
  }
  // Keys in the order the job declares them, whichever leg finished first (inferred: GitHub does
  // not document the order of a merged matrix output map; the declared order is stable).
  Value ordered = Value::object(), ordered_sources = Value::object();
  for (const auto& entry : job.outputs) {
    if (const Value* value = merged.outputs.as_object().find(entry.key)) {
      const auto& spelled = std::find_if(merged.outputs.as_object().begin(), merged.outputs.as_object().end(),
                                         [&](const auto& pair) { return text::equals_ignore_case(pair.first, entry.key); })->first;
      ordered.as_object().set(spelled, *value);
      ordered_sources.as_object().set(spelled, *merged.sources.as_object().find(entry.key));
    }
  }
  merged.outputs = std::move(ordered);
  merged.sources = std::move(ordered_sources);
  if (legs.size() < 2) return merged;
  for (const auto& entry : job.outputs) {
    auto found = setters.find(text::fold_case(entry.key));
    if (found == setters.end() || found->second.size() < 2) continue;
    const auto& list = found->second;
    bool differ = false;
    for (const auto& setter : list) differ = differ || setter.second != list.front().second;
    if (!differ) continue;
    std::string message = "Matrix legs set output '" + entry.key + "' to different values: ";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) message += ", ";
      message += list[i].first + " set '" + list[i].second + "'";
    }
    message += ". The leg that finishes last wins, and GitHub does not guarantee the order: in this run " +
               list.back().first + " finished last, so needs." + job.id + ".outputs." + entry.key + " is '" +
               list.back().second + "'. Give each leg its own output key, as GitHub's docs do (output_1, output_2, ... each set by "
               "one leg), or upload the values as artifacts and combine them in a later job.";
    merged.diagnostics.push_back({Severity::Warning, DiagnosticCode::MatrixOutputOverride, std::move(message),
                                  entry.key_position, job.id, ""});
  }
  return merged;
}

}  // namespace ghaplay::sim
