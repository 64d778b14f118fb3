#pragma once
// Checks like actionlint's that need the whole workflow: references through `needs` and `steps`
// that can only give '' at run time, and expressions where GitHub refuses them.

#include "ghaplay/diagnostic.h"
#include "ghaplay/workflow.h"

namespace ghaplay::checks {

// needs-not-direct, unknown-job-output, unknown-step (warnings) and matrix-in-output-name (error).
Diagnostics check_references(const workflow::Workflow& workflow);

// Everything `ghaplay check` reports: the loader's findings and the checks above, by position.
// `simulate` starts from the same result, so both commands report the same findings.
workflow::LoadResult load_and_check(std::string_view yaml_text);

}  // namespace ghaplay::checks
