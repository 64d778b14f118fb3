#pragma once
// Checks like actionlint's that need the whole workflow: references through `needs` and `steps`
// that can only give '' at run time, and expressions where GitHub refuses them.

#include <cstddef>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/workflow.h"

namespace ghaplay::checks {

// needs-not-direct, unknown-job-output, unknown-step (warnings) and matrix-in-output-name (error).
Diagnostics check_references(const workflow::Workflow& workflow);

// The same, job by job (in Workflow::jobs' order); and for the job at `index` alone. What one job's
// checks read of the others: ids, whether each calls a reusable workflow, and its outputs' names.
std::vector<Diagnostics> check_references_by_job(const workflow::Workflow& workflow);
Diagnostics check_job_references(const workflow::Workflow& workflow, std::size_t index);
// Whether `a` and `b` look the same to the other jobs' checks.
bool same_for_other_jobs(const workflow::Job& a, const workflow::Job& b);

// Everything `ghaplay check` reports: the loader's findings and the checks above, by position.
// `simulate` starts from the same result, so both commands report the same findings.
workflow::LoadResult load_and_check(std::string_view yaml_text);

}  // namespace ghaplay::checks
