// The run: jobs in dependency order, each job's condition, matrix legs, steps and outputs, and what
// every job passes on through `needs` (SEMANTICS §3-§8).
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "checks/static_checks.h"
#include "common/text.h"
#include "expr/coercion.h"
#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"
#include "simulate/conditions.h"
#include "simulate/contexts.h"
#include "simulate/job_outputs.h"
#include "simulate/matrix.h"
#include "simulate/run_budget.h"
#include "simulate/run_memo.h"
#include "simulate/scenario.h"
#include "simulate/script_memory.h"
#include "simulate/step_runner.h"
#include "simulate/step_sequence.h"

namespace ghaplay {
namespace sim {
namespace {

using workflow::Place;

// Jobs in an order where every job comes after its needs; among ready jobs, file order (Kahn's
// algorithm; the loader has already refused cycles, whose jobs would simply never be ready).
std::vector<std::size_t> dependency_order(const std::vector<std::vector<std::size_t>>& needs) {
  // Each job's dependents in one array (a job's run from first[job] to first[job + 1]), and a heap
  // of the ready ones: run on every key of a large workflow, where a vector per job and a tree of
  // the ready ones cost a thousand allocations for 500 jobs.
  std::size_t count = needs.size();
  std::vector<std::size_t> waiting(count, 0);
  std::vector<std::size_t> first(count + 1, 0);
  for (std::size_t i = 0; i < count; ++i) {
    waiting[i] = needs[i].size();
    for (std::size_t need : needs[i]) ++first[need + 1];
  }
  for (std::size_t i = 0; i < count; ++i) first[i + 1] += first[i];
  std::vector<std::size_t> dependents(first[count]);
  std::vector<std::size_t> filled(first.begin(), first.end() - 1);
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t need : needs[i]) dependents[filled[need]++] = i;
  // The smallest ready index first, as in file order among jobs free to run.
  std::vector<std::size_t> ready;
  ready.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    if (waiting[i] == 0) ready.push_back(i);
  std::make_heap(ready.begin(), ready.end(), std::greater<>{});
  std::vector<std::size_t> order;
  order.reserve(count);
  while (!ready.empty()) {
    std::pop_heap(ready.begin(), ready.end(), std::greater<>{});
    std::size_t next = ready.back();
    ready.pop_back();
    order.push_back(next);
    for (std::size_t k = first[next]; k < first[next + 1]; ++k) {
      if (--waiting[dependents[k]] == 0) {
        ready.push_back(dependents[k]);
        std::push_heap(ready.begin(), ready.end(), std::greater<>{});
      }
    }
  }
  return order;
}

// The status functions' view of a job's ancestors, folded from its direct needs' own views.
AncestorSummary summarize(const std::vector<std::size_t>& needs, const std::vector<std::string>& results,
                          const std::vector<AncestorSummary>& summaries) {
  AncestorSummary summary;
  for (std::size_t need : needs) {
    summary.all_succeeded = summary.all_succeeded && results[need] == "success" && summaries[need].all_succeeded;
    summary.any_failed = summary.any_failed || results[need] == "failure" || summaries[need].any_failed;
  }
  return summary;
}

Value make_object(std::initializer_list<std::pair<const char*, Value>> entries) {
  Value object = Value::object();
  object.as_object().reserve(entries.size());
  for (const auto& [key, value] : entries) object.as_object().set(key, value);
  return object;
}

class Simulation {
 public:
  // memory: the answers of an earlier simulation's scripts, which this one reuses and adds to; or
  // null, when the answers live as long as the simulation (in a memory of its own). memo: the jobs
  // of the simulation before, to take where unchanged, and where this one records its own; or null.
  // scenario_json: the scenario's text, as the memo compares them.
  Simulation(const workflow::Workflow& wf, Scenario scenario, SimulationResult& result, const RunLimits& limits,
             ScriptMemory* memory, RunMemo* memo, std::string_view scenario_json)
      : wf_(wf), scenario_(std::move(scenario)), result_(result), remembers_(memory != nullptr),
        memory_(memory ? *memory : own_memory_), memo_(memo), scenario_json_(scenario_json), budget_(limits) {
    for (std::size_t i = 0; i < wf_.jobs.size(); ++i) index_.emplace(text::fold_case(wf_.jobs[i].id), i);
    needs_.resize(wf_.jobs.size());
    for (std::size_t i = 0; i < wf_.jobs.size(); ++i)
      for (const auto& [need, position] : wf_.jobs[i].needs)
        if (auto found = index_.find(text::fold_case(need)); found != index_.end()) needs_[i].push_back(found->second);
    results_.assign(wf_.jobs.size(), "skipped");
    outputs_.assign(wf_.jobs.size(), Value());
    summaries_.resize(wf_.jobs.size());
    github_ = github_context(wf_, scenario_);
    secrets_ = scenario_.secrets.clone();
    if (!secrets_.as_object().find("GITHUB_TOKEN"))
      secrets_.as_object().set("GITHUB_TOKEN", Value("ghs_ghaplaySimulatedToken0000000000000000"));
    for (const auto& [name, value] : secrets_.as_object()) masked_.push_back(expr::to_display_string(value));
    inputs_ = build_inputs();
    base_contexts_ = build_base_contexts();
  }

