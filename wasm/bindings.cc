// The WebAssembly front end: binds ghaplay::api (JSON strings in, JSON strings out) with Embind.
// Nothing else lives here; the page and the Node tests parse the JSON the core returns.
//
//   const ghaplay = await createGhaplay();
//   JSON.parse(ghaplay.evaluate("1 == 1", "{}"))   // {"kind":"Boolean","value":true}
//   JSON.parse(ghaplay.check(workflowYaml))        // {"diagnostics":[...]}
//   JSON.parse(ghaplay.simulate(yaml, scenario))   // schema/result.schema.json
//   ghaplay.version()                              // "0.1.0"
//
// `run:` scripts run on the interpreter modules attached to this one (script_bridge.cc).
//
// Embind is the module's API by design (issue #4): plain functions, strings in and out, nothing to
// .delete(). Its std::string conversions cost about a quarter of a short evaluate() call; a
// hand-written C export measured 1.2x @actions/expressions against about 0.9x with Embind, and
// was tried and set aside (bench/README.md), the API being the contract the page and users rely on.
#include <emscripten/bind.h>

#include <string>

#include "ghaplay/api.h"

namespace {

std::string evaluate(const std::string& expression, const std::string& context_json) {
  return ghaplay::api::evaluate_json(expression, context_json);
}

std::string check(const std::string& workflow_yaml) {
  return ghaplay::api::check_json(workflow_yaml);
}

std::string simulate(const std::string& workflow_yaml, const std::string& scenario_json) {
  return ghaplay::api::simulate_json(workflow_yaml, scenario_json);
}

std::string version() { return ghaplay::api::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(ghaplay) {
  emscripten::function("evaluate", &evaluate);
  emscripten::function("check", &check);
  emscripten::function("simulate", &simulate);
  emscripten::function("version", &version);
}
