#pragma once
// JSON strings in, JSON strings out: the one surface shared by the CLI's JSON output, the
// WebAssembly module and the page. Nothing here throws; every failure is part of the answer.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ghaplay::sim {
class ScriptMemory;
class RunMemo;
}
namespace ghaplay::checks {
class IncrementalLoad;
}
namespace ghaplay::workflow {
struct LoadResult;
}

namespace ghaplay::api {

// `ghaplay eval`: {"kind":"Null|Boolean|Number|String|Array|Object","value":...}
// or {"error":{"kind":"lexing|parsing|evaluation|usage","message":"..."}}.
// context_json is an object whose top-level keys are the named contexts ("" means none).
std::string evaluate_json(std::string_view expression, std::string_view context_json);

// `ghaplay check --format json`: {"diagnostics":[{"severity","code","message","line","column","job","step"}]}
std::string check_json(std::string_view workflow_yaml);

std::string version();

// `ghaplay simulate --format json`: the result of schema/result.schema.json.
std::string simulate_json(std::string_view workflow_yaml, std::string_view scenario_json);

// simulate_json for one text after another, as an editor asks: each call reuses the answers of the
// `run:` scripts the previous call ran with an identical input (script, environment, files, shell)
// instead of running them again; it keeps the loaded workflow when only the scenario changed, and
// re-reads only the job an edit changed when the edit stays inside one job's lines; and it takes the
// results of the jobs that run before the edited job, in the order jobs run, from the call before
// (simulate/run_memo.h). The answers are the same as simulate_json's; only the time differs.
class SimulationSession {
 public:
  SimulationSession();
  ~SimulationSession();
  SimulationSession(const SimulationSession&) = delete;
  SimulationSession& operator=(const SimulationSession&) = delete;

  std::string simulate_json(std::string_view workflow_yaml, std::string_view scenario_json);

  // simulate_json(), when the call is cheap: the text differs from the last one inside one job at
  // most, and at most `max_jobs` jobs are simulated again, the others taken from the last call (a
  // count from the last call's order, which an edit of `needs` can change). Otherwise nothing is
  // simulated and the answer is empty: a caller that must not wait on a whole run (the page's main
  // thread) asks whoever may. A text re-read cheaply stays loaded either way.
  std::optional<std::string> simulate_json_within(std::string_view workflow_yaml, std::string_view scenario_json,
                                                  std::size_t max_jobs);

  // Answers carrying changes only (off at first): a job that the previous answer had, under the
  // same id and with the same JSON, is written as 0 in the "jobs" object; the caller fills it in
  // from that answer. Calling this, either way, makes the next answer whole (a caller that lost an
  // answer calls it again).
  void answer_changes(bool on);

  // How many script runs the last call answered from the one before.
  std::size_t scripts_reused() const;
  // How many calls so far re-read one job of the workflow instead of the whole text.
  std::size_t jobs_reread() const;
  // How many jobs the last call took from the one before instead of simulating them.
  std::size_t jobs_reused() const;

 private:
  std::string simulate_loaded(const workflow::LoadResult& loaded, std::string_view scenario_json);

  std::unique_ptr<sim::ScriptMemory> memory_;
  std::unique_ptr<checks::IncrementalLoad> load_;
  std::unique_ptr<sim::RunMemo> memo_;
};

}  // namespace ghaplay::api