  void run() {
    check_scenario_references();
    std::vector<std::optional<JobResult>> by_index(wf_.jobs.size());
    std::vector<std::size_t> order = dependency_order(needs_);
    std::size_t reused = memo_ ? memo_->start_run(order, needs_, scenario_json_, budget_.limits()) : 0;
    if (remembers_) {
      if (reused > 0) memory_.resume();
      else memory_.start();
    }
    std::vector<RunMemo::RanJob> ran;  // what this run leaves the memo after the jobs it took
    bool recording = memo_ != nullptr;
    for (std::size_t place = 0; place < order.size(); ++place) {
      std::size_t index = order[place];
      if (place < reused) {
        const RunMemo::RanJob& kept = memo_->ran(place);
        result_.diagnostics.insert(result_.diagnostics.end(), kept.diagnostics.begin(), kept.diagnostics.end());
        budget_ = kept.budget;
        run_output_bytes_ = kept.output_bytes;
        finish_job(index, memo_->take_result(index), by_index);
        continue;
      }
      if (stopped()) {  // the run's budget is used up: this job is not simulated
        JobResult job_result = not_simulated(wf_.jobs[index]);
        by_index[index] = std::move(job_result);
        continue;
      }
      std::size_t diagnostics_before = result_.diagnostics.size();
      unreusable_answer_ = false;
      finish_job(index, run_job(wf_.jobs[index], index), by_index);
      // A job the budget stopped at, or whose scripts' answers depend on more than their input,
      // ends what the next simulation can take.
      recording = recording && !stopped() && !unreusable_answer_;
      if (recording)
        ran.push_back({index, needs_[index],
                       Diagnostics(result_.diagnostics.begin() + static_cast<std::ptrdiff_t>(diagnostics_before),
                                   result_.diagnostics.end()),
                       budget_, run_output_bytes_});
    }
    result_.jobs.reserve(by_index.size());
    for (auto& job : by_index)
      if (job) result_.jobs.push_back(std::move(*job));
    evaluate_workflow_call_outputs();
    report_budget_stop();
    if (memo_) memo_->record(std::move(ran), reused, scenario_json_, budget_.limits());
  }

 private:
  // Where the run's budget ran out (run_budget.h), and what was left out because of it.
  struct BudgetStop {
    std::string reason;  // a clause: "the run would reach 1001 job runs ..."
    std::string job;
    std::string step;
    SourcePosition position;
  };

  bool stopped() const { return stop_.has_value(); }

  // What the jobs after a job read of it: its result, outputs and ancestors' view.
  void finish_job(std::size_t index, JobResult&& job_result, std::vector<std::optional<JobResult>>& by_index) {
    results_[index] = job_result.result;
    outputs_[index] = job_result.outputs;
    summaries_[index] = summarize(needs_[index], results_, summaries_);
    by_index[index] = std::move(job_result);
  }

  void stop_here(std::string reason, const workflow::Job& job, const std::string& step, SourcePosition position) {
    if (!stop_) stop_ = BudgetStop{std::move(reason), job.id, step, position};
  }

  JobResult not_simulated(const workflow::Job& job) {
    JobResult out;
    out.id = job.id;
    out.name = job.name && !job.name->tmpl.has_expressions() ? job.name->text : job.id;
    out.result = "skipped";
    out.needs_json = expr::to_json(out.needs);
    jobs_not_simulated_.push_back(job.id);
    return out;
  }

  void report_budget_stop() {
    if (!stop_) return;
    std::string message = "ghaplay stopped simulating here: " + stop_->reason + ".";
    if (steps_not_simulated_ > 0)
      message += " Not simulated: " + std::to_string(steps_not_simulated_) + " later step" +
                 (steps_not_simulated_ == 1 ? "" : "s") + " with a script in job '" + stop_->job + "' (skipped).";
    if (!jobs_not_simulated_.empty()) {
      constexpr std::size_t kNamed = 10;
      std::string names;
      for (std::size_t i = 0; i < jobs_not_simulated_.size() && i < kNamed; ++i)
        names += (i ? ", '" : "'") + jobs_not_simulated_[i] + "'";
      if (jobs_not_simulated_.size() > kNamed)
        names += " and " + std::to_string(jobs_not_simulated_.size() - kNamed) + " more";
      message += " Not simulated (result skipped): " + std::to_string(jobs_not_simulated_.size()) + " job" +
                 (jobs_not_simulated_.size() == 1 ? "" : "s") + ", " + names + ".";
    }
    message += " ghaplay bounds each run so that any workflow is simulated in well under a second; simulate "
               "fewer jobs, legs or loop iterations to see the rest.";
    diagnose(Severity::Warning, DiagnosticCode::LimitExceeded, std::move(message), stop_->position, stop_->job,
             stop_->step);
  }

  void diagnose(Severity severity, DiagnosticCode code, std::string message, SourcePosition where,
                const std::string& job = "", const std::string& step = "") {
    result_.diagnostics.push_back({severity, code, std::move(message), where, job, step});
  }

  Value build_inputs() {
    Value inputs = Value::object();
    for (const auto& input : wf_.on.call_inputs) {
      if (!input.default_value) continue;
      Value value = input.default_value->literal_value();
      if (input.type == "string") value = Value(expr::to_display_string(value));
      inputs.as_object().set(input.name, value);
    }
    for (const auto& [name, value] : scenario_.inputs.as_object()) inputs.as_object().set(name, value);
    return inputs;
  }

