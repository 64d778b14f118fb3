// The whole engine on one input: YAML loader, static checks, scenario reader, simulator (every
// interpreter a workflow's `run:` steps reach) and the result's JSON. Input: the workflow, then
// optionally a NUL byte and the scenario JSON.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "ghaplay/simulation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [workflow, scenario] = ghaplay::fuzz::split_at_nul(ghaplay::fuzz::as_text(data, size), "{}");
  ghaplay::SimulationResult result = ghaplay::simulate(workflow, scenario);
  std::string json = ghaplay::to_json(result);
  if (json.empty() || json.front() != '{') __builtin_trap();  // the result is always a JSON object
  return 0;
}
