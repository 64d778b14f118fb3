// The WebAssembly front end: binds ghaplay::api (JSON strings in, JSON strings out) with Embind.
// Nothing else lives here; the page and the Node tests parse the JSON the core returns.
//
//   const ghaplay = await createGhaplay();
//   JSON.parse(ghaplay.evaluate("1 == 1", "{}"))   // {"kind":"Boolean","value":true}
//   JSON.parse(ghaplay.check(workflowYaml))        // {"diagnostics":[...]}
//   JSON.parse(ghaplay.simulate(yaml, scenario))   // schema/result.schema.json
//   ghaplay.version()                              // "0.1.0"
//   ghaplay.rememberScripts(true)                  // later simulate() calls reuse script answers and jobs
//   ghaplay.answerChanges(true)                    // ...and answer the jobs that changed, the rest as 0
//   ghaplay.simulateWithin(yaml, scenario, 16)     // simulate()'s answer if it costs at most 16 jobs, or ''
//
// `run:` scripts run on the interpreter modules attached to this one (script_bridge.cc).
//
// Embind is the module's API (issue #4): plain functions, strings in and out, nothing to
// .delete(). evaluate, check and simulate take their text as bytes in the module's memory and
// leave their answer there, returning where it is (the *Bytes functions below); strings.post.js
// wraps them as the functions above, moving the text with the browser's own TextEncoder and
// TextDecoder. Embind's
// std::string conversion walks every character in JavaScript, twice each way: it was more than
// half of a short evaluate() call once the engine itself had been made fast.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ghaplay/api.h"

namespace {

// The last answer, read by strings.post.js before the next call.
std::string answer;

// Where the answer is, in the module's memory: each *Bytes function returns this struct's address,
// so that one call from JavaScript both runs and says where to read (a second Embind call for the
// address cost more than reading it).
struct AnswerPlace {
  std::uint32_t address;
  std::uint32_t size;
} answer_place;

std::string_view text_at(std::uintptr_t address, std::uint32_t size) {
  return std::string_view(reinterpret_cast<const char*>(address), size);
}

std::uintptr_t keep(std::string text) {
  answer = std::move(text);
  answer_place = {static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(answer.data())),
                  static_cast<std::uint32_t>(answer.size())};
  return reinterpret_cast<std::uintptr_t>(&answer_place);
}

std::uintptr_t evaluate_bytes(std::uintptr_t expression, std::uint32_t expression_size, std::uintptr_t context_json,
                             std::uint32_t context_size) {
  return keep(ghaplay::api::evaluate_json(text_at(expression, expression_size), text_at(context_json, context_size)));
}

std::uintptr_t check_bytes(std::uintptr_t workflow_yaml, std::uint32_t workflow_size) {
  return keep(ghaplay::api::check_json(text_at(workflow_yaml, workflow_size)));
}

// While rememberScripts(true) holds: each simulate() reuses the answers of the scripts the one
// before it ran with the same input, and takes the jobs an edit cannot reach from it
// (api::SimulationSession). The page turns it on, as it simulates on every keystroke; a caller
// timing the engine on a text it has not seen leaves it off.
std::unique_ptr<ghaplay::api::SimulationSession> session;

std::uintptr_t simulate_bytes(std::uintptr_t workflow_yaml, std::uint32_t workflow_size, std::uintptr_t scenario_json,
                             std::uint32_t scenario_size) {
  std::string_view yaml = text_at(workflow_yaml, workflow_size);
  std::string_view scenario = text_at(scenario_json, scenario_size);
  return keep(session ? session->simulate_json(yaml, scenario) : ghaplay::api::simulate_json(yaml, scenario));
}

// simulateWithin(): simulate(), while rememberScripts(true) holds, when the text is an edit of one
// job of the last one and at most max_jobs jobs are simulated again
// (SimulationSession::simulate_json_within); otherwise an empty answer, and nothing simulated.
std::uintptr_t simulate_within_bytes(std::uintptr_t workflow_yaml, std::uint32_t workflow_size,
                                    std::uintptr_t scenario_json, std::uint32_t scenario_size, std::uint32_t max_jobs) {
  if (!session) return keep({});
  std::optional<std::string> json =
      session->simulate_json_within(text_at(workflow_yaml, workflow_size), text_at(scenario_json, scenario_size), max_jobs);
  return keep(json ? std::move(*json) : std::string());
}

// answerChanges(true): while rememberScripts(true) holds, a simulate() answer writes each job the
// previous answer had, unchanged, as 0 (SimulationSession::answer_changes; web/src/engine-calls.js
// fills them in). Called again, either way, the next answer is whole.
bool answer_changes = false;

void remember_scripts(bool on) {
  if (!on) {
    session.reset();
  } else if (!session) {
    session = std::make_unique<ghaplay::api::SimulationSession>();
    session->answer_changes(answer_changes);
  }
}

void set_answer_changes(bool on) {
  answer_changes = on;
  if (session) session->answer_changes(on);
}

// How many script runs the last simulate() answered from the one before (0 when not remembering).
std::uint32_t scripts_reused() { return session ? static_cast<std::uint32_t>(session->scripts_reused()) : 0; }

// How many jobs the last simulate() took from the one before (0 when not remembering).
std::uint32_t jobs_reused() { return session ? static_cast<std::uint32_t>(session->jobs_reused()) : 0; }

std::string version() { return ghaplay::api::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(ghaplay) {
  emscripten::function("evaluateBytes", &evaluate_bytes);
  emscripten::function("checkBytes", &check_bytes);
  emscripten::function("simulateBytes", &simulate_bytes);
  emscripten::function("simulateWithinBytes", &simulate_within_bytes);
  emscripten::function("version", &version);
  emscripten::function("rememberScripts", &remember_scripts);
  emscripten::function("answerChanges", &set_answer_changes);
  emscripten::function("scriptsReused", &scripts_reused);
  emscripten::function("jobsReused", &jobs_reused);
}