  // The scenario's step entries by job and step, so that a scenario of thousands of entries costs
  // one lookup per step (as find_override reads them): a step with an id is named by its id (case
  // folded), one without by its name as written.
  static std::string step_key(std::size_t job_index, const workflow::Step& step) {
    if (step.id) return std::to_string(job_index) + ":id:" + text::fold_case(step.id->text);
    if (step.name) return std::to_string(job_index) + ":name:" + step.name->text;
    return "";
  }

  void index_scenario() {
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
      const auto& entry = scenario_.steps[i];
      auto job = index_.find(text::fold_case(entry.job));
      if (job == index_.end()) continue;
      overrides_[std::to_string(job->second) + ":id:" + text::fold_case(entry.step)].push_back(i);
      overrides_[std::to_string(job->second) + ":name:" + entry.step].push_back(i);
    }
  }

  void check_scenario_references() {
    index_scenario();
    std::set<std::string> step_keys;  // of the jobs the scenario names
    std::set<std::size_t> indexed_jobs;
    for (const auto& entry : scenario_.steps) {
      auto found_job = index_.find(text::fold_case(entry.job));
      if (found_job == index_.end()) {
        diagnose(Severity::Warning, DiagnosticCode::InvalidScenario,
                 "The scenario names job '" + entry.job + "', which the workflow does not have.", {});
        continue;
      }
      const workflow::Job* job = &wf_.jobs[found_job->second];
      if (job->calls_reusable_workflow()) continue;
      if (indexed_jobs.insert(found_job->second).second)
        for (const auto& step : job->steps) step_keys.insert(step_key(found_job->second, step));
      std::string prefix = std::to_string(found_job->second);
      bool found = step_keys.count(prefix + ":id:" + text::fold_case(entry.step)) ||
                   step_keys.count(prefix + ":name:" + entry.step);
      if (!found)
        diagnose(Severity::Warning, DiagnosticCode::InvalidScenario,
                 "The scenario names step '" + entry.step + "' of job '" + entry.job +
                     "', but that job has no step with this id. Give the step an `id:` and use it here.",
                 job->position, job->id);
    }
  }

  const StepOverride* find_override(const workflow::Job& job, const workflow::Step& step, const Value& matrix) const {
    if (overrides_.empty()) return nullptr;  // most scenarios give no step's outputs: no key to build
    std::string key = step_key(static_cast<std::size_t>(&job - wf_.jobs.data()), step);
    auto entries = key.empty() ? overrides_.end() : overrides_.find(key);
    if (entries == overrides_.end()) return nullptr;
    const StepOverride* chosen = nullptr;
    for (std::size_t i : entries->second)
      if (matrix_matches(scenario_.steps[i].matrix, matrix)) chosen = &scenario_.steps[i];  // the last match wins
    return chosen;
  }

  Value needs_context(const workflow::Job& job) const {
    Value needs = Value::object();
    std::size_t index = static_cast<std::size_t>(&job - wf_.jobs.data());
    for (std::size_t need : needs_[index]) {
      Value entry = Value::object();
      // `result` before `outputs`, as GitHub prints it (§5).
      entry.as_object().set("result", Value(results_[need]));
      entry.as_object().set("outputs", outputs_[need].is_object() ? outputs_[need].clone() : Value::object());
      needs.as_object().set(wf_.jobs[need].id, entry);
    }
    return needs;
  }

  // The contexts every job starts from, in the order GitHub lists them; `needs` is the job's own.
  Value build_base_contexts() const {
    Value contexts = Value::object();
    auto& c = contexts.as_object();
    c.set("github", github_);
    c.set("inputs", inputs_);
    c.set("vars", scenario_.vars);
    c.set("secrets", secrets_);
    c.set("needs", Value());  // each job's, set in base_context()
    c.set("strategy", Value::object());
    c.set("matrix", Value::object());
    c.set("env", Value::object());
    c.set("steps", Value::object());
    c.set("job", job_status_object("success"));
    c.set("runner", default_runner_);
    return contexts;
  }

  // A copy of the base contexts per job: a leg replaces entries of its job's object, never those of
  // the values they hold, so the values themselves are shared.
  expr::EvaluationContext base_context(const Value& needs) const {
    expr::EvaluationContext context;
    context.contexts = Value(std::make_shared<ObjectData>(base_contexts_.as_object()));
    context.contexts.as_object().set("needs", needs);
    return context;
  }

  // The `job` context for a status: one object per status for the whole run (nothing changes it).
  Value job_status_object(const std::string& status) const {
    auto found = job_status_objects_.find(status);
    if (found == job_status_objects_.end())
      found = job_status_objects_.emplace(status, make_object({{"status", Value(status)}})).first;
    return found->second;
  }

  // A value that may be an expression: `${{ }}` evaluated, a literal typed as YAML types it.
  std::variant<Value, TemplateError> scalar_value(const workflow::Scalar& scalar, const expr::EvaluationContext& context,
                                                 Place place) const {
    if (!scalar.tmpl.has_expressions()) return scalar.literal_value();
    return evaluate(scalar.tmpl, context, workflow::parse_options(place));
  }

