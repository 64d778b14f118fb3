#pragma once
// A GitHub Actions workflow file as typed structures, every value with its place in the file.
//
// load_workflow() reads YAML text (yaml-cpp), builds this model and checks it: structure (unknown
// keys, wrong types, `needs` naming unknown jobs, `needs` cycles) and the syntax of every `${{ }}`
// expression, with the contexts and functions GitHub allows at each place. It never throws.
//
// Positions are 1-based lines and columns; a column counts bytes of its line (as yaml-cpp does), so
// it equals the character column on ASCII lines. A UTF-8 byte order mark is not counted.
// Ordered maps (env, outputs, with, ...) keep file order as vectors of entries.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/expression.h"
#include "ghaplay/source_position.h"
#include "ghaplay/template.h"
#include "ghaplay/value.h"

namespace ghaplay::workflow {

// GitHub's own limit: "each workflow file must be 500 KB (512,000 bytes) or smaller" (docs: Actions
// limits); a larger file starts no run. Larger input: input-too-large. It also bounds the loader's
// time and memory (a file of tiny jobs costs about 0.2 s and 80 MB natively at this size).
inline constexpr std::size_t kMaxWorkflowBytes = 512000;
inline constexpr int kMaxYamlDepth = 100;                           // deeper nesting: limit-exceeded
inline constexpr std::size_t kMaxAliasNodes = 10000;  // nodes reached through aliases: limit-exceeded

// A YAML scalar as written.
struct Scalar {
  enum class Style { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

  std::string text;  // decoded: quotes, escapes and block indentation removed
  Style style = Style::Plain;
  bool is_null = false;    // `null`, `~` or nothing at all (text is then empty)
  bool string_tag = false; // `!!str`
  SourcePosition position; // of the first character of the value as written (the quote, the `|`)
  Template tmpl;           // text split at `${{ }}`, with exact positions

  bool is_plain() const { return style == Style::Plain && !string_tag; }
  // Typing of the YAML 1.2 core schema, which GitHub's parser applies: in a plain scalar, `null`,
  // `Null`, `NULL`, `~` and nothing are null; `true`/`True`/`TRUE`/`false`/... booleans; decimal,
  // `0x` hex, `0o` octal integers and decimal floats (`1.10` is the number 1.1), `.inf`, `.nan`
  // numbers. Anything quoted, any block scalar, and `!!str` values stay strings.
  Value literal_value() const;
};

// A YAML value kept as data (matrix values, `runs-on`, `with` of reusable workflows...).
struct Node {
  enum class Kind { Scalar, Sequence, Mapping };

  Kind kind = Kind::Scalar;
  Scalar scalar;  // Kind::Scalar (null is a scalar whose is_null is set)
  std::vector<Node> items;
  std::vector<std::pair<Scalar, Node>> entries;  // mappings, in file order
  SourcePosition position;

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }
  // Scalars by Scalar::literal_value(); `${{ }}` stays as its text. Mapping keys keep their first
  // spelling (case-insensitive, as in GitHub's objects).
  Value to_value() const;
};

// Like Node::to_value(), but scalars that hold `${{ }}` are evaluated as templates.
std::variant<Value, TemplateError> evaluate(const Node& node, const expr::EvaluationContext& context,
                                            const expr::ParseOptions& options);

// One `key: value` pair of an ordered map whose values are strings that may hold `${{ }}`.
struct Entry {
  std::string key;
  SourcePosition key_position;
  Scalar value;
};
using OrderedMap = std::vector<Entry>;

const Entry* find_entry(const OrderedMap& map, std::string_view key);  // case-insensitive

struct WorkflowCallInput {
  std::string name;
  SourcePosition position;     // of the name
  std::string type;            // `boolean` | `number` | `string` (as written)
  std::optional<Scalar> default_value;
  bool required = false;
  std::string description;
};

struct WorkflowCallOutput {
  std::string name;
  SourcePosition position;  // of the name
  Scalar value;             // may use the `jobs` context; empty when `value:` is missing
  std::string description;
};

struct Triggers {
  bool present = false;  // false: the file has no `on:` (a notice; documentation snippets omit it)
  SourcePosition position;
  std::vector<std::pair<std::string, SourcePosition>> events;  // in file order
  bool workflow_call = false;
  std::vector<WorkflowCallInput> call_inputs;
  std::vector<WorkflowCallOutput> call_outputs;

  bool has(std::string_view event) const;
};

struct Matrix {
  // One `key: [values]` of the matrix, or `key: ${{ expression }}` giving the list.
  struct Dimension {
    std::string key;
    SourcePosition position;  // of the key
    std::vector<Node> values;
    std::optional<Scalar> expression;
  };

