#pragma once
// Re-reading one job after an edit. Typing in a large workflow changes one job at a time, yet
// reading the whole file again (yaml-cpp and the loader) is most of a run's time: for 500 jobs,
// about 30 ms natively against 1 for one job. A full load can note where each job's lines are and
// what the loader found in them; the next text, when it differs from this one only inside one job's
// lines, then has that job re-read alone. The result is the one a full load gives: the conditions
// below keep every case where it might not to a full load, and the tests compare the two on every
// example and on generated edits.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/workflow.h"

namespace ghaplay::workflow {

// One entry of `jobs`, which starts its own line (the block style every example uses).
struct JobSpan {
  std::size_t begin = 0;           // where the line of its key starts
  std::size_t key_offset = 0;      // where the key starts
  std::string key;                 // as read
  std::optional<std::size_t> job;  // its index in Workflow::jobs; none when it is not a mapping
  Diagnostics diagnostics;         // what the loader found in it, in the order found
};

// A loaded text whose jobs can be re-read one at a time: no YAML error, no anchor or alias (a job
// could then depend on another's text), `jobs` a block mapping whose keys each start a line at the
// same column.
struct JobLayout {
  Diagnostics before_jobs;   // what the loader found before the first job, in the order found
  std::vector<JobSpan> jobs; // in file order
  std::size_t jobs_end = 0;  // where the last job's lines end: the line of the next top-level key, or the end
  Diagnostics needs_diagnostics;  // unknown-needs and needs-cycle, found after the jobs
};

struct LayoutLoad {
  LoadResult result;                // what load_workflow() gives for the same text
  std::optional<JobLayout> layout;  // absent when the text cannot be re-read a job at a time
};

LayoutLoad load_workflow_with_layout(std::string_view yaml_text);

// Where an edit falls: the job whose lines hold every changed byte, and those lines in the new text.
struct JobEdit {
  std::size_t job = 0;  // index in JobLayout::jobs
  std::size_t begin = 0;
  std::size_t end = 0;
  std::ptrdiff_t shift = 0;  // how far the text after the job moved, in bytes
};

// The job whose lines `new_text` changes in `old_text` (the text `layout` was noted from; both
// without a byte order mark), when that job alone changes
// and can be read alone: the other jobs keep their bytes and their lines (an edit that adds or
// removes a line qualifies only in the last job, when nothing follows `jobs`), and every line of the
// edited job after its key is blank, a comment, or indented deeper than the key, so that its lines
// read alone give what they give within the file.
std::optional<JobEdit> find_job_edit(const JobLayout& layout, std::string_view old_text, std::string_view new_text);

// When find_job_edit() finds the job and its lines read alone give one entry with the same key,
// re-reads that job into `workflow` (the one loaded from `old_yaml`, which `layout` was noted
// from), sets `diagnostics` to what load_workflow(new_yaml) would report and `reloaded` (if given)
// to what changed in the model, updates `layout` to `new_yaml` and returns true. Otherwise changes
// nothing and returns false: the caller loads the whole text.
struct ReloadedJob {
  std::optional<std::size_t> index;  // in Workflow::jobs; none when the entry is not a mapping
  std::optional<Job> previous;       // the job it replaced
};
bool reload_edited_job(JobLayout& layout, Workflow& workflow, std::string_view old_yaml, std::string_view new_yaml,
                       Diagnostics& diagnostics, ReloadedJob* reloaded = nullptr);

}  // namespace ghaplay::workflow