  Value evaluate_env(const workflow::OrderedMap& map, Value env, expr::EvaluationContext& context, Place place,
                     const std::string& job_id, const std::string& step) {
    for (const auto& entry : map) {
      auto value = evaluate(entry.value.tmpl, context, workflow::parse_options(place));
      if (auto* error = std::get_if<TemplateError>(&value)) {
        diagnose(Severity::Error, DiagnosticCode::ExpressionEvaluation, error->message, error->position, job_id, step);
        continue;
      }
      env.as_object().set(entry.key, Value(expr::to_display_string(std::get<Value>(value))));
    }
    return env;
  }

  std::optional<Value> matrix_value(const workflow::Job& job, const expr::EvaluationContext& context) {
    const auto& matrix = *job.strategy->matrix;
    auto evaluated = [&](const workflow::Scalar& scalar) -> std::optional<Value> {
      auto value = evaluate(scalar.tmpl, context, workflow::parse_options(Place::Strategy));
      if (auto* error = std::get_if<TemplateError>(&value)) {
        diagnose(Severity::Error, DiagnosticCode::ExpressionEvaluation, error->message, error->position, job.id);
        return std::nullopt;
      }
      return std::get<Value>(value);
    };
    auto node_value = [&](const workflow::Node& node) -> std::optional<Value> {
      auto value = workflow::evaluate(node, context, workflow::parse_options(Place::Strategy));
      if (auto* error = std::get_if<TemplateError>(&value)) {
        diagnose(Severity::Error, DiagnosticCode::ExpressionEvaluation, error->message, error->position, job.id);
        return std::nullopt;
      }
      return std::get<Value>(value);
    };
    if (matrix.expression) return evaluated(*matrix.expression);
    Value object = Value::object();
    for (const auto& dimension : matrix.dimensions) {
      if (dimension.expression) {
        auto value = evaluated(*dimension.expression);
        if (!value) return std::nullopt;
        object.as_object().set(dimension.key, *value);
        continue;
      }
      std::vector<Value> values;
      for (const auto& node : dimension.values) {
        auto value = node_value(node);
        if (!value) return std::nullopt;
        values.push_back(*value);
      }
      object.as_object().set(dimension.key, Value::array(std::move(values)));
    }
    for (auto [key, list, expression] : {std::tuple{"include", &matrix.include, &matrix.include_expression},
                                         std::tuple{"exclude", &matrix.exclude, &matrix.exclude_expression}}) {
      if (*expression) {
        auto value = evaluated(**expression);
        if (!value) return std::nullopt;
        object.as_object().set(key, *value);
      } else if (!list->empty()) {
        std::vector<Value> entries;
        for (const auto& node : *list) {
          auto value = node_value(node);
          if (!value) return std::nullopt;
          entries.push_back(*value);
        }
        object.as_object().set(key, Value::array(std::move(entries)));
      }
    }
    return object;
  }

  // `if:` conditions, normalised and parsed once per text for the whole run (§7): most jobs and
  // steps share a handful of them, starting with none at all (`success()`).
  struct ParsedCondition {
    std::optional<expr::ExpressionError> error;  // it did not normalise or parse
    std::optional<expr::Expression> expression;
  };
  struct JobCondition {
    std::optional<expr::ExpressionError> normalize_error;
    std::variant<expr::Expression, expr::ExpressionError> parsed = expr::ExpressionError{};
  };

  static std::optional<std::string> raw_condition(const std::optional<Template>& tmpl) {
    if (tmpl && !tmpl->text().empty()) return tmpl->text();
    return std::nullopt;
  }

  const ParsedCondition& step_condition(const workflow::Step& step) {
    std::string_view key = step.condition ? std::string_view(step.condition->text()) : std::string_view();
    if (auto found = step_conditions_.find(key); found != step_conditions_.end()) return found->second;
    ParsedCondition condition;
    auto normalized = normalize_condition(raw_condition(step.condition), workflow::parse_options(Place::StepIf));
    if (auto* error = std::get_if<expr::ExpressionError>(&normalized)) {
      condition.error = std::move(*error);
    } else {
      auto parsed = expr::Expression::parse(std::get<std::string>(normalized), step_if_options_);
      if (auto* parse_error = std::get_if<expr::ExpressionError>(&parsed)) condition.error = std::move(*parse_error);
      else condition.expression = std::get<expr::Expression>(std::move(parsed));
    }
    return step_conditions_.emplace(std::string(key), std::move(condition)).first->second;
  }

  const JobCondition& job_condition(const workflow::Job& job) {
    std::string_view key = job.condition ? std::string_view(job.condition->text()) : std::string_view();
    if (auto found = job_conditions_.find(key); found != job_conditions_.end()) return found->second;
    JobCondition condition;
    const auto& options = workflow::parse_options(Place::JobIf);
    auto normalized = normalize_condition(raw_condition(job.condition), options);
    if (auto* error = std::get_if<expr::ExpressionError>(&normalized)) condition.normalize_error = std::move(*error);
    else condition.parsed = expr::Expression::parse(std::get<std::string>(normalized), options);
    return job_conditions_.emplace(std::string(key), std::move(condition)).first->second;
  }

  // What a leg's runner gives it, built once per runs-on text (all it depends on): the runner
  // context (nothing changes it, legs share it) and default_environment() but for GITHUB_JOB, which
  // each step's own environment sets.
  struct RunnerSetup {
    Value runner;
    std::string os;
    std::map<std::string, std::string> environment;  // GITHUB_JOB is each step's
    ScriptMemory::Environment* scripts = nullptr;    // the runs and cache for `environment`, in memory_
  };

