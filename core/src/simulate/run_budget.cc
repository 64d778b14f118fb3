#include "simulate/run_budget.h"

#include <algorithm>

namespace ghaplay::sim {

std::optional<std::string> RunBudget::reserve(std::size_t job_runs, std::size_t step_executions) {
  if (job_runs > limits_.jobs - std::min(jobs_, limits_.jobs)) {
    return "the run would reach " + std::to_string(jobs_ + job_runs) +
           " job runs (each matrix leg counts), past ghaplay's limit of " + std::to_string(limits_.jobs) +
           " for one run";
  }
  if (step_executions > limits_.steps - std::min(steps_, limits_.steps)) {
    return "the run would reach " + std::to_string(steps_ + step_executions) +
           " step executions (steps times matrix legs), past ghaplay's limit of " + std::to_string(limits_.steps) +
           " for one run";
  }
  jobs_ += job_runs;
  steps_ += step_executions;
  return std::nullopt;
}

std::size_t RunBudget::script_allowance() const {
  std::size_t left = limits_.script_work - std::min(script_work_, limits_.script_work);
  return std::min(left, limits_.step_script_work);
}

void RunBudget::spend_script(std::size_t work) {
  script_work_ = std::min(limits_.script_work, script_work_ + std::min(work, limits_.script_work));
}

}  // namespace ghaplay::sim
