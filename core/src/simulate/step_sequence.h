#pragma once
// The runner's walk through a job's steps (StepsRunner): each step's condition is judged on the
// job's status so far; a failing step fails the job unless it may continue on error.

#include <optional>
#include <string>

#include "ghaplay/expression.h"

namespace ghaplay::sim {

struct StepVerdict {
  bool runs = false;
  std::optional<std::string> condition_error;  // the condition failed to evaluate: the step fails
};

// `options` plus the status functions a step's condition may call (what decide() parses with).
expr::ParseOptions with_status_functions(expr::ParseOptions options);

class StepSequence {
 public:
  const std::string& job_status() const { return status_; }

  // `condition` is already normalised (see normalize_condition); `context` holds the named
  // contexts and any host functions, to which the status functions of the moment are added.
  StepVerdict decide(const std::string& condition, const expr::EvaluationContext& context,
                     const expr::ParseOptions& options);
  // The same with the condition already parsed with with_status_functions(options).
  StepVerdict decide(const expr::Expression& condition, const expr::EvaluationContext& context);

  // Records how a step that ran ended; returns its conclusion.
  std::string finish(const std::string& outcome, bool continue_on_error);

  // A condition that failed to evaluate fails the step and the job.
  void fail_condition();

 private:
  std::string status_ = "success";
};

}  // namespace ghaplay::sim
