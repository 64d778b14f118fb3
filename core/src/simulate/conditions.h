#pragma once
// `if:` conditions: GitHub's normalisation (no status function anywhere means
// `success() && (<cond>)`) and the status functions at step and job level (SEMANTICS §7).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ghaplay/expression.h"

namespace ghaplay::sim {

// The condition of a step or job without `if:`, as normalize_condition() gives it.
inline constexpr std::string_view kDefaultCondition = "success()";

// Whether `condition` is that default: its value is then the status itself (the step's job
// succeeding so far, the job's ancestors all succeeding), with no need to evaluate it.
inline bool is_default_condition(const expr::Expression& condition) { return condition.text() == kDefaultCondition; }

// The expression GitHub evaluates for an `if:` whose text is `raw` (nullopt when absent or null).
// `${{ }}` around the whole condition is removed first. Errors are GitHub's parse errors.
std::variant<std::string, expr::ExpressionError> normalize_condition(const std::optional<std::string>& raw,
                                                                     const expr::ParseOptions& options);

// Signatures of success(), failure(), cancelled(), always(); job level takes job ids as arguments.
std::vector<expr::FunctionSignature> status_function_signatures();

// Step level: judged on the job's status so far ("success", "failure" or "cancelled").
std::vector<std::pair<std::string, expr::HostFunction>> step_status_functions(const std::string& job_status);

// Job level (SEMANTICS §7): without arguments success() wants every job this one depends on,
// directly or not, to have succeeded, and failure() wants one of them to have failed; with
// arguments only the named jobs count, looked up through `result_of` (a job id -> its result,
// "skipped" for one that did not run).
struct AncestorSummary {
  bool all_succeeded = true;
  bool any_failed = false;
};
std::vector<std::pair<std::string, expr::HostFunction>> job_status_functions(
    AncestorSummary ancestors, std::function<std::string(const std::string&)> result_of);

}  // namespace ghaplay::sim