  // The same for every job and leg: built once for each step index.
  const FileCommandPaths& file_command_paths_of(std::size_t step_index) {
    while (file_command_paths_.size() <= step_index) file_command_paths_.push_back(file_command_paths(file_command_paths_.size()));
    return file_command_paths_[step_index];
  }

  RunnerSetup& runner_setup(const std::string& runs_on) {
    auto found = runner_setups_.find(runs_on);
    if (found != runner_setups_.end()) return found->second;
    RunnerSetup setup;
    setup.runner = runner_context(runs_on);
    setup.os = setup.runner.as_object().find("os")->as_string();
    setup.environment = default_environment(github_, setup.runner, "");
    setup.scripts = &memory_.environment(setup.environment);
    return runner_setups_.emplace(runs_on, std::move(setup)).first->second;
  }

  JobResult run_job(const workflow::Job& job, std::size_t job_index) {
    if (auto over = budget_.reserve(1, 0)) {
      stop_here(std::move(*over), job, "", job.position);
      return not_simulated(job);
    }
    JobResult out;
    out.id = job.id;
    out.name = job.name && !job.name->tmpl.has_expressions() ? job.name->text : job.id;
    out.needs = needs_context(job);
    out.needs_json = expr::to_json(out.needs);
    expr::EvaluationContext context = base_context(out.needs);

    // The job's condition, judged on the jobs it depends on (§7).
    const JobCondition& condition = job_condition(job);
    bool runs = false;
    if (condition.normalize_error) {
      diagnose(Severity::Error, DiagnosticCode::ConditionError, condition.normalize_error->message, job.position,
               job.id);
    } else if (const auto* expression = std::get_if<expr::Expression>(&condition.parsed);
               expression && is_default_condition(*expression)) {
      // A job without `if:` (normalize_condition's "success()"): what the status function would
      // answer, without building the status functions for every job.
      runs = summarize(needs_[job_index], results_, summaries_).all_succeeded;
    } else {
      expr::EvaluationContext condition_context = context;
      auto result_of = [this](const std::string& id) {
        auto found = index_.find(text::fold_case(id));
        return found == index_.end() ? std::string("skipped") : results_[found->second];
      };
      for (auto& function : job_status_functions(summarize(needs_[job_index], results_, summaries_), result_of))
        condition_context.functions.push_back(std::move(function));
      const auto& parsed = condition.parsed;
      auto value = std::holds_alternative<expr::Expression>(parsed)
                       ? std::get<expr::Expression>(parsed).evaluate(condition_context)
                       : std::variant<Value, expr::ExpressionError>(std::get<expr::ExpressionError>(parsed));
      if (auto* error = std::get_if<expr::ExpressionError>(&value)) {
        diagnose(Severity::Error, DiagnosticCode::ConditionError,
                 "The job's if: condition failed to evaluate: " + error->message, job.position, job.id);
        out.result = "failure";
        return out;
      }
      runs = expr::is_truthy(std::get<Value>(value));
    }
    if (!runs) {
      out.result = condition.normalize_error ? "failure" : "skipped";
      return out;  // a skipped job never reaches a runner: no legs, no outputs (inferred)
    }

    if (job.calls_reusable_workflow()) return run_reusable_call(job, std::move(out));

    // Matrix legs (§4).
    std::vector<Value> legs{Value::object()};
    bool fail_fast = true;
    if (job.strategy) {
      if (job.strategy->fail_fast) {
        auto value = scalar_value(*job.strategy->fail_fast, context, Place::Strategy);
        if (auto* v = std::get_if<Value>(&value)) fail_fast = expr::is_truthy(*v);
      }
      if (job.strategy->matrix) {
        auto matrix = matrix_value(job, context);
        if (!matrix) {
          out.result = "failure";
          return out;
        }
        auto expansion = expand_matrix(*matrix);
        if (expansion.error) {
          bool too_large = expansion.error->find("256") != std::string::npos;
          diagnose(Severity::Error, too_large ? DiagnosticCode::MatrixTooLarge : DiagnosticCode::InvalidValue,
                   *expansion.error, job.strategy->matrix->position, job.id);
          out.result = "failure";
          return out;
        }
        legs = std::move(expansion.legs);
      }
    }
    if (auto over = budget_.reserve(legs.size() - 1, legs.size() * job.steps.size())) {
      stop_here(std::move(*over), job, "", job.strategy && job.strategy->matrix ? job.strategy->matrix->position
                                                                                 : job.position);
      return not_simulated(job);
    }

    for (std::size_t i = 0; i < legs.size(); ++i) out.runs.push_back(run_leg(job, legs[i], i, legs.size(), fail_fast, context));

    // Legs finish in the scenario's order; fail-fast cancels the legs still running.
    auto sequence = completion_sequence(scenario_.order, legs.size(), static_cast<std::uint32_t>(job_index));
    std::vector<FinishedLeg> finished;
    std::string failed_leg;
    std::vector<std::string> cancelled;
    for (std::size_t place = 0; place < sequence.size(); ++place) {
      JobRun& run = out.runs[sequence[place]];
      run.finished = static_cast<int>(place + 1);
      if (!failed_leg.empty() && fail_fast && legs.size() > 1) {
        run.result = "cancelled";
        run.outputs = Value::object();
        cancelled.push_back(run.name);
        continue;
      }
      if (run.result == "failure" && failed_leg.empty()) failed_leg = run.name;
      finished.push_back({run.name, &run.outputs});
    }
    if (!cancelled.empty()) {
      std::string names;
      for (const auto& name : cancelled) names += (names.empty() ? "" : ", ") + name;
      diagnose(Severity::Notice, DiagnosticCode::Inferred,
               "fail-fast: " + failed_leg + " failed, so GitHub cancels the legs still running. ghaplay takes the legs "
               "that finish after it in this order as still running: " + names +
               " (cancelled, outputs dropped). Set strategy.fail-fast: false to let them finish.",
               job.strategy ? job.strategy->position : job.position, job.id);
    }
    auto merged = merge_leg_outputs(job, finished);
    out.outputs = std::move(merged.outputs);
    out.output_sources = std::move(merged.sources);
    for (auto& diagnostic : merged.diagnostics) result_.diagnostics.push_back(std::move(diagnostic));
    run_output_bytes_ += output_bytes(out.outputs);
    if (run_output_bytes_ > kMaxRunOutputBytes)
      diagnose(Severity::Error, DiagnosticCode::OutputSizeLimit,
               "The outputs of this run pass 50 MB (counted as UTF-16), GitHub's limit for one workflow run.",
               job.position, job.id);

    bool any_failure = false, any_cancelled = false;
    for (const auto& run : out.runs) {
      any_failure = any_failure || run.result == "failure";
      any_cancelled = any_cancelled || run.result == "cancelled";
    }
    // One failed leg fails the job; needs.<id>.result is then 'failure' (§4).
    out.result = any_failure ? "failure" : any_cancelled ? "cancelled" : "success";
    return out;
  }

