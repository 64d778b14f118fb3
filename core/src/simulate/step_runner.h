#pragma once
// Running one step: a `run:` script through the matching interpreter, then the runner's
// processing of what it printed (workflow commands) and wrote ($GITHUB_OUTPUT, $GITHUB_ENV).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/expression.h"
#include "ghaplay/value.h"
#include "ghaplay/workflow.h"
#include "scripts/script.h"
#include "simulate/contexts.h"
#include "simulate/scenario.h"
#include "simulate/script_runs.h"

namespace ghaplay::sim {

struct StepInput {
  const workflow::Workflow* workflow = nullptr;
  const workflow::Job* job = nullptr;
  const workflow::Step* step = nullptr;
  const expr::EvaluationContext* context = nullptr;   // every context of this step
  const FileCommandPaths* file_command_paths = nullptr;  // this step's, file_command_paths(step->index)
  std::map<std::string, std::string> environment;     // the step's env, over base_environment
  const std::map<std::string, std::string>* base_environment = nullptr;  // the runner's process environment
  scripts::ScriptCache* script_cache = nullptr;                            // kept for base_environment
  ScriptRuns* script_runs = nullptr;  // earlier runs with base_environment, or null (none kept)
  std::string runner_os;                              // "Linux" | "Windows" | "macOS"
  const StepOverride* override_entry = nullptr;       // what the scenario says about this step
  std::vector<std::string> masked;                    // secrets and earlier add-mask values
  std::size_t step_budget = 100000;                   // the script's, from the run's budget
  // Said after "the step budget is exhausted" when step_budget is what was left of the whole run's
  // budget rather than the step's own.
  std::string budget_note;
};

struct StepOutcome {
  std::string outcome = "success";  // success | failure | cancelled
  Value outputs = Value::object();
  std::string log;
  std::vector<std::pair<std::string, std::string>> env_additions;  // from $GITHUB_ENV
  std::vector<std::string> masks;                                  // from ::add-mask::
  Diagnostics diagnostics;
  std::size_t work = 0;  // what the script used of step_budget (ScriptResult::work)
  // false when the script's answer depends on more than its input (ScriptResult::reusable): the
  // step's job is then not kept for the next simulation (run_memo.h).
  bool reusable = true;
};

// Takes `input` by value: its environment and masks move into the script's run.
StepOutcome run_step(StepInput input);

// The name GitHub shows for a step: its name, else "Run <first line of the script>" or "Run <action>".
std::string default_step_name(const workflow::Step& step);

// The shell a step runs with: its own `shell`, else the job's then the workflow's defaults.run.shell,
// else pwsh on Windows runners and bash elsewhere.
struct StepShell {
  std::string name;          // "bash", "pwsh", "python", a custom "bash -x {0}"...
  // How the runner starts it (docs: workflow syntax, `jobs.<job_id>.steps[*].shell`): an unnamed
  // shell `bash -e {0}`, `shell: bash` `bash --noprofile --norc -eo pipefail {0}`, `shell: sh`
  // `sh -e {0}`, a custom command as written.
  std::string command_line;
};
StepShell resolve_shell(const workflow::Workflow& workflow, const workflow::Job& job, const workflow::Step& step,
                        const std::string& runner_os);

}  // namespace ghaplay::sim
