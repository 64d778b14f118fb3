#include "ghaplay/api.h"

#include "checks/incremental_load.h"
#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"
#include "simulate/run_budget.h"
#include "simulate/script_memory.h"

namespace ghaplay::api {

SimulationSession::SimulationSession()
    : memory_(std::make_unique<sim::ScriptMemory>()), load_(std::make_unique<checks::IncrementalLoad>()) {}

SimulationSession::~SimulationSession() = default;

std::string SimulationSession::simulate_json(std::string_view workflow_yaml, std::string_view scenario_json) {
  return to_json(sim::simulate_loaded(load_->load(workflow_yaml), scenario_json, sim::RunLimits{}, memory_.get()));
}

std::size_t SimulationSession::scripts_reused() const { return memory_->carried_over(); }

std::size_t SimulationSession::jobs_reread() const { return load_->jobs_reread(); }

}  // namespace ghaplay::api
