#pragma once
// The budget of one simulated run, so that any workflow, however large or hostile, is simulated in
// well under a second: each script's steps are counted against a total for the whole run, and so
// are job runs (matrix legs) and step executions. A real runner would take hours on what the
// budget refuses; ghaplay stops and says where.
//
// When the budget runs out, the simulation stops there: the step whose script used it up fails
// (as a script past its own step budget does), the rest of that job runs without scripts (those
// steps are skipped), and every job after it in `needs` order is not simulated: its result is
// "skipped". One limit-exceeded warning names the limit, its number, where it ran out and the
// jobs left out. Nothing is silently missing.

#include <cstddef>
#include <optional>
#include <string>

#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"

namespace ghaplay::sim {

// The numbers bound the worst input to about half a second of native CPU time on a 2.1 GHz core
// (measured: a bash command 0.13 us; a step that runs `echo` about 20 us and a job with one step
// about 35 us, loading included: `ghaplay simulate` of 1,000 jobs of one and of five `echo` steps,
// 34 and 110 ms, 2026-11-21) while leaving room for every workflow people write: the largest
// documented workflows have a few hundred jobs, and GitHub's 512,000-byte file limit caps plain
// jobs near 8,000. Job runs and step executions are set so that 2,000 jobs of a few steps each
// (make bench's largest size) are simulated in full; what is past them is a generated or hostile
// file.
//
// One step's script: commands, statements or loop iterations (ScriptInput::step_budget).
inline constexpr std::size_t kMaxStepScriptWork = 100'000;
// All scripts of the run together: four endless loops' worth. In WebAssembly a bash command costs
// about 1.3 us (native 0.2 us), so ten endless loops took 1.3 s in the browser's engine.
inline constexpr std::size_t kMaxRunScriptWork = 400'000;
// Job runs over the whole run: each matrix leg counts, and so does a job skipped by its `if:`.
inline constexpr std::size_t kMaxRunJobs = 2'500;
// Step executions over the whole run: a job's steps times its legs, reserved when the job starts
// (2,000 jobs of 5 steps fit; a 256-leg matrix of 40 steps does not).
inline constexpr std::size_t kMaxRunSteps = 10'000;

struct RunLimits {
  std::size_t step_script_work = kMaxStepScriptWork;
  std::size_t script_work = kMaxRunScriptWork;
  std::size_t jobs = kMaxRunJobs;
  std::size_t steps = kMaxRunSteps;
  friend bool operator==(const RunLimits&, const RunLimits&) = default;
};

class RunBudget {
 public:
  explicit RunBudget(RunLimits limits = {}) : limits_(limits) {}

  const RunLimits& limits() const { return limits_; }

  // Takes job runs and step executions: one job run when a job is reached, then its further legs
  // and its steps times its legs once the matrix is expanded. Returns what does not fit (a clause
  // of the warning), or nothing when it does; nothing is taken when it does not fit.
  std::optional<std::string> reserve(std::size_t job_runs, std::size_t step_executions);

  // The step budget of the next script: its own, or what is left of the run's if that is less.
  std::size_t script_allowance() const;
  // Whether the next script's allowance is cut by the run's total (its notice then says so).
  bool script_allowance_is_run_limited() const { return script_allowance() < limits_.step_script_work; }
  // Records what a script used (ScriptResult::work).
  void spend_script(std::size_t work);
  bool scripts_exhausted() const { return script_work_ >= limits_.script_work; }

  std::size_t script_work() const { return script_work_; }
  std::size_t jobs() const { return jobs_; }
  std::size_t steps() const { return steps_; }

 private:
  RunLimits limits_;
  std::size_t script_work_ = 0;
  std::size_t jobs_ = 0;
  std::size_t steps_ = 0;
};

class ScriptMemory;
class RunMemo;

// simulate() with other limits than the default ones (tests), and with `memory`, if given, holding
// the script answers of the simulation before this one, to reuse (script_memory.h).
SimulationResult simulate_with_limits(std::string_view workflow_yaml, std::string_view scenario_json,
                                      const RunLimits& limits, ScriptMemory* memory = nullptr);

// The same for a workflow already loaded and checked (checks::load_and_check), which a caller may
// simulate again with another scenario without reading its YAML again. With `memo`, the jobs the
// simulation before this one kept there are taken where they are unchanged (run_memo.h); the caller
// then gives the result to memo->keep().
SimulationResult simulate_loaded(const workflow::LoadResult& loaded, std::string_view scenario_json,
                                 const RunLimits& limits, ScriptMemory* memory = nullptr, RunMemo* memo = nullptr);

}  // namespace ghaplay::sim
