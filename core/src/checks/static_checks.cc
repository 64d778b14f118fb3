#include "checks/static_checks.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "common/text.h"

namespace ghaplay::checks {
namespace {

using workflow::Job;
using workflow::Node;
using workflow::Scalar;
using workflow::Step;

// Which step ids a template may read through `steps`.
struct StepScope {
  enum class Kind { None, Before, All } kind = Kind::None;
  std::size_t step_index = 0;  // for Before: steps before this one
};

expr::ParseOptions any_reference() {
  expr::ParseOptions options;
  options.allow_any_named_value = true;
  for (const char* name : {"success", "failure", "cancelled", "always", "hashFiles"})
    options.functions.push_back({name, 0, 255});
  return options;
}

class ReferenceChecker {
 public:
  // One checker for the workflow: its index of the jobs serves every job's check. A checker for one
  // job (an edit re-checks its job alone, on every key) looks the few jobs it names up in the list
  // instead of indexing all of them.
  explicit ReferenceChecker(const workflow::Workflow& wf, bool indexed = true) : wf_(wf), indexed_(indexed) {
    if (indexed)
      for (const auto& job : wf.jobs) jobs_by_id_.emplace(text::fold_case(job.id), &job);
  }

  void check_job(const Job& job, Diagnostics& out) {
    job_ = &job;
    out_ = &out;
    for (const auto& entry : job.outputs) {
      if (entry.key.find("${{") != std::string::npos)
        report(Severity::Error, DiagnosticCode::MatrixInOutputName,
               "The output name '" + entry.key + "' holds an expression; GitHub refuses expressions in output names. "
               "Use a fixed name per value, e.g. output_linux: ${{ steps.x.outputs.v }}.",
               entry.key_position, "");
    }
    StepScope none;
    if (job.name) scalar(*job.name, none, "");
    if (job.condition) tmpl(*job.condition, none, "");
    if (job.runs_on) node(*job.runs_on, none);
    map(job.env, none, "");
    map(job.with, none, "");
    map(job.secrets, none, "");
    if (job.continue_on_error) scalar(*job.continue_on_error, none, "");
    if (job.strategy && job.strategy->matrix) {
      const auto& matrix = *job.strategy->matrix;
      if (matrix.expression) scalar(*matrix.expression, none, "");
      for (const auto& dimension : matrix.dimensions) {
        if (dimension.expression) scalar(*dimension.expression, none, "");
        for (const auto& value : dimension.values) node(value, none);
      }
      for (const auto& entry : matrix.include) node(entry, none);
      for (const auto& entry : matrix.exclude) node(entry, none);
    }
    map(job.outputs, {StepScope::Kind::All, 0}, "");
    for (const auto& step : job.steps) {
      StepScope before{StepScope::Kind::Before, step.index};
      std::string label = step.label();
      for (const auto* s : {&step.name, &step.run, &step.shell, &step.uses, &step.working_directory,
                            &step.continue_on_error, &step.timeout_minutes})
        if (*s) scalar(**s, before, label);
      if (step.condition) tmpl(*step.condition, before, label);
      map(step.with, before, label);
      map(step.env, before, label);
    }
  }

 private:
  void report(Severity severity, DiagnosticCode code, std::string message, SourcePosition where, const std::string& step) {
    out_->push_back({severity, code, std::move(message), where, job_->id, step});
  }

  void map(const workflow::OrderedMap& entries, StepScope scope, const std::string& step) {
    for (const auto& entry : entries) scalar(entry.value, scope, step);
  }

  void node(const Node& n, StepScope scope) {
    if (n.is_scalar()) scalar(n.scalar, scope, "");
    for (const auto& item : n.items) node(item, scope);
    for (const auto& [key, value] : n.entries) node(value, scope);
  }

  void scalar(const Scalar& s, StepScope scope, const std::string& step) { tmpl(s.tmpl, scope, step); }

  void tmpl(const Template& t, StepScope scope, const std::string& step) {
    for (const auto& part : t.parts()) {
      if (!part.is_expression()) continue;
      auto parsed = expr::Expression::parse(part.text, any_reference());
      if (!std::holds_alternative<expr::Expression>(parsed)) continue;  // the loader reports syntax
      for (const auto& reference : std::get<expr::Expression>(parsed).property_references())
        check_reference(reference, part.position_at(static_cast<std::size_t>(reference.offset)), scope, step);
    }
  }

  void check_reference(const expr::PropertyReference& reference, SourcePosition where, StepScope scope,
                       const std::string& step) {
    const auto& path = reference.path;
    if (path.size() < 2) return;
    if (text::equals_ignore_case(path[0], "needs")) check_needs(path, where, step);
    if (text::equals_ignore_case(path[0], "steps")) check_steps(path[1], where, scope, step);
  }

