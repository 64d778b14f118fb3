// YAML tree to the typed workflow model, with the structural checks GitHub's parser makes.
// Messages say what is wrong and how to fix it; where GitHub has its own words they are quoted.
#include <algorithm>
#include <array>
#include <new>
#include <optional>
#include <set>
#include <span>

#include "common/text.h"
#include "ghaplay/workflow.h"
#include "workflow/job_layout.h"
#include "workflow/needs_graph.h"
#include "workflow/scalar_locator.h"
#include "workflow/source_text.h"
#include "workflow/yaml_tree.h"

namespace ghaplay::workflow {
namespace {

using YNode = yaml::Node;
using Pairs = std::vector<std::pair<const YNode*, const YNode*>>;
using Keys = std::span<const std::string_view>;

constexpr std::string_view kWorkflowKeys[] = {"on",  "name",        "run-name",    "description", "defaults",
                                              "env", "permissions", "concurrency", "jobs"};
constexpr std::string_view kJobKeys[] = {
    "needs",     "if",       "strategy", "name",        "runs-on",     "timeout-minutes", "cancel-timeout-minutes",
    "continue-on-error", "container", "services", "env", "environment", "permissions", "concurrency",
    "outputs",   "defaults", "steps",    "snapshot"};
constexpr std::string_view kCallerJobKeys[] = {"name", "uses",        "with",        "secrets", "needs",
                                               "if",   "permissions", "concurrency", "strategy"};
constexpr std::string_view kStepKeys[] = {"name", "id",    "if",                "timeout-minutes", "run",
                                          "continue-on-error", "env", "working-directory", "shell", "uses", "with"};
constexpr std::string_view kStrategyKeys[] = {"fail-fast", "max-parallel", "matrix"};
constexpr std::string_view kDefaultsKeys[] = {"run"};
constexpr std::string_view kDefaultsRunKeys[] = {"shell", "working-directory"};
constexpr std::string_view kCallKeys[] = {"inputs", "outputs", "secrets"};
constexpr std::string_view kCallInputKeys[] = {"description", "required", "type", "default"};
constexpr std::string_view kCallOutputKeys[] = {"description", "value"};

bool contains(Keys keys, std::string_view key) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

std::string join(Keys keys) {
  std::string out;
  for (auto key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

// A value as messages quote it: its first line, at most 40 bytes.
std::string quoted(const std::string& value) {
  std::string shown = value.substr(0, value.find('\n'));
  if (shown.size() > 40) {
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    shown = shown.substr(0, cut) + "...";
  } else if (shown.size() < value.size()) {
    shown += "...";
  }
  return "'" + shown + "'";
}

std::string describe(const YNode& node) {
  switch (node.kind) {
    case YNode::Kind::Null: return "nothing";
    case YNode::Kind::Scalar: return "the value " + quoted(node.value);
    case YNode::Kind::Sequence: return "a list";
    case YNode::Kind::Mapping: return "a mapping";
  }
  return "a value";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The allowed key the user probably meant: a different case, a key it is the start of
// (`timeout` -> `timeout-minutes`), or one at most two typing mistakes away.
std::optional<std::string_view> closest_key(std::string_view key, Keys allowed) {
  std::string folded = text::fold_case(key);
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (auto candidate : allowed) {
    std::size_t distance = edit_distance(folded, candidate);
    if (candidate.size() > folded.size() && candidate.substr(0, folded.size()) == folded) distance = 1;
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// GitHub's rule for job and step ids (IdBuilder): a letter or `_`, then letters, digits, `-`, `_`.
bool valid_id(std::string_view id) {
  if (id.empty() || id.size() >= 100) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-'; });
}

std::string invalid_id_message(std::string_view id) {
  return "The identifier '" + std::string(id) +
         "' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. IDs must start with a letter "
         "or '_' and must be less than 100 characters.";
}

Scalar::Style scalar_style(yaml::ScalarStyle style) {
  switch (style) {
    case yaml::ScalarStyle::Plain: return Scalar::Style::Plain;
    case yaml::ScalarStyle::SingleQuoted: return Scalar::Style::SingleQuoted;
    case yaml::ScalarStyle::DoubleQuoted: return Scalar::Style::DoubleQuoted;
    case yaml::ScalarStyle::Literal: return Scalar::Style::Literal;
    case yaml::ScalarStyle::Folded: return Scalar::Style::Folded;
  }
  return Scalar::Style::Plain;
}

class Loader {
 public:
  // With a layout, load() also notes where each job's lines are and what was found in them.
  explicit Loader(const SourceText& source, JobLayout* layout = nullptr) : source_(source), layout_(layout) {}

  Diagnostics& diagnostics() { return diagnostics_; }

  // One `id: {...}` entry of `jobs`; nothing when it is not a mapping (reported).
  std::optional<Job> read_job_entry(const YNode& id, const YNode& value) {
    job_ = id.value;
    step_.clear();
    std::optional<Job> job;
    if (!valid_id(id.value)) error(DiagnosticCode::InvalidValue, invalid_id_message(id.value), id.position);
    if (value.is_mapping()) {
      job = read_job(id, value);
    } else {
      error(DiagnosticCode::InvalidValue,
            "The job '" + id.value + "' must be a mapping of its settings (`runs-on:`, `steps:`...), not " +
                describe(value) + ".",
            value.is_null() ? id.position : value.position);
    }
    job_.clear();
    step_.clear();
    return job;
  }

  // unknown-needs and needs-cycle: they depend on every job.
  void check_needs(const Workflow& workflow) {
    std::set<std::string> ids;
    for (const auto& job : workflow.jobs) ids.insert(text::fold_case(job.id));
    for (const auto& job : workflow.jobs) {
      job_ = job.id;
      for (const auto& [target, position] : job.needs) {
        if (!ids.count(text::fold_case(target))) {
          error(DiagnosticCode::UnknownNeeds,
                "Job '" + job.id + "' depends on unknown job '" + target + "'. Check the spelling, or add a job '" +
                    target + "' under `jobs:`.",
                position);
        }
      }
    }
    for (const auto& cycle : find_needs_cycles(workflow)) {
      const Job& first = workflow.jobs[cycle.front()];
      job_ = first.id;
      std::string path;
      for (std::size_t index : cycle) path += workflow.jobs[index].id + " -> ";
      path += first.id;
      // Point at the `needs` entry that closes the cycle from its first job.
      const Job& second = workflow.jobs[cycle.size() > 1 ? cycle[1] : cycle[0]];
      SourcePosition position = first.position;
      for (const auto& [target, where] : first.needs) {
        if (text::equals_ignore_case(target, second.id)) position = where;
      }
      error(DiagnosticCode::NeedsCycle,
            "Jobs depend on each other in a cycle: " + path +
                ". None of them can ever start; remove one of these `needs` entries.",
            position);
    }
    job_.clear();
  }

  std::optional<Workflow> load(const yaml::NodePtr& root) {
    if (!root || root->is_null()) {
      error(DiagnosticCode::NotAWorkflow,
            "The file is empty, so it is not a workflow. A workflow is a mapping with `on:` (what triggers it) and "
            "`jobs:` (what runs), for example:\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: echo hello",
            {1, 1});
      return std::nullopt;
    }
    if (!root->is_mapping()) {
      error(DiagnosticCode::NotAWorkflow,
            "The file is " + describe(*root) +
                ", not a workflow. A workflow is a mapping with `on:` and `jobs:` keys at the top level (no `-` in "
                "front of them), for example:\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest",
            root->position);
      return std::nullopt;
    }
    Pairs pairs = entries(*root);
    auto jobs = std::find_if(pairs.begin(), pairs.end(), [](const auto& p) { return p.first->value == "jobs"; });
    if (jobs == pairs.end()) {
      error(DiagnosticCode::NotAWorkflow,
            "The file has no `jobs:` key, so it is not a workflow. Add the jobs to run, for example:\njobs:\n  "
            "build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello",
            root->position);
      return std::nullopt;
    }

    Workflow workflow;
    check_keys(pairs, kWorkflowKeys, "at the top level of a workflow");
    for (const auto& [key, value] : pairs) {
      const std::string& name = key->value;
      if (name == "on") {
        read_on(*key, *value, workflow.on);
      } else if (name == "name") {
        workflow.name = plain_string(*key, *value, "The workflow's `name`");
      } else if (name == "run-name") {
        workflow.run_name = string_value(*key, *value, Place::RunName, "`run-name`");
      } else if (name == "env") {
        workflow.env = string_map(*key, *value, Place::WorkflowEnv, "`env`");
      } else if (name == "defaults") {
        // Workflow-level defaults allow no expression; a job's may use its contexts.
        read_defaults(*value, std::nullopt, workflow.default_shell, workflow.default_working_directory);
      } else if (name == "concurrency") {
        check_data(*value, Place::RunName);  // workflow-level concurrency: github, inputs, vars
      }
    }
    if (!workflow.on.present) {
      notice(DiagnosticCode::MissingOn,
             "The workflow has no `on:` key. GitHub needs one to know when to run it (e.g. `on: push`); ghaplay "
             "accepts its absence, as documentation snippets often leave it out.",
             {1, 1});
    }
    read_jobs(*jobs->first, *jobs->second, workflow);
    std::size_t before_needs = diagnostics_.size();
    check_needs(workflow);
    if (layout_)
      layout_->needs_diagnostics.assign(diagnostics_.begin() + static_cast<std::ptrdiff_t>(before_needs), diagnostics_.end());
    return workflow;
  }

 private:
  // --- reporting ---------------------------------------------------------------------------------

  void report(Severity severity, DiagnosticCode code, std::string message, SourcePosition position) {
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = std::move(message);
    d.position = position;
    d.job = job_;
    d.step = step_;
    diagnostics_.push_back(std::move(d));
  }
  void error(DiagnosticCode code, std::string message, SourcePosition position) {
    report(Severity::Error, code, std::move(message), position);
  }
  void warning(DiagnosticCode code, std::string message, SourcePosition position) {
    report(Severity::Warning, code, std::move(message), position);
  }
  void notice(DiagnosticCode code, std::string message, SourcePosition position) {
    report(Severity::Notice, code, std::move(message), position);
  }

  // --- generic readers ---------------------------------------------------------------------------

  // A mapping's pairs with scalar keys, first of each (case-insensitive) key only, as GitHub keeps.
  // Duplicates and non-scalar keys are reported once per mapping, also when aliases share it.
  Pairs entries(const YNode& map) {
    bool first_visit = visited_maps_.insert(&map).second;
    Pairs pairs;
    std::set<std::string> seen;
    for (const auto& [key, value] : map.entries) {
      if (!key || !value) continue;
      if (!key->is_scalar()) {
        if (first_visit && !key->is_null()) {
          error(DiagnosticCode::InvalidValue,
                "A key must be a plain name, not " + describe(*key) + ". Write `name: value`.", key->position);
        }
        continue;
      }
      if (!seen.insert(text::fold_case(key->value)).second) {
        if (first_visit) {
          error(DiagnosticCode::InvalidValue,
                "'" + key->value + "' is already defined. Keys compare case-insensitively; GitHub refuses "
                "duplicates: remove or rename one.",
                key->position);
        }
        continue;
      }
      pairs.emplace_back(key.get(), value.get());
    }
    return pairs;
  }

  void check_keys(const Pairs& pairs, Keys allowed, const std::string& where, Keys other = {},
                  const std::string& other_hint = {}) {
    for (const auto& [key, value] : pairs) {
      if (contains(allowed, key->value)) continue;
      std::string message = "Unknown key '" + key->value + "' " + where + ". ";
      if (contains(other, key->value)) {
        message += other_hint + " ";
      } else if (auto meant = closest_key(key->value, allowed)) {
        message += "Did you mean '" + std::string(*meant) + "'? ";
      }
      message += "Allowed keys: " + join(allowed) + ".";
      warning(DiagnosticCode::UnknownKey, std::move(message), key->position);
    }
  }

  Scalar scalar(const YNode& node, SourcePosition fallback) {
    Scalar s;
    s.text = node.value;
    s.style = scalar_style(node.style);
    s.is_null = node.is_null();
    s.string_tag = node.string_tag;
    s.position = node.implicit_null && fallback.known() ? fallback : node.position;
    if (node.is_scalar()) {
      s.tmpl = Template::parse(node.value, scalar_locator(source_, node));
    } else {
      s.tmpl = Template::parse("", s.position);
    }
    return s;
  }

  void check(const Template& tmpl, Place place) {
    for (auto& d : check_expressions(tmpl, parse_options(place))) {
      d.job = job_;
      d.step = step_;
      diagnostics_.push_back(std::move(d));
    }
  }

  // GitHub's words where a value cannot hold `${{ }}` (ids, `uses`, `shell` outside defaults...).
  void check_no_expression(const Scalar& s) {
    for (const auto& part : s.tmpl.parts()) {
      if (part.is_expression()) {
        error(DiagnosticCode::ExpressionSyntax, "A template expression is not allowed in this context", part.position);
        return;
      }
    }
    if (s.tmpl.syntax_error()) check(s.tmpl, Place::Step);
  }

  // A value that must be a scalar (string, number, boolean) or nothing; checked at `place`.
  std::optional<Scalar> string_value(const YNode& key, const YNode& value, Place place, const std::string& what) {
    if (!value.is_scalar() && !value.is_null()) {
      error(DiagnosticCode::InvalidValue, what + " must be a string, not " + describe(value) + ".", value.position);
      return std::nullopt;
    }
    Scalar s = scalar(value, key.position);
    check(s.tmpl, place);
    return s;
  }

  // A scalar where GitHub allows no expression.
  std::optional<Scalar> plain_string(const YNode& key, const YNode& value, const std::string& what) {
    if (!value.is_scalar() && !value.is_null()) {
      error(DiagnosticCode::InvalidValue, what + " must be a string, not " + describe(value) + ".", value.position);
      return std::nullopt;
    }
    Scalar s = scalar(value, key.position);
    check_no_expression(s);
    return s;
  }

  // `true`/`false` or an expression (continue-on-error, fail-fast).
  std::optional<Scalar> boolean_value(const YNode& key, const YNode& value, Place place, const std::string& what) {
    auto s = string_value(key, value, place, what);
    if (!s) return s;
    if (!s->tmpl.has_expressions() && !s->literal_value().is_bool()) {
      error(DiagnosticCode::InvalidValue,
            what + " must be true, false or a `${{ }}` expression, not " + quoted(s->text) +
                (s->is_plain() ? "." : " (quoted, so a string)."),
            s->position);
    }
    return s;
  }

  // A number or an expression (max-parallel, timeout-minutes).
  std::optional<Scalar> number_value(const YNode& key, const YNode& value, Place place, const std::string& what) {
    auto s = string_value(key, value, place, what);
    if (!s) return s;
    if (!s->tmpl.has_expressions() && !s->literal_value().is_number()) {
      error(DiagnosticCode::InvalidValue, what + " must be a number or a `${{ }}` expression, not " + quoted(s->text) + ".",
            s->position);
    }
    return s;
  }

  Template condition(const YNode& key, const YNode& value, Place place) {
    if (!value.is_scalar() && !value.is_null()) {
      error(DiagnosticCode::InvalidValue,
            "`if` must be a condition such as `github.ref == 'refs/heads/main'`, not " + describe(value) + ".",
            value.position);
      return Template::parse_condition("", key.position);
    }
    Template tmpl = value.is_scalar() ? Template::parse_condition(value.value, scalar_locator(source_, value))
                                      : Template::parse_condition("", key.position);
    check(tmpl, place);
    return tmpl;
  }

  // Any YAML value kept as data, its scalars checked at `place`.
  Node data(const YNode& value, Place place, SourcePosition fallback) {
    Node node;
    node.position = value.implicit_null && fallback.known() ? fallback : value.position;
    if (value.is_sequence()) {
      node.kind = Node::Kind::Sequence;
      for (const auto& item : value.items) node.items.push_back(data(*item, place, value.position));
    } else if (value.is_mapping()) {
      node.kind = Node::Kind::Mapping;
      for (const auto& [key, item] : entries(value)) {
        Scalar key_scalar = scalar(*key, {});
        node.entries.emplace_back(std::move(key_scalar), data(*item, place, key->position));
      }
    } else {
      node.scalar = scalar(value, fallback);
      check(node.scalar.tmpl, place);
    }
    return node;
  }

  // Checks the expressions of a value ghaplay does not model (concurrency, container, services...).
  void check_data(const YNode& value, Place place) { (void)data(value, place, value.position); }

  // A mapping of names to strings (env, outputs, with, secrets).
  OrderedMap string_map(const YNode& key, const YNode& value, Place place, const std::string& what) {
    OrderedMap map;
    if (value.is_null()) return map;
    if (!value.is_mapping()) {
      if (value.is_scalar() && value.value.find("${{") != std::string::npos) {
        Scalar s = scalar(value, key.position);
        check(s.tmpl, place);
        warning(DiagnosticCode::InvalidValue,
                what + " is given as one expression; ghaplay does not simulate that and treats it as empty. "
                       "Write the names out as a mapping.",
                value.position);
        return map;
      }
      error(DiagnosticCode::InvalidValue,
            what + " must be a mapping of names to values (`NAME: value` on separate lines), not " + describe(value) +
                ".",
            value.position);
      return map;
    }
    for (const auto& [name, item] : entries(value)) {
      auto s = string_value(*name, *item, place, what + " '" + name->value + "'");
      if (!s) continue;
      map.push_back(Entry{name->value, name->position, std::move(*s)});
    }
    return map;
  }

  // --- the workflow ------------------------------------------------------------------------------

  void read_on(const YNode& key, const YNode& value, Triggers& on) {
    on.present = true;
    on.position = key.position;
    auto add_event = [&](const YNode& event) {
      if (!event.is_scalar() || event.value.empty()) {
        error(DiagnosticCode::InvalidValue, "An event in `on` must be a name such as `push`, not " + describe(event) + ".",
              event.position);
        return;
      }
      on.events.emplace_back(event.value, event.position);
      if (event.value == "workflow_call") on.workflow_call = true;
    };
    if (value.is_scalar()) {
      add_event(value);
    } else if (value.is_sequence()) {
      for (const auto& item : value.items) add_event(*item);
    } else if (value.is_mapping()) {
      for (const auto& [event, config] : entries(value)) {
        add_event(*event);
        if (event->value == "workflow_call") read_workflow_call(*config, on);
      }
    } else {
      error(DiagnosticCode::InvalidValue,
            "`on` is empty. Name the events that trigger the workflow, e.g. `on: push` or `on: [push, "
            "pull_request]`.",
            key.position);
    }
  }

  void read_workflow_call(const YNode& value, Triggers& on) {
    if (value.is_null()) return;
    if (!value.is_mapping()) {
      error(DiagnosticCode::InvalidValue,
            "`workflow_call` must be empty or a mapping with `inputs`, `outputs` and `secrets`, not " +
                describe(value) + ".",
            value.position);
      return;
    }
    Pairs pairs = entries(value);
    check_keys(pairs, kCallKeys, "in `on.workflow_call`");
    for (const auto& [section, content] : pairs) {
      if (content->is_null() || section->value == "secrets") continue;
      if (!content->is_mapping()) {
        error(DiagnosticCode::InvalidValue,
              "`workflow_call." + section->value + "` must be a mapping of names to their definitions, not " +
                  describe(*content) + ".",
              content->position);
        continue;
      }
      for (const auto& [name, definition] : entries(*content)) {
        if (section->value == "inputs") {
          read_call_input(*name, *definition, on);
        } else if (section->value == "outputs") {
          read_call_output(*name, *definition, on);
        }
      }
    }
  }

  void read_call_input(const YNode& name, const YNode& definition, Triggers& on) {
    WorkflowCallInput input;
    input.name = name.value;
    input.position = name.position;
    if (!definition.is_mapping()) {
      error(DiagnosticCode::InvalidValue,
            "The input '" + name.value + "' must be a mapping with at least `type:` (boolean, number or string).",
            definition.is_null() ? name.position : definition.position);
      on.call_inputs.push_back(std::move(input));
      return;
    }
    Pairs pairs = entries(definition);
    check_keys(pairs, kCallInputKeys, "in the input '" + name.value + "'");
    bool has_type = false;
    for (const auto& [key, value] : pairs) {
      if (key->value == "type") {
        has_type = true;
        input.type = value->value;
        if (input.type != "boolean" && input.type != "number" && input.type != "string") {
          error(DiagnosticCode::InvalidValue,
                "The input '" + name.value + "' has the type " + quoted(value->value) +
                    "; a workflow_call input is a boolean, a number or a string.",
                value->is_null() ? key->position : value->position);
        }
      } else if (key->value == "required") {
        input.required = value->value == "true";
      } else if (key->value == "description") {
        input.description = value->value;
      } else if (key->value == "default") {
        input.default_value = string_value(*key, *value, Place::WorkflowCallInputDefault,
                                           "The default of the input '" + name.value + "'");
      }
    }
    if (!has_type) {
      error(DiagnosticCode::InvalidValue,
            "Required property is missing: type. Give the input '" + name.value +
                "' a `type:` (boolean, number or string).",
            name.position);
    }
    on.call_inputs.push_back(std::move(input));
  }

  void read_call_output(const YNode& name, const YNode& definition, Triggers& on) {
    WorkflowCallOutput output;
    output.name = name.value;
    output.position = name.position;
    output.value.position = name.position;
    bool has_value = false;
    if (definition.is_mapping()) {
      Pairs pairs = entries(definition);
      check_keys(pairs, kCallOutputKeys, "in the output '" + name.value + "'");
      for (const auto& [key, value] : pairs) {
        if (key->value == "value") {
          if (auto s = string_value(*key, *value, Place::WorkflowCallOutputValue,
                                    "The value of the output '" + name.value + "'")) {
            output.value = std::move(*s);
            has_value = true;
          }
        } else if (key->value == "description") {
          output.description = value->value;
        }
      }
    }
    if (!has_value) {
      error(DiagnosticCode::InvalidValue,
            "Required property is missing: value. Give the output '" + name.value +
                "' a `value:`, e.g. `value: ${{ jobs.build.outputs.version }}`.",
            name.position);
    }
    on.call_outputs.push_back(std::move(output));
  }

  void read_defaults(const YNode& value, std::optional<Place> place, std::optional<Scalar>& shell,
                     std::optional<Scalar>& working_directory) {
    if (value.is_null()) return;
    if (!value.is_mapping()) {
      error(DiagnosticCode::InvalidValue,
            "`defaults` must be a mapping such as `run: {shell: bash}`, not " + describe(value) + ".", value.position);
      return;
    }
    Pairs pairs = entries(value);
    check_keys(pairs, kDefaultsKeys, "in `defaults`");
    for (const auto& [run_key, run] : pairs) {
      if (run_key->value != "run" || run->is_null()) continue;
      if (!run->is_mapping()) {
        error(DiagnosticCode::InvalidValue,
              "`defaults.run` must be a mapping with `shell` and/or `working-directory`, not " + describe(*run) + ".",
              run->position);
        continue;
      }
      Pairs run_pairs = entries(*run);
      check_keys(run_pairs, kDefaultsRunKeys, "in `defaults.run`");
      for (const auto& [setting, setting_value] : run_pairs) {
        std::string what = "`defaults.run." + setting->value + "`";
        auto s = place ? string_value(*setting, *setting_value, *place, what)
                       : plain_string(*setting, *setting_value, what);
        if (setting->value == "shell") shell = std::move(s);
        if (setting->value == "working-directory") working_directory = std::move(s);
      }
    }
  }

  // --- jobs --------------------------------------------------------------------------------------

  void read_jobs(const YNode& key, const YNode& value, Workflow& workflow) {
    if (!value.is_mapping()) {
      error(DiagnosticCode::InvalidValue,
            "`jobs` must be a mapping of job ids to jobs, for example:\njobs:\n  build:\n    runs-on: ubuntu-latest"
            "\n    steps:\n      - run: echo hello",
            value.is_null() ? key.position : value.position);
      return;
    }
    Pairs pairs = entries(value);
    if (layout_) layout_->before_jobs = diagnostics_;
    for (const auto& [id, job] : pairs) {
      std::size_t found_before = diagnostics_.size();
      std::optional<Job> read = read_job_entry(*id, *job);
      if (layout_) {
        JobSpan span;
        span.key_offset = id->offset;
        span.key = id->value;
        if (read) span.job = workflow.jobs.size();
        span.diagnostics.assign(diagnostics_.begin() + static_cast<std::ptrdiff_t>(found_before), diagnostics_.end());
        layout_->jobs.push_back(std::move(span));
      }
      if (read) workflow.jobs.push_back(std::move(*read));
    }
  }

  Job read_job(const YNode& id, const YNode& value) {
    Job job;
    job.id = id.value;
    job.position = id.position;
    Pairs pairs = entries(value);
    bool caller = std::any_of(pairs.begin(), pairs.end(), [](const auto& p) { return p.first->value == "uses"; });
    if (caller) {
      check_keys(pairs, kCallerJobKeys, "in job '" + job.id + "'", kJobKeys,
                 "A job that calls a reusable workflow (`uses:`) runs no steps of its own and accepts only the keys "
                 "below.");
    } else {
      check_keys(pairs, kJobKeys, "in job '" + job.id + "'", kCallerJobKeys,
                 "It belongs to a job that calls a reusable workflow, which needs `uses:`.");
    }
    bool has_runs_on = false;
    for (const auto& [key, item] : pairs) {
      const std::string& name = key->value;
      if (name == "name") {
        job.name = string_value(*key, *item, Place::JobStrategyContext, "The job's `name`");
      } else if (name == "needs") {
        read_needs(*key, *item, job);
      } else if (name == "if") {
        job.condition = condition(*key, *item, Place::JobIf);
      } else if (name == "runs-on") {
        has_runs_on = true;
        read_runs_on(*key, *item, job);
      } else if (name == "env") {
        job.env = string_map(*key, *item, Place::JobEnv, "`env`");
      } else if (name == "outputs") {
        job.outputs = string_map(*key, *item, Place::JobOutputs, "The output");
      } else if (name == "strategy") {
        job.strategy = read_strategy(*key, *item);
      } else if (name == "continue-on-error") {
        if (!caller) job.continue_on_error = boolean_value(*key, *item, Place::JobStrategyContext, "`continue-on-error`");
      } else if (name == "timeout-minutes") {
        if (!caller) job.timeout_minutes = number_value(*key, *item, Place::JobStrategyContext, "`timeout-minutes`");
      } else if (name == "defaults") {
        if (!caller) {
          read_defaults(*item, Place::JobDefaultsRun, job.default_shell, job.default_working_directory);
        }
      } else if (name == "steps") {
        if (!caller) read_steps(*key, *item, job);
      } else if (name == "uses") {
        job.uses = plain_string(*key, *item, "The job's `uses`");
        if (job.uses && job.uses->text.empty()) {
          error(DiagnosticCode::InvalidValue,
                "`uses` must name a reusable workflow, e.g. `./.github/workflows/build.yml` or "
                "`owner/repo/.github/workflows/build.yml@v1`.",
                job.uses->position);
        }
      } else if (name == "with") {
        if (caller) job.with = string_map(*key, *item, Place::JobStrategyContext, "The input");
      } else if (name == "secrets") {
        if (caller) read_secrets(*key, *item, job);
      } else if (name == "container" || name == "services" || name == "environment") {
        check_data(*item, Place::JobOutputs);
      } else if (name == "concurrency" || name == "cancel-timeout-minutes") {
        check_data(*item, Place::JobStrategyContext);
      }
    }
    if (!caller && !has_runs_on) {
      warning(DiagnosticCode::InvalidValue,
              "Required property is missing: runs-on. GitHub needs it to pick a machine for job '" + job.id +
                  "' (e.g. `runs-on: ubuntu-latest`); ghaplay simulates the job anyway.",
              job.position);
    }
    return job;
  }

  void read_needs(const YNode& key, const YNode& value, Job& job) {
    auto add = [&](const YNode& item) {
      if (!item.is_scalar() || item.value.empty()) {
        error(DiagnosticCode::InvalidValue,
              "`needs` must be a job id or a list of job ids, not " + describe(item) + " inside the list.",
              item.is_null() ? key.position : item.position);
        return;
      }
      Scalar s = scalar(item, key.position);
      check_no_expression(s);
      job.needs.emplace_back(item.value, item.position);
    };
    if (value.is_scalar()) {
      add(value);
    } else if (value.is_sequence()) {
      for (const auto& item : value.items) add(*item);
    } else {
      error(DiagnosticCode::InvalidValue,
            "`needs` must be a job id or a list of job ids (e.g. `needs: [build, test]`), not " + describe(value) + ".",
            value.is_null() ? key.position : value.position);
    }
  }

  void read_runs_on(const YNode& key, const YNode& value, Job& job) {
    bool ok = value.is_scalar() || value.is_mapping() ||
              (value.is_sequence() &&
               std::all_of(value.items.begin(), value.items.end(), [](const auto& item) { return item->is_scalar(); }));
    if (!ok || (value.is_scalar() && value.value.empty())) {
      error(DiagnosticCode::InvalidValue,
            "`runs-on` must be a runner label (e.g. `ubuntu-latest`), a list of labels, or a mapping with `group` "
            "and `labels`, not " + describe(value) + ".",
            value.is_null() ? key.position : value.position);
      return;
    }
    job.runs_on = data(value, Place::JobStrategyContext, key.position);
  }

  void read_secrets(const YNode& key, const YNode& value, Job& job) {
    if (value.is_scalar() && value.value == "inherit") {
      job.inherit_secrets = true;
      return;
    }
    if (value.is_scalar()) {
      error(DiagnosticCode::InvalidValue,
            "`secrets` must be `inherit` or a mapping of secret names to values, not " + quoted(value.value) + ".",
            value.position);
      return;
    }
    job.secrets = string_map(key, value, Place::JobSecrets, "The secret");
  }

  std::optional<Strategy> read_strategy(const YNode& key, const YNode& value) {
    if (!value.is_mapping()) {
      error(DiagnosticCode::InvalidValue,
            "`strategy` must be a mapping with `matrix`, `fail-fast` and/or `max-parallel`, not " + describe(value) +
                ".",
            value.is_null() ? key.position : value.position);
      return std::nullopt;
    }
    Strategy strategy;
    strategy.position = value.position;
    Pairs pairs = entries(value);
    check_keys(pairs, kStrategyKeys, "in `strategy`");
    for (const auto& [name, item] : pairs) {
      if (name->value == "fail-fast") {
        strategy.fail_fast = boolean_value(*name, *item, Place::Strategy, "`fail-fast`");
      } else if (name->value == "max-parallel") {
        strategy.max_parallel = number_value(*name, *item, Place::Strategy, "`max-parallel`");
      } else if (name->value == "matrix") {
        strategy.matrix = read_matrix(*name, *item);
      }
    }
    return strategy;
  }

  // A scalar that must be a `${{ }}` expression where a list or mapping was expected.
  std::optional<Scalar> expression_instead(const YNode& key, const YNode& value, const std::string& what,
                                           const std::string& expected) {
    if (value.is_scalar() && value.value.find("${{") != std::string::npos) {
      Scalar s = scalar(value, key.position);
      check(s.tmpl, Place::Strategy);
      return s;
    }
    error(DiagnosticCode::InvalidValue, what + " must be " + expected + ", not " + describe(value) + ".",
          value.is_null() ? key.position : value.position);
    return std::nullopt;
  }

  std::optional<Matrix> read_matrix(const YNode& key, const YNode& value) {
    Matrix matrix;
    matrix.position = value.is_null() ? key.position : value.position;
    if (!value.is_mapping()) {
      matrix.expression = expression_instead(
          key, value, "`matrix`", "a mapping of names to lists of values (e.g. `os: [ubuntu-latest, windows-latest]`) "
                                  "or a `${{ }}` expression");
      if (!matrix.expression) return std::nullopt;
      return matrix;
    }
    for (const auto& [name, item] : entries(value)) {
      const std::string& dimension = name->value;
      if (dimension == "include" || dimension == "exclude") {
        auto& list = dimension == "include" ? matrix.include : matrix.exclude;
        auto& expression = dimension == "include" ? matrix.include_expression : matrix.exclude_expression;
        if (!item->is_sequence()) {
          expression = expression_instead(*name, *item, "`matrix." + dimension + "`",
                                          "a list of mappings (each `- key: value`) or a `${{ }}` expression");
          continue;
        }
        for (const auto& entry : item->items) {
          if (!entry->is_mapping() && !(entry->is_scalar() && entry->value.find("${{") != std::string::npos)) {
            error(DiagnosticCode::InvalidValue,
                  "Each item of `matrix." + dimension + "` must be a mapping such as `- os: windows-latest`, not " +
                      describe(*entry) + ".",
                  entry->is_null() ? name->position : entry->position);
            continue;
          }
          list.push_back(data(*entry, Place::Strategy, name->position));
        }
        continue;
      }
      Matrix::Dimension dim;
      dim.key = dimension;
      dim.position = name->position;
      if (item->is_sequence()) {
        for (const auto& entry : item->items) dim.values.push_back(data(*entry, Place::Strategy, name->position));
      } else {
        dim.expression = expression_instead(*name, *item, "`matrix." + dimension + "`",
                                            "a list of values (e.g. `[1, 2]`) or a `${{ }}` expression");
        if (!dim.expression) continue;
      }
      matrix.dimensions.push_back(std::move(dim));
    }
    return matrix;
  }

  // --- steps -------------------------------------------------------------------------------------

  void read_steps(const YNode& key, const YNode& value, Job& job) {
    if (!value.is_sequence()) {
      error(DiagnosticCode::InvalidValue,
            "`steps` must be a list of steps, each starting with `-`, for example:\nsteps:\n  - run: echo hello\n  "
            "- uses: actions/checkout@v4",
            value.is_null() ? key.position : value.position);
      return;
    }
    std::set<std::string> ids;
    for (std::size_t index = 0; index < value.items.size(); ++index) {
      const YNode& item = *value.items[index];
      step_ = "#" + std::to_string(index + 1);
      if (!item.is_mapping()) {
        error(DiagnosticCode::InvalidValue,
              "A step must be a mapping with `run:` or `uses:`, not " + describe(item) + ".",
              item.is_null() ? key.position : item.position);
        continue;
      }
      job.steps.push_back(read_step(item, index, ids));
    }
    step_.clear();
  }

  Step read_step(const YNode& value, std::size_t index, std::set<std::string>& ids) {
    Step step;
    step.index = index;
    step.position = value.position;
    Pairs pairs = entries(value);
    // Diagnostics name the step as Step::label() will: its id, else its name, else `#N`.
    const YNode* run = nullptr;
    const YNode* uses = nullptr;
    const YNode* id_value = nullptr;
    const YNode* name_value = nullptr;
    for (const auto& [key, item] : pairs) {
      if (key->value == "run") run = key;
      if (key->value == "uses") uses = key;
      if (key->value == "id" && item->is_scalar() && !item->value.empty()) id_value = item;
      if (key->value == "name" && item->is_scalar() && !item->value.empty()) name_value = item;
    }
    if (id_value || name_value) step_ = (id_value ? id_value : name_value)->value;
    check_keys(pairs, kStepKeys, "in step " + step_);
    for (const auto& [key, item] : pairs) {
      const std::string& name = key->value;
      if (name == "id") {
        step.id = plain_string(*key, *item, "The step's `id`");
        if (step.id) {
          if (!valid_id(step.id->text)) {
            error(DiagnosticCode::InvalidValue, invalid_id_message(step.id->text), step.id->position);
          } else if (!ids.insert(text::fold_case(step.id->text)).second) {
            error(DiagnosticCode::InvalidValue,
                  "The identifier '" + step.id->text + "' may not be used more than once within the same scope.",
                  step.id->position);
          }
        }
      } else if (name == "name") {
        step.name = string_value(*key, *item, Place::Step, "The step's `name`");
      } else if (name == "if") {
        step.condition = condition(*key, *item, Place::StepIf);
      } else if (name == "run") {
        step.run = string_value(*key, *item, Place::Step, "`run`");
      } else if (name == "shell") {
        step.shell = plain_string(*key, *item, "`shell`");
        if (uses && !run) {
          warning(DiagnosticCode::UnknownKey,
                  "`shell` applies to `run:` steps only; this step uses an action, which ignores it.", key->position);
        }
      } else if (name == "working-directory") {
        step.working_directory = string_value(*key, *item, Place::Step, "`working-directory`");
        if (uses && !run) {
          warning(DiagnosticCode::UnknownKey,
                  "`working-directory` applies to `run:` steps only; this step uses an action, which ignores it.",
                  key->position);
        }
      } else if (name == "uses") {
        step.uses = plain_string(*key, *item, "`uses`");
      } else if (name == "with") {
        step.with = string_map(*key, *item, Place::Step, "The input");
        if (run && !uses) {
          warning(DiagnosticCode::UnknownKey,
                  "`with` passes inputs to an action (`uses:`); a `run:` step ignores it. Use `env:` to pass values "
                  "to a script.",
                  key->position);
        }
      } else if (name == "env") {
        step.env = string_map(*key, *item, Place::Step, "`env`");
      } else if (name == "continue-on-error") {
        step.continue_on_error = boolean_value(*key, *item, Place::Step, "`continue-on-error`");
      } else if (name == "timeout-minutes") {
        step.timeout_minutes = number_value(*key, *item, Place::Step, "`timeout-minutes`");
      }
    }
    if (run && uses) {
      error(DiagnosticCode::InvalidValue,
            "A step cannot have both `run:` and `uses:`. Split it into two steps: one runs the script, the other "
            "the action.",
            step.position);
    } else if (!run && !uses) {
      error(DiagnosticCode::InvalidValue,
            "A step needs `run:` (a script) or `uses:` (an action), and this one has neither.", step.position);
    }
    return step;
  }

  const SourceText& source_;
  JobLayout* layout_;
  Diagnostics diagnostics_;
  std::set<const YNode*> visited_maps_;
  std::string job_;
  std::string step_;
};

Diagnostic limit_diagnostic(DiagnosticCode code, std::string message) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  return d;
}

yaml::Limits yaml_limits() {
  yaml::Limits limits;
  limits.max_depth = kMaxYamlDepth;
  limits.max_alias_nodes = kMaxAliasNodes;
  return limits;
}

// The start of the line that holds `offset`, when only spaces come before it on that line.
std::optional<std::size_t> start_of_own_line(const std::string& text, std::size_t offset) {
  std::size_t start = offset;
  while (start > 0 && text[start - 1] != '\n') {
    if (text[start - 1] != ' ') return std::nullopt;
    --start;
  }
  return start;
}

// Completes the spans the loader noted with where their lines are; false when the text is not laid
// out so that a job's lines can be read alone (JobLayout's conditions).
bool note_job_lines(const yaml::Node& root, const SourceText& source, JobLayout& layout) {
  const std::string& text = source.text();
  if (!root.is_mapping()) return false;
  std::set<std::string> keys;
  for (const auto& [key, value] : root.entries) {
    if (!key || !value || !key->is_scalar() || !keys.insert(text::fold_case(key->value)).second) return false;
  }
  auto jobs = std::find_if(root.entries.begin(), root.entries.end(), [](const auto& e) { return e.first->value == "jobs"; });
  if (jobs == root.entries.end()) return false;
  const yaml::Node& map = *jobs->second;
  if (!map.is_mapping() || map.entries.size() != layout.jobs.size()) return false;
  if (map.offset < text.size() && text[map.offset] == '{') return false;
  std::size_t indent = 0;
  for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
    JobSpan& span = layout.jobs[k];
    std::optional<std::size_t> begin = start_of_own_line(text, span.key_offset);
    if (!begin) return false;
    if (k == 0) indent = span.key_offset - *begin;
    if (span.key_offset - *begin != indent || (k > 0 && *begin <= layout.jobs[k - 1].begin)) return false;
    span.begin = *begin;
  }
  layout.jobs_end = text.size();
  if (auto next = std::next(jobs); next != root.entries.end()) {
    std::optional<std::size_t> begin = start_of_own_line(text, next->first->offset);
    if (!begin) return false;
    layout.jobs_end = *begin;
  }
  return true;
}

constexpr std::string_view kEndOfJob = "ghaplay-end-of-job";

std::size_t shifted(std::size_t offset, std::ptrdiff_t shift) {
  return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(offset) + shift);
}

LoadResult load_text(std::string_view yaml_text, std::optional<JobLayout>* layout) {
  LoadResult result;
  if (yaml_text.size() > kMaxWorkflowBytes) {
    Diagnostic too_large = limit_diagnostic(
        DiagnosticCode::InputTooLarge,
        "The input is larger than " + std::to_string(kMaxWorkflowBytes) +
            " bytes (500 KB), GitHub's limit for a workflow file: GitHub would not start it. It passes the limit "
            "here; move long scripts into files of the repository.");
    // Where the first byte past the limit is (line and byte column), without reading further.
    std::string_view head = yaml_text.substr(0, kMaxWorkflowBytes);
    std::size_t last_newline = head.rfind('\n');
    too_large.position.line = 1 + static_cast<int>(std::count(head.begin(), head.end(), '\n'));
    too_large.position.column =
        1 + static_cast<int>(last_newline == std::string_view::npos ? head.size() : head.size() - last_newline - 1);
    result.diagnostics.push_back(std::move(too_large));
    return result;
  }
  try {
    SourceText source(strip_bom(yaml_text));
    yaml::ParseResult parsed = yaml::parse(source, yaml_limits());
    result.diagnostics = std::move(parsed.diagnostics);
    if (has_errors(result.diagnostics)) return result;
    JobLayout noted;
    bool note = layout && result.diagnostics.empty() && !parsed.anchors_used;
    Loader loader(source, note ? &noted : nullptr);
    result.workflow = loader.load(parsed.root);
    auto& found = loader.diagnostics();
    result.diagnostics.insert(result.diagnostics.end(), std::make_move_iterator(found.begin()),
                              std::make_move_iterator(found.end()));
    if (note && result.workflow && note_job_lines(*parsed.root, source, noted)) *layout = std::move(noted);
  } catch (const std::bad_alloc&) {
    result.workflow.reset();
    if (layout) layout->reset();
    result.diagnostics.push_back(
        limit_diagnostic(DiagnosticCode::LimitExceeded, "ghaplay ran out of memory while loading the workflow."));
  } catch (const std::exception& error) {
    result.workflow.reset();
    if (layout) layout->reset();
    result.diagnostics.push_back(limit_diagnostic(
        DiagnosticCode::LimitExceeded, std::string("ghaplay could not load the workflow: ") + error.what()));
  }
  sort_by_position(result.diagnostics);
  return result;
}

}  // namespace

LoadResult load_workflow(std::string_view yaml_text) { return load_text(yaml_text, nullptr); }

LayoutLoad load_workflow_with_layout(std::string_view yaml_text) {
  LayoutLoad load;
  load.result = load_text(yaml_text, &load.layout);
  return load;
}

bool reload_edited_job(JobLayout& layout, Workflow& workflow, std::string_view old_yaml, std::string_view new_yaml,
                       Diagnostics& diagnostics, ReloadedJob* reloaded) {
  if (new_yaml.size() > kMaxWorkflowBytes) return false;
  std::string_view text = strip_bom(new_yaml);
  std::optional<JobEdit> edit = find_job_edit(layout, strip_bom(old_yaml), text);
  if (!edit) return false;
  JobSpan& span = layout.jobs[edit->job];
  std::optional<Job> job;
  try {
    SourceText source(text);
    // When more follows, a line at the key's indentation after the job's lines: within the file
    // the job's value ends before the next line of that kind, and it must end before this one.
    // yaml-cpp ends a quoted string that reaches the end of its input without an error, which
    // within the file could have gone on. At the end of the file, the end is the same.
    bool last = edit->end == text.size();
    std::string after;
    if (!last) after.append(span.key_offset - span.begin, ' ').append(kEndOfJob).append(": 0\n");
    // The job's lines alone lack the file's top-level mapping: one level less of nesting is allowed.
    yaml::Limits limits = yaml_limits();
    limits.max_depth -= 1;
    yaml::ParseResult parsed = yaml::parse_range(source, edit->begin, edit->end, after, limits);
    if (!parsed.diagnostics.empty() || parsed.anchors_used || !parsed.root || !parsed.root->is_mapping() ||
        parsed.root->entries.size() != (last ? 1u : 2u)) {
      return false;
    }
    const auto& [key, value] = parsed.root->entries.front();
    const auto& [end_key, end_value] = parsed.root->entries.back();
    if (!key || !value || !key->is_scalar() || key->value != span.key || key->offset != span.key_offset) return false;
    if (!last && (!end_key || !end_value || end_key->value != kEndOfJob || end_value->value != "0")) return false;
    Loader loader(source);
    job = loader.read_job_entry(*key, *value);
    if (job.has_value() != span.job.has_value()) return false;
    Diagnostics found = std::move(loader.diagnostics());
    // unknown-needs and needs-cycle read every job's `needs` and nothing else.
    bool same_needs = !job || job->needs == workflow.jobs[*span.job].needs;
    if (job) std::swap(workflow.jobs[*span.job], *job);
    Diagnostics needs_found;
    try {
      if (same_needs) {
        needs_found = layout.needs_diagnostics;
      } else {
        Loader needs(source);
        needs.check_needs(workflow);
        needs_found = std::move(needs.diagnostics());
      }
      Diagnostics all = layout.before_jobs;
      for (const auto& other : layout.jobs) {
        const Diagnostics& part = &other == &span ? found : other.diagnostics;
        all.insert(all.end(), part.begin(), part.end());
      }
      all.insert(all.end(), needs_found.begin(), needs_found.end());
      sort_by_position(all);
      diagnostics = std::move(all);
    } catch (...) {
      if (job) std::swap(workflow.jobs[*span.job], *job);
      throw;
    }
    if (reloaded) {
      reloaded->index = span.job;
      reloaded->previous = std::move(job);
    }
    span.diagnostics = std::move(found);
    layout.needs_diagnostics = std::move(needs_found);
    for (std::size_t k = edit->job + 1; k < layout.jobs.size(); ++k) {
      layout.jobs[k].begin = shifted(layout.jobs[k].begin, edit->shift);
      layout.jobs[k].key_offset = shifted(layout.jobs[k].key_offset, edit->shift);
    }
    layout.jobs_end = shifted(layout.jobs_end, edit->shift);
    return true;
  } catch (const std::exception&) {
    return false;  // the whole load reports what went wrong
  }
}

}  // namespace ghaplay::workflow