  JobResult run_reusable_call(const workflow::Job& job, JobResult out) {
    diagnose(Severity::Notice, DiagnosticCode::UnsimulatedCommand,
             "ghaplay does not load the called workflow '" + job.uses->text +
                 "': its outputs come from the scenario, e.g. {\"steps\": [{\"job\": \"" + job.id +
                 "\", \"step\": \"outputs\", \"outputs\": {\"name\": \"value\"}}]}.",
             job.uses->position, job.id);
    JobRun run;
    run.name = out.name;
    run.result = "success";
    run.finished = 1;
    for (const auto& entry : scenario_.steps) {
      if (!text::equals_ignore_case(entry.job, job.id)) continue;
      if (entry.outputs.is_object())
        for (const auto& [name, value] : entry.outputs.as_object())
          if (!value.as_string().empty()) run.outputs.as_object().set(name, value);
      if (entry.outcome) run.result = *entry.outcome;
    }
    out.outputs = run.outputs.clone();
    for (const auto& [name, value] : out.outputs.as_object()) out.output_sources.as_object().set(name, Value(run.name));
    out.result = run.result;
    out.runs.push_back(std::move(run));
    return out;
  }

  JobRun run_leg(const workflow::Job& job, const Value& leg, std::size_t index, std::size_t total, bool fail_fast,
                 expr::EvaluationContext context) {
    JobRun run;
    run.matrix = leg;
    run.name = leg_name(job.name && !job.name->tmpl.has_expressions() ? job.name->text : job.id, leg);
    auto& c = context.contexts.as_object();
    c.set("matrix", leg);
    c.set("strategy", make_object({{"fail-fast", Value(fail_fast)},
                                   {"job-index", Value(static_cast<double>(index))},
                                   {"job-total", Value(static_cast<double>(total))},
                                   {"max-parallel", Value(static_cast<double>(total))}}));
    if (job.name && job.name->tmpl.has_expressions()) {
      auto value = evaluate(job.name->tmpl, context, workflow::parse_options(Place::JobStrategyContext));
      if (auto* v = std::get_if<Value>(&value)) run.name = expr::to_display_string(*v);
    }
    std::string runs_on;
    if (job.runs_on) {
      auto value = workflow::evaluate(*job.runs_on, context, workflow::parse_options(Place::JobStrategyContext));
      if (auto* v = std::get_if<Value>(&value)) {
        if (v->is_array()) {
          for (const auto& label : v->as_array().items) runs_on += expr::to_display_string(label) + " ";
        } else {
          runs_on = expr::to_display_string(*v);
        }
      }
    }
    RunnerSetup& setup = runner_setup(runs_on);
    const Value& runner = setup.runner;
    c.set("runner", runner);
    const std::string& runner_os = setup.os;

    Value env = evaluate_env(wf_.env, Value::object(), context, Place::WorkflowEnv, job.id, "");
    c.set("env", env);
    env = evaluate_env(job.env, env, context, Place::JobEnv, job.id, "");
    std::vector<std::pair<std::string, std::string>> env_file_vars;  // from $GITHUB_ENV, in order
    std::vector<std::string> masked = masked_;
    Value steps = Value::object();
    StepSequence sequence;

    for (const auto& step : job.steps) {
      std::string label = step.label();
      // env for this step: workflow, job, then $GITHUB_ENV of earlier steps, then the step's own.
      Value step_env = env.clone();
      for (const auto& [name, value] : env_file_vars) step_env.as_object().set(name, Value(value));
      c.set("env", step_env);
      c.set("steps", steps);
      c.set("job", job_status_object(sequence.job_status()));
      step_env = evaluate_env(step.env, step_env, context, Place::Step, job.id, label);
      c.set("env", step_env);

      StepResult step_result;
      step_result.id = step.id ? step.id->text : "";
      step_result.name = default_step_name(step);
      if (step.name) {
        auto value = evaluate(step.name->tmpl, context, workflow::parse_options(Place::Step));
        if (auto* v = std::get_if<Value>(&value)) step_result.name = expr::to_display_string(*v);
      }

      const ParsedCondition& condition = step_condition(step);
      StepVerdict verdict;
      if (condition.error) {
        verdict.condition_error = condition.error->message;
      } else {
        verdict = sequence.decide(*condition.expression, context);
      }

      if (verdict.condition_error) {
        sequence.fail_condition();
        step_result.outcome = step_result.conclusion = "failure";
        step_result.log = "Error: The step's if: condition failed to evaluate: " + *verdict.condition_error + "\n";
        diagnose(Severity::Error, DiagnosticCode::ConditionError,
                 "The step's if: condition failed to evaluate: " + *verdict.condition_error,
                 step.condition ? step.condition->position() : step.position, job.id, label);
      } else if (!verdict.runs) {
        step_result.outcome = step_result.conclusion = "skipped";
      } else if (step.run && budget_.scripts_exhausted()) {
        // The run's budget for scripts is used up (run_budget.h): the step is not simulated.
        step_result.outcome = step_result.conclusion = "skipped";
        step_result.log = "ghaplay did not simulate this step: the run's budget of " +
                          std::to_string(budget_.limits().script_work) + " script steps is used up.\n";
        ++steps_not_simulated_;
      } else {
        StepInput input;
        input.workflow = &wf_;
        input.job = &job;
        input.step = &step;
        input.context = &context;
        input.file_command_paths = &file_command_paths_of(step.index);
        // The runner's environment is shared by every step of its runs-on text; the job's id and the
        // step's env go over it.
        input.base_environment = &setup.environment;
        input.script_cache = &setup.scripts->cache;
        // Within one simulation only a matrix's legs can repeat a run (every step's environment
        // holds its job's id); with the caller's memory, any step can repeat one of the previous
        // simulation's.
        input.script_runs = total > 1 || remembers_ ? &setup.scripts->runs : nullptr;
        input.environment["GITHUB_JOB"] = job.id;
        for (const auto& [name, value] : step_env.as_object()) input.environment[name] = value.as_string();
        input.runner_os = runner_os;
        input.override_entry = find_override(job, step, leg);
        input.masked = masked;
        input.step_budget = budget_.script_allowance();
        if (budget_.script_allowance_is_run_limited())
          input.budget_note = "That is what was left of ghaplay's budget of " +
                              std::to_string(budget_.limits().script_work) +
                              " script steps for the whole run: later steps and jobs are not simulated.";
        StepOutcome outcome = run_step(std::move(input));
        budget_.spend_script(outcome.work);
        if (!outcome.reusable) unreusable_answer_ = true;
        if (budget_.scripts_exhausted())
          stop_here("the scripts of the run took " + std::to_string(budget_.limits().script_work) +
                        " steps (commands, statements, loop iterations), ghaplay's limit for one run",
                    job, label, step.run ? step.run->position : step.position);
        for (auto& diagnostic : outcome.diagnostics) result_.diagnostics.push_back(std::move(diagnostic));
        for (auto& value : outcome.masks) masked.push_back(value);
        for (auto& addition : outcome.env_additions) {
          auto existing = std::find_if(env_file_vars.begin(), env_file_vars.end(),
                                       [&](const auto& pair) { return pair.first == addition.first; });
          if (existing != env_file_vars.end()) existing->second = addition.second;
          else env_file_vars.push_back(addition);
        }
        bool continue_on_error = false;
        if (step.continue_on_error) {
          auto value = scalar_value(*step.continue_on_error, context, Place::Step);
          if (auto* v = std::get_if<Value>(&value)) continue_on_error = expr::is_truthy(*v);
        }
        step_result.outcome = outcome.outcome;
        step_result.conclusion = sequence.finish(outcome.outcome, continue_on_error);
        step_result.outputs = std::move(outcome.outputs);
        step_result.log = std::move(outcome.log);
      }
      // Only steps with an id are reachable through `steps` (§1).
      if (!step_result.id.empty()) {
        steps.as_object().set(step_result.id, make_object({{"outputs", step_result.outputs.clone()},
                                                           {"outcome", Value(step_result.outcome)},
                                                           {"conclusion", Value(step_result.conclusion)}}));
      }
      run.steps.push_back(std::move(step_result));
    }

    // Job outputs, evaluated once at the end of the leg (§3).
    Value final_env = env.clone();
    for (const auto& [name, value] : env_file_vars) final_env.as_object().set(name, Value(value));
    c.set("env", final_env);
    c.set("steps", steps);
    c.set("job", job_status_object(sequence.job_status()));
    LegOutputs outputs = evaluate_leg_outputs(job, context, masked);
    for (auto& diagnostic : outputs.diagnostics) result_.diagnostics.push_back(std::move(diagnostic));
    run.outputs = std::move(outputs.outputs);
    run.result = outputs.failed ? "failure" : sequence.job_status();
    return run;
  }

