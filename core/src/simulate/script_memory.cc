#include "simulate/script_memory.h"

#include "scripts/script_wire.h"

namespace ghaplay::sim {

void ScriptMemory::start() {
  previous_ = std::move(current_);
  current_.clear();
  kept_bytes_ = 0;
}

void ScriptMemory::resume() {
  for (auto& [key, environment] : current_) environment->runs.resume_generation();
}

ScriptMemory::Environment& ScriptMemory::environment(const std::map<std::string, std::string>& base_environment) {
  std::string key = scripts::encode_environment(base_environment);
  if (auto found = current_.find(key); found != current_.end()) return *found->second;
  std::unique_ptr<Environment> environment;
  if (auto earlier = previous_.find(key); earlier != previous_.end()) {
    environment = std::move(earlier->second);
    previous_.erase(earlier);
    environment->runs.start_generation();
  } else {
    environment = std::make_unique<Environment>(&kept_bytes_);
  }
  return *current_.emplace(std::move(key), std::move(environment)).first->second;
}

std::size_t ScriptMemory::carried_over() const {
  std::size_t total = 0;
  for (const auto& [key, environment] : current_) total += environment->runs.carried_over();
  return total;
}

}  // namespace ghaplay::sim