  SourcePosition position;
  // The whole matrix as one expression, e.g. `matrix: ${{ fromJSON(needs.a.outputs.m) }}`;
  // then dimensions, include and exclude are empty.
  std::optional<Scalar> expression;
  std::vector<Dimension> dimensions;  // in file order (the cartesian product's order)
  std::vector<Node> include;          // mappings
  std::vector<Node> exclude;          // mappings
  std::optional<Scalar> include_expression;  // `include: ${{ ... }}`
  std::optional<Scalar> exclude_expression;
};

struct Strategy {
  SourcePosition position;
  std::optional<Matrix> matrix;
  std::optional<Scalar> fail_fast;     // a boolean or an expression
  std::optional<Scalar> max_parallel;  // a number or an expression
};

struct Step {
  std::size_t index = 0;    // 0-based within the job
  SourcePosition position;  // of the step's mapping (after its `-`)
  std::optional<Scalar> id;
  std::optional<Scalar> name;
  std::optional<Template> condition;  // `if:`, see Template::parse_condition
  std::optional<Scalar> run;
  std::optional<Scalar> shell;
  std::optional<Scalar> uses;
  std::optional<Scalar> working_directory;
  std::optional<Scalar> continue_on_error;  // a boolean or an expression
  std::optional<Scalar> timeout_minutes;
  OrderedMap with;
  OrderedMap env;

  // How diagnostics name the step: its id, else its name, else `#N` (1-based).
  std::string label() const;
};

struct Job {
  std::string id;
  SourcePosition position;  // of the job's key
  std::optional<Scalar> name;
  std::vector<std::pair<std::string, SourcePosition>> needs;  // in the order written
  std::optional<Template> condition;                          // `if:`, see Template::parse_condition
  std::optional<Node> runs_on;                                // a string, a list or a {group, labels} mapping
  OrderedMap env;
  OrderedMap outputs;  // name -> string template, evaluated at the end of the job
  std::optional<Strategy> strategy;
  std::optional<Scalar> continue_on_error;  // a boolean or an expression
  std::optional<Scalar> timeout_minutes;
  std::optional<Scalar> default_shell;              // defaults.run.shell
  std::optional<Scalar> default_working_directory;  // defaults.run.working-directory
  // A job that calls a reusable workflow: `uses`, `with`, `secrets`.
  std::optional<Scalar> uses;
  OrderedMap with;  // strings, numbers or booleans (Scalar::literal_value) that may hold `${{ }}`
  OrderedMap secrets;
  bool inherit_secrets = false;  // `secrets: inherit`
  std::vector<Step> steps;

  bool calls_reusable_workflow() const { return uses.has_value(); }
};

struct Workflow {
  std::optional<Scalar> name;
  std::optional<Scalar> run_name;
  Triggers on;
  OrderedMap env;
  std::optional<Scalar> default_shell;              // defaults.run.shell
  std::optional<Scalar> default_working_directory;  // defaults.run.working-directory
  std::vector<Job> jobs;                            // in file order

  const Job* find_job(std::string_view id) const;  // job ids are case-insensitive, as in GitHub
};

struct LoadResult {
  // Absent when the text is not YAML, not a workflow, or past a limit. Present (best effort) with
  // other errors: check has_errors(diagnostics) before simulating it.
  std::optional<Workflow> workflow;
  Diagnostics diagnostics;  // sorted by position
};

LoadResult load_workflow(std::string_view yaml_text);

// Where an expression sits decides which contexts and functions it may use (GitHub's workflow
// schema, workflow-v1.0.json in actions/languageservices). See parse_options().
enum class Place {
  WorkflowEnv,          // env:                           github inputs vars secrets
  RunName,              // run-name:                      github inputs vars
  JobIf,                // jobs.<id>.if                   github inputs vars needs + status functions
  Strategy,             // strategy (matrix, fail-fast, max-parallel): github inputs vars needs
  JobStrategyContext,   // name, runs-on, continue-on-error, timeout-minutes, with (reusable call)
                        //                                github inputs vars needs strategy matrix
  JobEnv,               // jobs.<id>.env                  ... + secrets
  JobSecrets,           // jobs.<id>.secrets              ... + secrets
  JobDefaultsRun,       // jobs.<id>.defaults.run         github inputs vars needs strategy matrix env
  JobOutputs,           // jobs.<id>.outputs              all step contexts, no functions
  Step,                 // step run/name/env/with/...     all step contexts + hashFiles(1,255)
  StepIf,               // steps[*].if                    step contexts (no secrets) + status functions + hashFiles
  WorkflowCallInputDefault,  // on.workflow_call.inputs.<id>.default: github inputs vars
  WorkflowCallOutputValue,   // on.workflow_call.outputs.<id>.value:  github inputs vars jobs
};

// The parse options for expressions at `place`. Status functions take no argument at step level;
// at job level success() and failure() take 0..255 (GitHub lets them name jobs), always() and
// cancelled() none. hashFiles takes 1..255 paths. The options live as long as the program.
const expr::ParseOptions& parse_options(Place place);
// Whether `options` is one of parse_options()'s (whose address then names its content for good).
bool is_place_options(const expr::ParseOptions& options);

}  // namespace ghaplay::workflow
