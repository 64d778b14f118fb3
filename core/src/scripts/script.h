#pragma once
// The contract every script interpreter (bash, pwsh, python subsets) fulfils: run a `run:` script,
// already stripped of `${{ }}` by the simulator, against an environment and a small in-memory file
// system, and report what it printed, how it exited and what it wrote.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ghaplay::scripts {

// What an interpreter keeps for the scripts that share one base environment (ScriptInput::
// base_env), so that each does not build it again: bash's starting variables and directories.
// The simulator keeps one per base environment; it belongs to that environment only.
struct ScriptCache {
  std::shared_ptr<const void> bash;
  // The last bash run's file system, handed to the next run to copy the base one into: assigning a
  // map over one of the same shape reuses its nodes, where a fresh copy allocates every entry.
  std::shared_ptr<void> bash_scratch;
  // The base environment encoded once, for the steps that send it to an interpreter in another
  // WebAssembly module (wasm/script_bridge.cc); no interpreter reads it.
  std::shared_ptr<const void> encoded_base_env;
};

struct ScriptInput {
  std::string source;                          // the script after `${{ }}` substitution
  std::map<std::string, std::string> env;      // GITHUB_OUTPUT, GITHUB_ENV... hold file paths
  // Variables under `env` (a name in both takes env's value), or null: the job's process
  // environment, shared by its steps instead of copied into each one's `env`.
  const std::map<std::string, std::string>* base_env = nullptr;
  // Kept for base_env across runs, or null (nothing kept).
  ScriptCache* cache = nullptr;
  std::map<std::string, std::string> files;    // path -> content before the run (the runner's files)
  std::size_t step_budget = 100000;            // commands/iterations before the run is cut off
  // bash and sh: the command line the runner starts the shell with, whose options the script
  // starts with (the simulator's step_runner gives GitHub's for each way of naming the shell).
  std::string command_line = "bash -e {0}";
};

// Something the interpreter wants the user to know, at a place in the script (1-based).
struct ScriptNotice {
  enum class Kind { UnsimulatedCommand, BudgetExhausted, Unsupported } kind = Kind::UnsimulatedCommand;
  std::string message;
  int line = 0;
  int column = 0;
  std::string command;  // the command's name, for unsimulated commands
  bool feeds_output = false;  // its output would have reached $GITHUB_OUTPUT
};

struct ScriptResult {
  std::string log;                           // stdout then stderr as the step's log shows them
  int exit_code = 0;
  std::map<std::string, std::string> files;  // every file's content after the run (input files included)
  std::vector<ScriptNotice> notices;
  // What the run cost, in the units of step_budget (commands, statements, loop iterations, large
  // string operations); a run stopped by its budget reports at least step_budget. The simulator
  // takes it from the whole run's budget (simulate/run_budget.h). A run that failed inside the
  // engine (out of memory) reports the whole step_budget.
  std::size_t work = 0;
  // false when the answer depends on more than the input: the script was not run because its
  // interpreter module was missing or failed (wasm/script_bridge.cc). Such an answer is never
  // given to a later identical run (simulate/script_runs.h), which may find the module there.
  bool reusable = true;
};

// `env` over `base_env`, as one map.
inline std::map<std::string, std::string> full_env(const ScriptInput& input) {
  if (!input.base_env) return input.env;
  std::map<std::string, std::string> env = input.env;
  env.insert(input.base_env->begin(), input.base_env->end());  // keeps env's value of a name in both
  return env;
}

// The value of `name` in `env`, else in `base_env`; null if neither has it.
inline const std::string* find_env(const ScriptInput& input, const std::string& name) {
  if (auto it = input.env.find(name); it != input.env.end()) return &it->second;
  if (input.base_env)
    if (auto it = input.base_env->find(name); it != input.base_env->end()) return &it->second;
  return nullptr;
}

ScriptResult run_bash(const ScriptInput& input);
ScriptResult run_pwsh(const ScriptInput& input);
ScriptResult run_python(const ScriptInput& input);

}  // namespace ghaplay::scripts
