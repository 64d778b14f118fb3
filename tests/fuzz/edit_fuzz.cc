// An edit loaded the way the page's engine loads it (checks/incremental_load.h: the job the edit
// stays in is re-read alone) must give what loading the edited text whole gives: the model with
// every position, and the findings. And a session that simulated the text before must answer the
// text after as a fresh simulation does, whatever it takes from its call before (run memo, script
// memory), and so must a bounded call (SimulationSession::simulate_json_within) that answers.
// Input: the text before, a NUL byte, the text after; without a NUL byte, the input before and the
// input with an `x` typed at its middle after.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "checks/incremental_load.h"
#include "checks/static_checks.h"
#include "fuzz_input.h"
#include "ghaplay/api.h"
#include "json/diagnostics_json.h"
#include "support/model_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = ghaplay::fuzz::as_text(data, size);
  std::string typed = std::string(input).insert(input.size() / 2, "x");
  auto [before, after] = ghaplay::fuzz::split_at_nul(input, typed);
  ghaplay::checks::IncrementalLoad load;
  load.load(before);
  const ghaplay::workflow::LoadResult& kept = load.load(after);
  ghaplay::workflow::LoadResult whole = ghaplay::checks::load_and_check(after);
  if (kept.workflow.has_value() != whole.workflow.has_value()) __builtin_trap();
  if (ghaplay::json::diagnostics_json(kept.diagnostics) != ghaplay::json::diagnostics_json(whole.diagnostics))
    __builtin_trap();
  if (whole.workflow &&
      ghaplay::testing::ModelText::of(*kept.workflow) != ghaplay::testing::ModelText::of(*whole.workflow))
    __builtin_trap();
  std::string fresh = ghaplay::api::simulate_json(after, "");
  ghaplay::api::SimulationSession session;
  session.simulate_json(before, "");
  if (session.simulate_json(after, "") != fresh) __builtin_trap();
  // The same edit through a bounded call, as the page's main thread makes it: its answer, when it
  // gives one, is the fresh one, and so is the next call's after it declined.
  ghaplay::api::SimulationSession bounded;
  bounded.simulate_json(before, "");
  std::optional<std::string> within = bounded.simulate_json_within(after, "", size % 4);
  if (within && *within != fresh) __builtin_trap();
  if (bounded.simulate_json(after, "") != fresh) __builtin_trap();
  return 0;
}
