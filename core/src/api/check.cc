// `ghaplay check --format json` and the page's check: load the workflow, report its diagnostics.
#include "ghaplay/api.h"
#include "checks/static_checks.h"
#include "ghaplay/workflow.h"
#include "json/diagnostics_json.h"

namespace ghaplay::api {

std::string check_json(std::string_view workflow_yaml) {
  // load_workflow catches everything inside; only running out of memory can reach here.
  try {
    return json::diagnostics_json(checks::load_and_check(workflow_yaml).diagnostics);
  } catch (...) {
    Diagnostic diagnostic;
    diagnostic.code = DiagnosticCode::LimitExceeded;
    diagnostic.message = "ghaplay ran out of memory while checking the workflow.";
    return json::diagnostics_json({diagnostic});
  }
}

}  // namespace ghaplay::api
