#include "ghaplay/api.h"

#include "checks/incremental_load.h"
#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"
#include "simulate/run_budget.h"
#include "simulate/run_memo.h"
#include "simulate/script_memory.h"

namespace ghaplay::api {

SimulationSession::SimulationSession()
    : memory_(std::make_unique<sim::ScriptMemory>()), load_(std::make_unique<checks::IncrementalLoad>()),
      memo_(std::make_unique<sim::RunMemo>()) {}

SimulationSession::~SimulationSession() = default;

std::string SimulationSession::simulate_json(std::string_view workflow_yaml, std::string_view scenario_json) {
  const workflow::LoadResult& loaded = load_->load(workflow_yaml);
  memo_->workflow_changed(load_->last_change().whole, load_->last_change().job);
  return simulate_loaded(loaded, scenario_json);
}

std::optional<std::string> SimulationSession::simulate_json_within(std::string_view workflow_yaml,
                                                                   std::string_view scenario_json, std::size_t max_jobs) {
  const workflow::LoadResult* loaded = load_->load_if_cheap(workflow_yaml);
  if (!loaded) return std::nullopt;
  // The memo learns of the change before the count: a text declined below stays loaded, the next
  // text is an edit of it, and this change is still to be simulated then.
  memo_->workflow_changed(load_->last_change().whole, load_->last_change().job);
  std::size_t job_count = loaded->workflow ? loaded->workflow->jobs.size() : 0;
  if (memo_->jobs_to_simulate(job_count, scenario_json, sim::RunLimits{}) > max_jobs) return std::nullopt;
  return simulate_loaded(*loaded, scenario_json);
}

std::string SimulationSession::simulate_loaded(const workflow::LoadResult& loaded, std::string_view scenario_json) {
  SimulationResult result = sim::simulate_loaded(loaded, scenario_json, sim::RunLimits{}, memory_.get(), memo_.get());
  return memo_->keep(std::move(result));
}

void SimulationSession::answer_changes(bool on) { memo_->answer_changes(on); }

std::size_t SimulationSession::scripts_reused() const { return memory_->carried_over(); }

std::size_t SimulationSession::jobs_reread() const { return load_->jobs_reread(); }

std::size_t SimulationSession::jobs_reused() const { return memo_->jobs_reused(); }

}  // namespace ghaplay::api