  void evaluate_workflow_call_outputs() {
    if (wf_.on.call_outputs.empty()) return;
    Value jobs = Value::object();
    for (const auto& job : result_.jobs)
      jobs.as_object().set(job.id, make_object({{"result", Value(job.result)}, {"outputs", job.outputs.clone()}}));
    expr::EvaluationContext context = base_context(Value::object());
    context.contexts.as_object().set("jobs", jobs);
    for (const auto& output : wf_.on.call_outputs) {
      auto value = evaluate(output.value.tmpl, context, workflow::parse_options(Place::WorkflowCallOutputValue));
      if (auto* error = std::get_if<TemplateError>(&value)) {
        diagnose(Severity::Error, DiagnosticCode::ExpressionEvaluation, error->message, error->position);
        continue;
      }
      std::string text = expr::to_display_string(std::get<Value>(value));
      if (!text.empty()) result_.outputs.as_object().set(output.name, Value(std::move(text)));
    }
  }

  const workflow::Workflow& wf_;
  Scenario scenario_;
  SimulationResult& result_;
  const bool remembers_;        // the caller keeps memory_ for the next simulation
  ScriptMemory own_memory_;     // memory_ when the caller gives none
  ScriptMemory& memory_;
  RunMemo* const memo_;
  const std::string_view scenario_json_;
  bool unreusable_answer_ = false;  // a script of the job being run gave an answer not to keep
  Value github_;
  Value secrets_;
  Value inputs_;
  const Value default_runner_ = runner_context("");
  std::vector<std::string> masked_;
  const expr::ParseOptions step_if_options_ = with_status_functions(workflow::parse_options(Place::StepIf));
  std::map<std::string, ParsedCondition, std::less<>> step_conditions_;  // by the `if:` text as written
  std::map<std::string, JobCondition, std::less<>> job_conditions_;
  std::map<std::string, RunnerSetup> runner_setups_;  // by runs-on text
  std::deque<FileCommandPaths> file_command_paths_;    // by step index; a deque keeps them in place
  mutable std::map<std::string, Value> job_status_objects_;  // by status
  Value base_contexts_;  // build_base_contexts()
  std::unordered_map<std::string, std::size_t> index_;  // folded job id -> index in wf_.jobs
  std::unordered_map<std::string, std::vector<std::size_t>> overrides_;  // step_key -> scenario_.steps indexes
  std::vector<std::vector<std::size_t>> needs_;         // each job's direct needs, as indexes
  std::vector<std::string> results_;                    // each job's result ("skipped" until it runs)
  std::vector<Value> outputs_;                          // each job's merged outputs
  std::vector<AncestorSummary> summaries_;              // each job's ancestors, for success()/failure()
  std::size_t run_output_bytes_ = 0;
  RunBudget budget_;
  std::optional<BudgetStop> stop_;
  std::vector<std::string> jobs_not_simulated_;  // in `needs` order
  std::size_t steps_not_simulated_ = 0;
};

// `diagnostics` are the load's and the checks', taken by value: a workflow loaded for this run
// alone gives them up, a kept one lends a copy.
SimulationResult simulate_checked(const std::optional<workflow::Workflow>& workflow, Diagnostics diagnostics,
                                  std::string_view scenario_json, const RunLimits& limits, ScriptMemory* memory,
                                  RunMemo* memo = nullptr) {
  SimulationResult result;
  result.diagnostics = std::move(diagnostics);
  bool workflow_valid = workflow && !has_errors(result.diagnostics);
  // A faulty scenario is reported but does not stop the run: its readable parts still apply.
  if (scenario_json.size() > kMaxScenarioBytes) {
    result.diagnostics.push_back({Severity::Error, DiagnosticCode::InputTooLarge,
                                  "The scenario is larger than " + std::to_string(kMaxScenarioBytes) +
                                      " bytes (1 MB), the most ghaplay reads; the run goes on without it.",
                                  {}, "", ""});
    scenario_json = {};
  }
  Scenario scenario = parse_scenario(scenario_json, result.diagnostics);
  result.order = scenario.order.describe();
  if (!workflow_valid) return result;  // GitHub would refuse to start this workflow
  result.valid = true;
  // A workflow that does not load leaves the memory and the memo as they were: typing passes
  // through many of them, and the next one that loads is most like the last one that did.
  Simulation(*workflow, std::move(scenario), result, limits, memory, memo, scenario_json).run();
  return result;
}

}  // namespace
}  // namespace sim

SimulationResult simulate(std::string_view workflow_yaml, std::string_view scenario_json) {
  return sim::simulate_with_limits(workflow_yaml, scenario_json, sim::RunLimits{});
}

SimulationResult sim::simulate_with_limits(std::string_view workflow_yaml, std::string_view scenario_json,
                                           const RunLimits& limits, ScriptMemory* memory) {
  auto loaded = checks::load_and_check(workflow_yaml);
  return simulate_checked(loaded.workflow, std::move(loaded.diagnostics), scenario_json, limits, memory);
}

SimulationResult sim::simulate_loaded(const workflow::LoadResult& loaded, std::string_view scenario_json,
                                      const RunLimits& limits, ScriptMemory* memory, RunMemo* memo) {
  return simulate_checked(loaded.workflow, loaded.diagnostics, scenario_json, limits, memory, memo);
}

}  // namespace ghaplay
