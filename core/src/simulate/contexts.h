#pragma once
// The contexts a simulated run offers to expressions and the environment its scripts see.

#include <map>
#include <string>

#include "ghaplay/value.h"
#include "ghaplay/workflow.h"
#include "simulate/scenario.h"

namespace ghaplay::sim {

// A plausible `github` context for a push to main, overlaid with the scenario's `github` keys.
Value github_context(const workflow::Workflow& workflow, const Scenario& scenario);

// The `runner` context of a GitHub-hosted runner for `runs-on` (Linux unless it names windows or macos).
Value runner_context(const std::string& runs_on);

// The environment variables every step gets from the runner (GITHUB_*, RUNNER_*, CI, HOME...).
std::map<std::string, std::string> default_environment(const Value& github, const Value& runner,
                                                       const std::string& job_id);

// Where the runner's per-step files live; the scripts see these paths in $GITHUB_OUTPUT etc.
struct FileCommandPaths {
  std::string output, env, path, state, step_summary;
};
FileCommandPaths file_command_paths(std::size_t step_index);

}  // namespace ghaplay::sim