  void check_needs(const std::vector<std::string>& path, SourcePosition where, const std::string& step) {
    const std::string& target = path[1];
    bool direct = false;
    for (const auto& [need, position] : job_->needs) direct = direct || text::equals_ignore_case(need, target);
    const Job* other = find_job(target);
    if (!direct) {
      if (other) {
        report(Severity::Warning, DiagnosticCode::NeedsNotDirect,
               "needs." + target + " is empty here: job '" + job_->id + "' does not list '" + other->id +
                   "' in its needs, and the needs context holds only direct dependencies, so this reads ''. Add '" +
                   other->id + "' to needs: of '" + job_->id + "'.",
               where, step);
      } else {
        report(Severity::Warning, DiagnosticCode::NeedsNotDirect,
               "needs." + target + " names no job of this workflow and no dependency of '" + job_->id +
                   "'; it reads ''. Check the job id.",
               where, step);
      }
      return;
    }
    if (path.size() < 4 || !text::equals_ignore_case(path[2], "outputs") || !other || other->calls_reusable_workflow())
      return;
    if (workflow::find_entry(other->outputs, path[3])) return;
    std::string declared;
    for (const auto& entry : other->outputs) declared += (declared.empty() ? "" : ", ") + entry.key;
    report(Severity::Warning, DiagnosticCode::UnknownJobOutput,
           "needs." + target + ".outputs." + path[3] + " is always '': job '" + other->id + "' declares no output '" +
               path[3] + "' (" + (declared.empty() ? "it declares no outputs" : "it declares " + declared) +
               "). Declare it under jobs." + other->id + ".outputs.",
           where, step);
  }

  void check_steps(const std::string& target, SourcePosition where, StepScope scope, const std::string& step) {
    const Step* found = nullptr;
    for (const auto& candidate : job_->steps)
      if (candidate.id && text::equals_ignore_case(candidate.id->text, target)) found = &candidate;
    bool visible = found && (scope.kind == StepScope::Kind::All ||
                             (scope.kind == StepScope::Kind::Before && found->index < scope.step_index));
    if (visible) return;
    std::string message;
    if (!found) {
      message = "steps." + target + " names no step of job '" + job_->id + "': no step has `id: " + target +
                "`, so this reads ''. Give the step that id.";
    } else if (scope.kind == StepScope::Kind::None) {
      message = "steps." + target + " is not available here: the steps context exists only inside steps and in "
                "jobs.<id>.outputs.";
    } else {
      message = "steps." + target + " reads '' here: step '" + target + "' runs at or after this step, and the steps "
                "context holds only steps that already ran. Move the step earlier.";
    }
    report(Severity::Warning, DiagnosticCode::UnknownStep, std::move(message), where, step);
  }

  // The first job whose id is `id` but for case, as the index keeps the first of equal ids.
  const Job* find_job(const std::string& id) const {
    if (indexed_) {
      auto found = jobs_by_id_.find(text::fold_case(id));
      return found == jobs_by_id_.end() ? nullptr : found->second;
    }
    for (const auto& job : wf_.jobs)
      if (text::equals_ignore_case(job.id, id)) return &job;
    return nullptr;
  }

  const workflow::Workflow& wf_;
  bool indexed_ = true;
  std::unordered_map<std::string, const Job*> jobs_by_id_;  // folded id -> job, when indexed_
  Diagnostics* out_ = nullptr;  // the checked job's findings
  const Job* job_ = nullptr;
};

}  // namespace

workflow::LoadResult load_and_check(std::string_view yaml_text) {
  workflow::LoadResult result = workflow::load_workflow(yaml_text);
  if (!result.workflow) return result;
  for (auto& diagnostic : check_references(*result.workflow)) result.diagnostics.push_back(std::move(diagnostic));
  sort_by_position(result.diagnostics);
  return result;
}

Diagnostics check_references(const workflow::Workflow& workflow) {
  Diagnostics out;
  ReferenceChecker checker(workflow);
  for (const auto& job : workflow.jobs) checker.check_job(job, out);
  return out;
}

std::vector<Diagnostics> check_references_by_job(const workflow::Workflow& workflow) {
  std::vector<Diagnostics> by_job(workflow.jobs.size());
  ReferenceChecker checker(workflow);
  for (std::size_t index = 0; index < workflow.jobs.size(); ++index) checker.check_job(workflow.jobs[index], by_job[index]);
  return by_job;
}

Diagnostics check_job_references(const workflow::Workflow& workflow, std::size_t index) {
  Diagnostics out;
  ReferenceChecker(workflow, /*indexed=*/false).check_job(workflow.jobs[index], out);
  return out;
}

bool same_for_other_jobs(const workflow::Job& a, const workflow::Job& b) {
  if (a.id != b.id || a.calls_reusable_workflow() != b.calls_reusable_workflow() || a.outputs.size() != b.outputs.size())
    return false;
  for (std::size_t i = 0; i < a.outputs.size(); ++i)
    if (a.outputs[i].key != b.outputs[i].key) return false;
  return true;
}

}  // namespace ghaplay::checks
