#include "checks/incremental_load.h"

#include <new>
#include <utility>

#include "checks/static_checks.h"

namespace ghaplay::checks {

const workflow::LoadResult* IncrementalLoad::load_if_cheap(std::string_view yaml_text) {
  if (loaded_ && yaml_ == yaml_text) {
    change_ = {false, std::nullopt};
    return &result_;
  }
  if (loaded_ && reload_one_job(yaml_text)) {
    ++jobs_reread_;
    return &result_;
  }
  return nullptr;
}

const workflow::LoadResult& IncrementalLoad::load(std::string_view yaml_text) {
  if (const workflow::LoadResult* cheap = load_if_cheap(yaml_text)) return *cheap;
  // The old model's memory is free before the new one is built.
  change_ = {};
  loaded_ = false;
  result_ = {};
  layout_.reset();
  yaml_.clear();
  workflow::LayoutLoad load = workflow::load_workflow_with_layout(yaml_text);
  result_ = std::move(load.result);
  layout_ = std::move(load.layout);
  loader_diagnostics_ = std::move(result_.diagnostics);
  reference_diagnostics_.clear();
  if (result_.workflow) reference_diagnostics_ = check_references_by_job(*result_.workflow);
  combine_diagnostics();
  yaml_ = yaml_text;
  loaded_ = true;
  return result_;
}

bool IncrementalLoad::reload_one_job(std::string_view yaml_text) {
  if (!layout_ || !result_.workflow) return false;
  Diagnostics found;
  workflow::ReloadedJob reloaded;
  try {
    if (!workflow::reload_edited_job(*layout_, *result_.workflow, yaml_, yaml_text, found, &reloaded)) return false;
    // From here the model is the new text's: on failure nothing of it may be kept.
    loaded_ = false;
    loader_diagnostics_ = std::move(found);
    const workflow::Workflow& workflow = *result_.workflow;
    if (reloaded.index) {
      if (same_for_other_jobs(*reloaded.previous, workflow.jobs[*reloaded.index]))
        reference_diagnostics_[*reloaded.index] = check_job_references(workflow, *reloaded.index);
      else
        reference_diagnostics_ = check_references_by_job(workflow);
    }
    combine_diagnostics();
    yaml_ = yaml_text;
    loaded_ = true;
    // An entry that is not a mapping, or was not one, adds or removes a job: the others move.
    change_ = reloaded.index && reloaded.previous ? Change{false, reloaded.index} : Change{};
    return true;
  } catch (const std::bad_alloc&) {
    return false;  // loaded_ is false: the whole text is loaded again
  }
}

// As load_and_check() orders them: the loader's by position, then the references' appended, all
// sorted again by position (stable, so that equal positions keep this order).
void IncrementalLoad::combine_diagnostics() {
  Diagnostics all = loader_diagnostics_;
  for (const auto& part : reference_diagnostics_) all.insert(all.end(), part.begin(), part.end());
  sort_by_position(all);
  result_.diagnostics = std::move(all);
}

}  // namespace ghaplay::checks
