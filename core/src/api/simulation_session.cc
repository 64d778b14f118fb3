#include "ghaplay/api.h"
#include "ghaplay/simulation.h"
#include "simulate/run_budget.h"
#include "simulate/script_memory.h"

namespace ghaplay::api {

SimulationSession::SimulationSession() : memory_(std::make_unique<sim::ScriptMemory>()) {}

SimulationSession::~SimulationSession() = default;

std::string SimulationSession::simulate_json(std::string_view workflow_yaml, std::string_view scenario_json) {
  return to_json(sim::simulate_with_limits(workflow_yaml, scenario_json, sim::RunLimits{}, memory_.get()));
}

std::size_t SimulationSession::scripts_reused() const { return memory_->carried_over(); }

}  // namespace ghaplay::api
