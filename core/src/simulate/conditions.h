#pragma once
// `if:` conditions: GitHub's normalisation (no status function anywhere means
// `success() && (<cond>)`) and the status functions at step and job level (SEMANTICS §7).

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ghaplay/expression.h"

namespace ghaplay::sim {

// The expression GitHub evaluates for an `if:` whose text is `raw` (nullopt when absent or null).
// `${{ }}` around the whole condition is removed first. Errors are GitHub's parse errors.
std::variant<std::string, expr::ExpressionError> normalize_condition(const std::optional<std::string>& raw,
                                                                     const expr::ParseOptions& options);

// Signatures of success(), failure(), cancelled(), always(); job level takes job ids as arguments.
std::vector<expr::FunctionSignature> status_function_signatures();

// Step level: judged on the job's status so far ("success", "failure" or "cancelled").
std::vector<std::pair<std::string, expr::HostFunction>> step_status_functions(const std::string& job_status);

// Job level: `results` holds the result of every job that ran before, `ancestors` the ids of all
// jobs this one depends on, directly or not. success() wants them all to have succeeded;
// failure() wants one of them to have failed; with arguments, only the named jobs count.
std::vector<std::pair<std::string, expr::HostFunction>> job_status_functions(
    const std::map<std::string, std::string>& results, const std::vector<std::string>& ancestors);

}  // namespace ghaplay::sim
