#include "ghaplay/api.h"

#include "checks/static_checks.h"
#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"
#include "simulate/run_budget.h"
#include "simulate/script_memory.h"

namespace ghaplay::api {

// The last text loaded: the scenario panel changes the scenario alone, and a large workflow's
// YAML, loading and checks are then nearly half of its simulation.
struct SimulationSession::LastLoad {
  std::string yaml;
  workflow::LoadResult loaded;
};

SimulationSession::SimulationSession() : memory_(std::make_unique<sim::ScriptMemory>()) {}

SimulationSession::~SimulationSession() = default;

std::string SimulationSession::simulate_json(std::string_view workflow_yaml, std::string_view scenario_json) {
  if (!last_load_ || last_load_->yaml != workflow_yaml) {
    last_load_.reset();  // the old model's memory is free before the new one is built
    last_load_ = std::make_unique<LastLoad>(LastLoad{std::string(workflow_yaml), checks::load_and_check(workflow_yaml)});
  }
  return to_json(sim::simulate_loaded(last_load_->loaded, scenario_json, sim::RunLimits{}, memory_.get()));
}

std::size_t SimulationSession::scripts_reused() const { return memory_->carried_over(); }

}  // namespace ghaplay::api
