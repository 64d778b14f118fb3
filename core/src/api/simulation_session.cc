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
  SimulationResult result = sim::simulate_loaded(loaded, scenario_json, sim::RunLimits{}, memory_.get(), memo_.get());
  return memo_->keep(std::move(result));
}

void SimulationSession::answer_changes(bool on) { memo_->answer_changes(on); }

std::size_t SimulationSession::scripts_reused() const { return memory_->carried_over(); }

std::size_t SimulationSession::jobs_reread() const { return load_->jobs_reread(); }

std::size_t SimulationSession::jobs_reused() const { return memo_->jobs_reused(); }

}  // namespace ghaplay::api
