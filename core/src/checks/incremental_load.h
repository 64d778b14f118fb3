#pragma once
// The load and checks of the text a session saw last, kept for the next text: the same text gives
// the same result, and a text that differs only inside one job has that job re-read alone
// (workflow/job_layout.h). The result is always the one checks::load_and_check() gives.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghaplay/workflow.h"
#include "workflow/job_layout.h"

namespace ghaplay::checks {

class IncrementalLoad {
 public:
  const workflow::LoadResult& load(std::string_view yaml_text);

  // load(), when that is cheap: the text is the last one, or differs from it inside one job only,
  // which is re-read alone. Otherwise nullptr: the text is not loaded, and load() would read it whole.
  const workflow::LoadResult* load_if_cheap(std::string_view yaml_text);

  // How many loads re-read one job rather than the whole text (for the tests and the bench).
  std::size_t jobs_reread() const { return jobs_reread_; }

  // What the last load() may have changed in the model the one before it returned: nothing (the
  // same text), one job (re-read alone; every other part of the model is as it was), or anything.
  struct Change {
    bool whole = true;
    std::optional<std::size_t> job;  // in Workflow::jobs, when only it changed
  };
  const Change& last_change() const { return change_; }

 private:
  bool reload_one_job(std::string_view yaml_text);
  void combine_diagnostics();

  bool loaded_ = false;
  std::string yaml_;
  workflow::LoadResult result_;
  std::optional<workflow::JobLayout> layout_;
  // The two halves of result_.diagnostics, kept apart so that an edit redoes only its own job's part.
  Diagnostics loader_diagnostics_;              // load_workflow()'s
  std::vector<Diagnostics> reference_diagnostics_;  // check_references()', job by job
  std::size_t jobs_reread_ = 0;
  Change change_;
};

}  // namespace ghaplay::checks
