// The workflow loader: the typed model of a realistic workflow, exact positions of expressions in
// every kind of YAML scalar, scalar typing, every diagnostic with its place and message, and hostile
// inputs that must end in a diagnostic, never a crash.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "ghaplay/api.h"
#include "ghaplay/workflow.h"

namespace ghaplay::workflow {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(GHAPLAY_SOURCE_DIR) + "/tests/fixtures/workflows/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    out += std::string(severity_name(d.severity)) + " " + code_name(d.code) + " " + std::to_string(d.position.line) +
           ":" + std::to_string(d.position.column) + " [" + d.job + "/" + d.step + "] " + d.message + "\n";
  }
  return out;
}

std::vector<std::string> keys(const OrderedMap& map) {
  std::vector<std::string> out;
  for (const auto& entry : map) out.push_back(entry.key);
  return out;
}

std::vector<std::string> needs(const Job& job) {
  std::vector<std::string> out;
  for (const auto& [id, position] : job.needs) out.push_back(id);
  return out;
}

// --- the model -------------------------------------------------------------------------------------

TEST(WorkflowLoader, RealisticWorkflowModel) {
  auto result = load_workflow(fixture("realistic.yml"));
  ASSERT_TRUE(result.workflow.has_value()) << describe(result.diagnostics);
  EXPECT_EQ(describe(result.diagnostics), "");
  const Workflow& wf = *result.workflow;

  ASSERT_TRUE(wf.name.has_value());
  EXPECT_EQ(wf.name->text, "Release");
  ASSERT_TRUE(wf.run_name.has_value());
  EXPECT_TRUE(wf.run_name->tmpl.has_expressions());

  EXPECT_TRUE(wf.on.present);
  EXPECT_EQ(wf.on.position, (SourcePosition{3, 1}));
  ASSERT_EQ(wf.on.events.size(), 2u);
  EXPECT_EQ(wf.on.events[0].first, "push");
  EXPECT_EQ(wf.on.events[1].first, "workflow_call");
  EXPECT_TRUE(wf.on.workflow_call);
  ASSERT_EQ(wf.on.call_inputs.size(), 1u);
  EXPECT_EQ(wf.on.call_inputs[0].name, "channel");
  EXPECT_EQ(wf.on.call_inputs[0].type, "string");
  EXPECT_FALSE(wf.on.call_inputs[0].required);
  ASSERT_TRUE(wf.on.call_inputs[0].default_value.has_value());
  EXPECT_EQ(wf.on.call_inputs[0].default_value->text, "stable");
  ASSERT_EQ(wf.on.call_outputs.size(), 1u);
  EXPECT_EQ(wf.on.call_outputs[0].name, "version");
  EXPECT_EQ(wf.on.call_outputs[0].description, "The version built");
  ASSERT_TRUE(wf.on.call_outputs[0].value.tmpl.is_single_expression());
  EXPECT_EQ(wf.on.call_outputs[0].value.tmpl.parts()[0].text, "jobs.build.outputs.version");
  EXPECT_EQ(wf.on.call_outputs[0].value.tmpl.parts()[0].position, (SourcePosition{15, 20}));

  EXPECT_EQ(keys(wf.env), (std::vector<std::string>{"GLOBAL"}));
  EXPECT_EQ(wf.env[0].value.style, Scalar::Style::DoubleQuoted);
  EXPECT_TRUE(same_content(wf.env[0].value.literal_value(), Value("yes")));
  ASSERT_TRUE(wf.default_shell.has_value());
  EXPECT_EQ(wf.default_shell->text, "bash");

  // Jobs in file order, with their needs.
  ASSERT_EQ(wf.jobs.size(), 4u);
  EXPECT_EQ(wf.jobs[0].id, "setup");
  EXPECT_EQ(wf.jobs[1].id, "build");
  EXPECT_EQ(wf.jobs[2].id, "dynamic");
  EXPECT_EQ(wf.jobs[3].id, "call");
  EXPECT_EQ(wf.jobs[1].position, (SourcePosition{29, 3}));
  EXPECT_EQ(needs(wf.jobs[0]), std::vector<std::string>{});
  EXPECT_EQ(needs(wf.jobs[1]), (std::vector<std::string>{"setup"}));
  EXPECT_EQ(needs(wf.jobs[2]), (std::vector<std::string>{"setup", "build"}));
  EXPECT_EQ(wf.jobs[2].needs[1].second, (SourcePosition{69, 20}));
  EXPECT_EQ(wf.find_job("BUILD"), &wf.jobs[1]);
  EXPECT_EQ(wf.find_job("nope"), nullptr);

  const Job& build = wf.jobs[1];
  ASSERT_TRUE(build.name.has_value());
  EXPECT_EQ(build.name->tmpl.parts().size(), 2u);
  ASSERT_TRUE(build.runs_on.has_value());
  EXPECT_TRUE(build.runs_on->is_scalar());
  EXPECT_TRUE(build.runs_on->scalar.tmpl.is_single_expression());
  ASSERT_TRUE(build.continue_on_error.has_value());
  EXPECT_TRUE(build.continue_on_error->tmpl.is_single_expression());
  EXPECT_EQ(keys(build.env), (std::vector<std::string>{"NODE"}));
  EXPECT_EQ(keys(build.outputs), (std::vector<std::string>{"version", "os"}));
  EXPECT_EQ(build.outputs[0].key_position, (SourcePosition{49, 7}));
  EXPECT_EQ(build.outputs[0].value.tmpl.parts()[0].text, "steps.version.outputs.value");
  EXPECT_EQ(build.outputs[0].value.tmpl.parts()[0].position, (SourcePosition{49, 20}));
  ASSERT_TRUE(build.default_shell.has_value());
  EXPECT_EQ(build.default_shell->text, "pwsh");

  // The matrix: dimensions in order, values typed as GitHub's parser types them.
  ASSERT_TRUE(build.strategy.has_value());
  const Strategy& strategy = *build.strategy;
  ASSERT_TRUE(strategy.fail_fast.has_value());
  EXPECT_TRUE(same_content(strategy.fail_fast->literal_value(), Value(false)));
  ASSERT_TRUE(strategy.max_parallel.has_value());
  EXPECT_TRUE(same_content(strategy.max_parallel->literal_value(), Value(2)));
  ASSERT_TRUE(strategy.matrix.has_value());
  const Matrix& matrix = *strategy.matrix;
  EXPECT_FALSE(matrix.expression.has_value());
  ASSERT_EQ(matrix.dimensions.size(), 2u);
  EXPECT_EQ(matrix.dimensions[0].key, "os");
  EXPECT_EQ(matrix.dimensions[1].key, "node");
  EXPECT_EQ(matrix.dimensions[1].position, (SourcePosition{39, 9}));
  ASSERT_EQ(matrix.dimensions[1].values.size(), 3u);
  EXPECT_TRUE(same_content(matrix.dimensions[1].values[0].to_value(), Value(14)));
  EXPECT_TRUE(same_content(matrix.dimensions[1].values[1].to_value(), Value("16")));
  EXPECT_TRUE(same_content(matrix.dimensions[1].values[2].to_value(), Value(1.1)));
  EXPECT_EQ(matrix.dimensions[1].values[2].position, (SourcePosition{39, 26}));
  ASSERT_EQ(matrix.include.size(), 1u);
  EXPECT_EQ(expr::to_json(matrix.include[0].to_value()), "{\n  \"os\": \"ubuntu-latest\",\n  \"experimental\": true\n}");
  ASSERT_EQ(matrix.exclude.size(), 1u);
  EXPECT_EQ(expr::to_json(matrix.exclude[0].to_value()), "{\n  \"os\": \"windows-latest\",\n  \"node\": 14\n}");

  // Steps.
  ASSERT_EQ(build.steps.size(), 2u);
  const Step& checkout = build.steps[0];
  EXPECT_EQ(checkout.index, 0u);
  EXPECT_EQ(checkout.position, (SourcePosition{55, 9}));
  ASSERT_TRUE(checkout.uses.has_value());
  EXPECT_EQ(checkout.uses->text, "actions/checkout@v4");
  EXPECT_EQ(keys(checkout.with), (std::vector<std::string>{"fetch-depth"}));
  EXPECT_EQ(checkout.label(), "#1");
  const Step& version = build.steps[1];
  EXPECT_EQ(version.label(), "version");
  ASSERT_TRUE(version.name.has_value());
  EXPECT_EQ(version.name->text, "Compute version");
  ASSERT_TRUE(version.condition.has_value());
  ASSERT_TRUE(version.condition->is_single_expression());
  EXPECT_EQ(version.condition->parts()[0].text, "github.ref == 'refs/heads/main'");
  EXPECT_EQ(version.condition->parts()[0].position, (SourcePosition{60, 13}));
  ASSERT_TRUE(version.shell && version.working_directory && version.continue_on_error && version.run);
  EXPECT_EQ(version.shell->text, "bash");
  EXPECT_EQ(version.working_directory->text, "app");
  EXPECT_TRUE(same_content(version.continue_on_error->literal_value(), Value(true)));
  EXPECT_EQ(keys(version.env), (std::vector<std::string>{"PREFIX"}));
  EXPECT_EQ(version.run->text, "echo \"value=${PREFIX}1.2.3\" >> \"$GITHUB_OUTPUT\"\n");
  EXPECT_EQ(version.run->style, Scalar::Style::Literal);
  EXPECT_FALSE(version.run->tmpl.has_expressions());

  // A matrix given as one expression, an if in braces, runs-on as a list.
  const Job& dynamic = wf.jobs[2];
  ASSERT_TRUE(dynamic.strategy && dynamic.strategy->matrix && dynamic.strategy->matrix->expression);
  EXPECT_EQ(dynamic.strategy->matrix->expression->tmpl.parts()[0].text, "fromJSON(needs.setup.outputs.matrix)");
  EXPECT_TRUE(dynamic.strategy->matrix->dimensions.empty());
  ASSERT_TRUE(dynamic.condition.has_value());
  EXPECT_EQ(dynamic.condition->parts()[0].text, "always()");
  ASSERT_TRUE(dynamic.runs_on && dynamic.runs_on->is_sequence());
  EXPECT_EQ(expr::to_json(dynamic.runs_on->to_value()), "[\n  \"self-hosted\",\n  \"linux\"\n]");

  // A reusable workflow call.
  const Job& call = wf.jobs[3];
  EXPECT_TRUE(call.calls_reusable_workflow());
  EXPECT_EQ(call.uses->text, "./.github/workflows/deploy.yml");
  EXPECT_EQ(keys(call.with), (std::vector<std::string>{"version", "dry-run"}));
  EXPECT_TRUE(same_content(call.with[1].value.literal_value(), Value(true)));
  EXPECT_TRUE(call.inherit_secrets);
  EXPECT_TRUE(call.steps.empty());
}

TEST(WorkflowLoader, JobOrderIsFileOrderNotAlphabetical) {
  auto result = load_workflow("on: push\njobs:\n  zeta: {runs-on: x, steps: [{run: a}]}\n"
                              "  alpha: {runs-on: x, steps: [{run: a}]}\n  mid: {runs-on: x, steps: [{run: a}]}\n");
  ASSERT_TRUE(result.workflow.has_value());
  std::vector<std::string> ids;
  for (const auto& job : result.workflow->jobs) ids.push_back(job.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"zeta", "alpha", "mid"}));
}

TEST(WorkflowLoader, NeedsAsSingleString) {
  auto result = load_workflow(
      "on: push\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: b}]\n");
  ASSERT_TRUE(result.workflow.has_value());
  EXPECT_EQ(needs(result.workflow->jobs[1]), (std::vector<std::string>{"a"}));
  EXPECT_EQ(result.workflow->jobs[1].needs[0].second, (SourcePosition{5, 12}));
}

// --- positions of expressions in every kind of scalar ---------------------------------------------

struct PositionCase {
  std::size_t step;
  std::size_t part;  // index among the run's parts
  std::string expression;
  int line;
  int column;
};

class ScalarPositions : public ::testing::TestWithParam<PositionCase> {};

TEST_P(ScalarPositions, PointAtTheExpression) {
  static const LoadResult result = load_workflow(fixture("positions.yml"));
  ASSERT_TRUE(result.workflow.has_value()) << describe(result.diagnostics);
  ASSERT_EQ(describe(result.diagnostics), "");
  const auto& c = GetParam();
  const Job& job = result.workflow->jobs.at(0);
  ASSERT_LT(c.step, job.steps.size());
  ASSERT_TRUE(job.steps[c.step].run.has_value());
  const auto& parts = job.steps[c.step].run->tmpl.parts();
  ASSERT_LT(c.part, parts.size());
  EXPECT_EQ(parts[c.part].text, c.expression);
  EXPECT_EQ(parts[c.part].position, (SourcePosition{c.line, c.column})) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(
    Fixture, ScalarPositions,
    ::testing::Values(PositionCase{0, 1, "github.literal", 9, 26},     // `|`, a more-indented line
                      PositionCase{1, 0, "github.strip", 11, 15},      // `|-`
                      PositionCase{2, 1, "github.keep", 13, 20},       // `|+`
                      PositionCase{3, 1, "github.explicit", 16, 26},   // `|2`
                      PositionCase{4, 1, "github.plain", 17, 24},      // plain
                      PositionCase{5, 1, "github.single", 18, 32},     // single quotes with ''
                      PositionCase{6, 1, "github.double", 19, 26},     // double quotes
                      PositionCase{7, 1, "github.escaped", 20, 35},    // double quotes with \t and \u00e9
                      PositionCase{8, 1, "github.anchored", 21, 35},   // after an anchor
                      PositionCase{9, 1, "github.folded", 24, 20},     // `>`
                      PositionCase{10, 1, "github.first", 26, 19},     // two on one line
                      PositionCase{10, 3, "github.second", 26, 42},
                      PositionCase{10, 5, "github.multi &&\n  github.line", 27, 21}));

TEST(WorkflowLoader, MultiLineExpressionInBlockKnowsEachLine) {
  auto result = load_workflow(fixture("positions.yml"));
  ASSERT_TRUE(result.workflow.has_value());
  const auto& part = result.workflow->jobs[0].steps[10].run->tmpl.parts()[5];
  std::size_t line_offset = part.text.find("github.line");
  EXPECT_EQ(part.position_at(line_offset), (SourcePosition{28, 13}));
}

// --- scalar typing ---------------------------------------------------------------------------------

struct TypingCase {
  const char* name;
  std::string yaml;  // a matrix value as written
  Value expected;
};

class ScalarTyping : public ::testing::TestWithParam<TypingCase> {};

TEST_P(ScalarTyping, FollowsTheYaml12CoreSchema) {
  const auto& c = GetParam();
  auto result = load_workflow("on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n      matrix:\n        v: [" +
                              c.yaml + "]\n    steps: [{run: a}]\n");
  ASSERT_TRUE(result.workflow.has_value()) << describe(result.diagnostics);
  const auto& values = result.workflow->jobs[0].strategy->matrix->dimensions[0].values;
  ASSERT_EQ(values.size(), 1u);
  Value value = values[0].to_value();
  EXPECT_EQ(value.kind(), c.expected.kind()) << c.yaml;
  if (value.is_number() && c.expected.is_number() && std::isnan(c.expected.as_number())) {
    EXPECT_TRUE(std::isnan(value.as_number()));
  } else {
    EXPECT_TRUE(same_content(value, c.expected)) << expr::to_json(value);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScalarTyping,
    ::testing::Values(TypingCase{"Int", "14", Value(14)}, TypingCase{"Negative", "-2", Value(-2)},
                      TypingCase{"Float", "1.10", Value(1.1)}, TypingCase{"Exponent", "+1.5e3", Value(1500)},
                      TypingCase{"LeadingDot", ".5", Value(0.5)}, TypingCase{"Hex", "0x1F", Value(31)},
                      TypingCase{"Octal", "0o17", Value(15)},
                      TypingCase{"Infinity", "-.inf", Value(-std::numeric_limits<double>::infinity())},
                      TypingCase{"NaN", ".nan", Value(std::numeric_limits<double>::quiet_NaN())},
                      TypingCase{"True", "true", Value(true)}, TypingCase{"TrueCapital", "True", Value(true)},
                      TypingCase{"False", "FALSE", Value(false)}, TypingCase{"Null", "null", Value()},
                      TypingCase{"Tilde", "~", Value()},
                      // YAML 1.1 booleans and other near-numbers stay strings in YAML 1.2.
                      TypingCase{"Yes", "yes", Value("yes")}, TypingCase{"On", "on", Value("on")},
                      TypingCase{"Underscore", "1_000", Value("1_000")}, TypingCase{"Version", "1.2.3", Value("1.2.3")},
                      TypingCase{"QuotedNumber", "'14'", Value("14")}, TypingCase{"QuotedTrue", "\"true\"", Value("true")},
                      TypingCase{"QuotedNull", "'null'", Value("null")}, TypingCase{"StrTag", "!!str 3", Value("3")},
                      TypingCase{"QuotedExpressionKeepsItsText", "'${{ 1 }}'", Value("${{ 1 }}")}),
    [](const auto& info) { return std::string(info.param.name); });

// --- diagnostics -----------------------------------------------------------------------------------

struct ExpectedDiagnostic {
  Severity severity;
  DiagnosticCode code;
  int line;
  int column;
  std::string job;
  std::string step;
  std::string message;
};

std::string describe(const std::vector<ExpectedDiagnostic>& expected) {
  Diagnostics diagnostics;
  for (const auto& e : expected) {
    Diagnostic d;
    d.severity = e.severity;
    d.code = e.code;
    d.position = {e.line, e.column};
    d.job = e.job;
    d.step = e.step;
    d.message = e.message;
    diagnostics.push_back(d);
  }
  return describe(diagnostics);
}

struct DiagnosticCase {
  const char* name;
  std::string yaml;
  std::vector<ExpectedDiagnostic> expected;
  bool has_workflow;
};

class LoaderDiagnostics : public ::testing::TestWithParam<DiagnosticCase> {};

TEST_P(LoaderDiagnostics, ExactPlaceAndMessage) {
  const auto& c = GetParam();
  auto result = load_workflow(c.yaml);
  EXPECT_EQ(describe(result.diagnostics), describe(c.expected));
  EXPECT_EQ(result.workflow.has_value(), c.has_workflow);
}

constexpr auto kError = Severity::Error;
constexpr auto kWarning = Severity::Warning;
constexpr auto kNotice = Severity::Notice;

// A job that is fine, to append where a case needs a valid rest of the file.
const std::string kOkJob = "    runs-on: x\n    steps: [{run: a}]\n";
const std::string kExample = "\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello";

INSTANTIATE_TEST_SUITE_P(
    Cases, LoaderDiagnostics,
    ::testing::Values(
        DiagnosticCase{"Clean", "on: push\njobs:\n  a:\n" + kOkJob, {}, true},
        DiagnosticCase{"InvalidYaml",
                       "on: push\njobs: a: b\n",
                       {{kError, DiagnosticCode::YamlSyntax, 2, 8, "", "",
                         "Invalid YAML: a `:` is not allowed here. Check the indentation, quote values that contain `: `, "
                         "and never indent with tabs (illegal map value)."}},
                       false},
        DiagnosticCase{"TabIndentation",
                       "on: push\njobs:\n\tbuild: 1\n",
                       {{kError, DiagnosticCode::YamlSyntax, 3, 7, "", "",
                         "Invalid YAML: a `:` is not allowed here. Check the indentation, quote values that contain `: `, "
                         "and never indent with tabs (illegal map value)."}},
                       false},
        DiagnosticCase{"UnclosedFlowList",
                       "on: [push\njobs: {}\n",
                       {{kError, DiagnosticCode::YamlSyntax, 2, 5, "", "",
                         "Invalid YAML: a `[` list is not closed: add the missing `]` (end of sequence flow not found)."}},
                       false},
        DiagnosticCase{"TwoDocuments",
                       "on: push\njobs: {}\n---\nother: 1\n",
                       {{kError, DiagnosticCode::YamlSyntax, 3, 1, "", "",
                         "Invalid workflow: the file holds more than one YAML document (a second one starts here). A "
                         "workflow file is a single document: remove the `---` line and what follows, or move it to its "
                         "own file."}},
                       false},
        DiagnosticCase{"Empty", "",
                       {{kError, DiagnosticCode::NotAWorkflow, 1, 1, "", "",
                         "The file is empty, so it is not a workflow. A workflow is a mapping with `on:` (what triggers "
                         "it) and `jobs:` (what runs), for example:" + kExample}},
                       false},
        DiagnosticCase{"OnlyComments", "# nothing yet\n",
                       {{kError, DiagnosticCode::NotAWorkflow, 1, 1, "", "",
                         "The file is empty, so it is not a workflow. A workflow is a mapping with `on:` (what triggers "
                         "it) and `jobs:` (what runs), for example:" + kExample}},
                       false},
        DiagnosticCase{"BareList", "- on: push\n- jobs: {}\n",
                       {{kError, DiagnosticCode::NotAWorkflow, 1, 1, "", "",
                         "The file is a list, not a workflow. A workflow is a mapping with `on:` and `jobs:` keys at the "
                         "top level (no `-` in front of them), for example:\non: push\njobs:\n  build:\n    runs-on: "
                         "ubuntu-latest"}},
                       false},
        DiagnosticCase{"Scalar", "hello\n",
                       {{kError, DiagnosticCode::NotAWorkflow, 1, 1, "", "",
                         "The file is the value 'hello', not a workflow. A workflow is a mapping with `on:` and `jobs:` "
                         "keys at the top level (no `-` in front of them), for example:\non: push\njobs:\n  build:\n    "
                         "runs-on: ubuntu-latest"}},
                       false},
        DiagnosticCase{"NoJobs", "name: CI\non: push\n",
                       {{kError, DiagnosticCode::NotAWorkflow, 1, 1, "", "",
                         "The file has no `jobs:` key, so it is not a workflow. Add the jobs to run, for "
                         "example:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hello"}},
                       false},
        DiagnosticCase{"NoOnIsANotice", "jobs:\n  a:\n" + kOkJob,
                       {{kNotice, DiagnosticCode::MissingOn, 1, 1, "", "",
                         "The workflow has no `on:` key. GitHub needs one to know when to run it (e.g. `on: push`); "
                         "ghaplay accepts its absence, as documentation snippets often leave it out."}},
                       true},
        DiagnosticCase{"EmptyOn", "on:\njobs:\n  a:\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 1, 1, "", "",
                         "`on` is empty. Name the events that trigger the workflow, e.g. `on: push` or `on: [push, "
                         "pull_request]`."}},
                       true},
        DiagnosticCase{"UnknownTopLevelKey", "on: push\nenviron: {}\njobs:\n  a:\n" + kOkJob,
                       {{kWarning, DiagnosticCode::UnknownKey, 2, 1, "", "",
                         "Unknown key 'environ' at the top level of a workflow. Allowed keys: on, name, run-name, "
                         "description, defaults, env, permissions, concurrency, jobs."}},
                       true},
        DiagnosticCase{"UnknownJobKeyWithSuggestion", "on: push\njobs:\n  a:\n    runs_on: x\n    steps: [{run: a}]\n",
                       {{kWarning, DiagnosticCode::InvalidValue, 3, 3, "a", "",
                         "Required property is missing: runs-on. GitHub needs it to pick a machine for job 'a' (e.g. "
                         "`runs-on: ubuntu-latest`); ghaplay simulates the job anyway."},
                        {kWarning, DiagnosticCode::UnknownKey, 4, 5, "a", "",
                         "Unknown key 'runs_on' in job 'a'. Did you mean 'runs-on'? Allowed keys: needs, if, strategy, "
                         "name, runs-on, timeout-minutes, cancel-timeout-minutes, continue-on-error, container, "
                         "services, env, environment, permissions, concurrency, outputs, defaults, steps, snapshot."}},
                       true},
        DiagnosticCase{"StepsInAReusableWorkflowCall",
                       "on: push\njobs:\n  a:\n    uses: ./w.yml\n    steps: [{run: a}]\n",
                       {{kWarning, DiagnosticCode::UnknownKey, 5, 5, "a", "",
                         "Unknown key 'steps' in job 'a'. A job that calls a reusable workflow (`uses:`) runs no steps "
                         "of its own and accepts only the keys below. Allowed keys: name, uses, with, secrets, needs, "
                         "if, permissions, concurrency, strategy."}},
                       true},
        DiagnosticCase{"UnknownStepKey", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - nmae: Build\n        run: make\n",
                       {{kWarning, DiagnosticCode::UnknownKey, 6, 9, "a", "#1",
                         "Unknown key 'nmae' in step #1. Did you mean 'name'? Allowed keys: name, id, if, "
                         "timeout-minutes, run, continue-on-error, env, working-directory, shell, uses, with."}},
                       true},
        DiagnosticCase{"WithOnARunStep", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: s\n        run: make\n        with: {x: 1}\n",
                       {{kWarning, DiagnosticCode::UnknownKey, 8, 9, "a", "s",
                         "`with` passes inputs to an action (`uses:`); a `run:` step ignores it. Use `env:` to pass "
                         "values to a script."}},
                       true},
        DiagnosticCase{"NeedsMapping", "on: push\njobs:\n  a:\n    needs: {b: 1}\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 4, 12, "a", "",
                         "`needs` must be a job id or a list of job ids (e.g. `needs: [build, test]`), not a mapping."}},
                       true},
        DiagnosticCase{"NeedsNestedList", "on: push\njobs:\n  b:\n" + kOkJob + "  a:\n    needs: [b, [c]]\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 7, 16, "a", "",
                         "`needs` must be a job id or a list of job ids, not a list inside the list."}},
                       true},
        DiagnosticCase{"StepsNotAList", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: echo hi\n",
                       {{kError, DiagnosticCode::InvalidValue, 5, 12, "a", "",
                         "`steps` must be a list of steps, each starting with `-`, for example:\nsteps:\n  - run: echo "
                         "hello\n  - uses: actions/checkout@v4"}},
                       true},
        DiagnosticCase{"StepNotAMapping", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - echo hi\n",
                       {{kError, DiagnosticCode::InvalidValue, 6, 9, "a", "#1",
                         "A step must be a mapping with `run:` or `uses:`, not the value 'echo hi'."}},
                       true},
        DiagnosticCase{"LongValueIsShortenedInMessages",
                       "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - |\n        a very long script that "
                       "goes on and on and on\n        second line\n",
                       {{kError, DiagnosticCode::InvalidValue, 6, 9, "a", "#1",
                         "A step must be a mapping with `run:` or `uses:`, not the value 'a very long script that goes "
                         "on and on a...'."}},
                       true},
        DiagnosticCase{"RunAndUses", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: Both\n        run: make\n        uses: actions/checkout@v4\n",
                       {{kError, DiagnosticCode::InvalidValue, 6, 9, "a", "Both",
                         "A step cannot have both `run:` and `uses:`. Split it into two steps: one runs the script, the "
                         "other the action."}},
                       true},
        DiagnosticCase{"NeitherRunNorUses", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n      - name: Nothing\n",
                       {{kError, DiagnosticCode::InvalidValue, 7, 9, "a", "Nothing",
                         "A step needs `run:` (a script) or `uses:` (an action), and this one has neither."}},
                       true},
        DiagnosticCase{"UnknownNeeds", "on: push\njobs:\n  build:\n" + kOkJob + "  test:\n    needs: [build, deploy]\n" + kOkJob,
                       {{kError, DiagnosticCode::UnknownNeeds, 7, 20, "test", "",
                         "Job 'test' depends on unknown job 'deploy'. Check the spelling, or add a job 'deploy' under "
                         "`jobs:`."}},
                       true},
        DiagnosticCase{"NeedsAreCaseInsensitive", "on: push\njobs:\n  build:\n" + kOkJob + "  test:\n    needs: Build\n" + kOkJob, {}, true},
        DiagnosticCase{"NeedsCycle",
                       "on: push\njobs:\n  a:\n    needs: c\n" + kOkJob + "  b:\n    needs: a\n" + kOkJob +
                           "  c:\n    needs: [b]\n" + kOkJob,
                       {{kError, DiagnosticCode::NeedsCycle, 4, 12, "a", "",
                         "Jobs depend on each other in a cycle: a -> c -> b -> a. None of them can ever start; remove "
                         "one of these `needs` entries."}},
                       true},
        DiagnosticCase{"NeedsItself", "on: push\njobs:\n  a:\n    needs: [a]\n" + kOkJob,
                       {{kError, DiagnosticCode::NeedsCycle, 4, 13, "a", "",
                         "Jobs depend on each other in a cycle: a -> a. None of them can ever start; remove one of these "
                         "`needs` entries."}},
                       true},
        DiagnosticCase{"JobIfWithoutBraces", "on: push\njobs:\n  a:\n    if: github.ref == 'x' &&\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 4, 27, "a", "",
                         "Unexpected end of expression: '&&'. Located at position 19 within expression: github.ref == "
                         "'x' &&"}},
                       true},
        DiagnosticCase{"JobIfEmptyBraces", "on: push\njobs:\n  a:\n    if: ${{ }}\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 4, 9, "a", "", "An expression was expected"}},
                       true},
        DiagnosticCase{"JobIfStatusFunctionNamesJobs", "on: push\njobs:\n  a:\n    if: failure(b)\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 4, 17, "a", "",
                         "Unrecognized named-value: 'b'. Located at position 9 within expression: failure(b)"}},
                       true},
        DiagnosticCase{"StepIfStatusFunctionTakesNothing",
                       "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - if: success('a')\n        run: x\n",
                       {{kError, DiagnosticCode::ExpressionSyntax, 6, 13, "a", "#1",
                         "Too many parameters supplied: 'success'. Located at position 1 within expression: "
                         "success('a')"}},
                       true},
        DiagnosticCase{"ExpressionInRunBlock",
                       "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: s\n        run: |\n          echo ok\n          echo ${{ steps.s.outputs.x == }}\n",
                       {{kError, DiagnosticCode::ExpressionSyntax, 9, 38, "a", "s",
                         "Unexpected end of expression: '=='. Located at position 19 within expression: "
                         "steps.s.outputs.x =="}},
                       true},
        DiagnosticCase{"CrlfLineEndings",
                       "on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    steps:\r\n      - run: |\r\n          echo a\r\n"
                       "          echo ${{ b c }}\r\n",
                       {{kError, DiagnosticCode::ExpressionSyntax, 8, 20, "a", "#1",
                         "Unrecognized named-value: 'b'. Located at position 1 within expression: b c"}},
                       true},
        DiagnosticCase{"ByteOrderMarkIsNotAColumn",
                       "\xEF\xBB\xBFrun-name: ${{ x y }}\non: push\njobs:\n  a:\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 1, 15, "", "",
                         "Unrecognized named-value: 'x'. Located at position 1 within expression: x y"}},
                       true},
        DiagnosticCase{"ContextNotAvailableInJobEnv",
                       "on: push\njobs:\n  a:\n    env:\n      V: ${{ steps.s.outputs.x }}\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 5, 14, "a", "",
                         "Unrecognized named-value: 'steps'. Located at position 1 within expression: "
                         "steps.s.outputs.x"}},
                       true},
        DiagnosticCase{"UnclosedExpression", "on: push\nenv:\n  A: \"x ${{ github.sha\"\njobs:\n  a:\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 3, 9, "", "",
                         "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} "
                         "sequence was not found."}},
                       true},
        DiagnosticCase{"ExpressionNotAllowedInUses",
                       "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/${{ github.sha }}\n",
                       {{kError, DiagnosticCode::ExpressionSyntax, 6, 27, "a", "#1",
                         "A template expression is not allowed in this context"}},
                       true},
        DiagnosticCase{"DuplicateJob", "on: push\njobs:\n  build:\n" + kOkJob + "  Build:\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 6, 3, "", "",
                         "'Build' is already defined. Keys compare case-insensitively; GitHub refuses duplicates: "
                         "remove or rename one."}},
                       true},
        DiagnosticCase{"InvalidJobId", "on: push\njobs:\n  1st:\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 3, 3, "1st", "",
                         "The identifier '1st' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. "
                         "IDs must start with a letter or '_' and must be less than 100 characters."}},
                       true},
        DiagnosticCase{"DuplicateStepId",
                       "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - {id: s, run: a}\n      - {id: S, run: b}\n",
                       {{kError, DiagnosticCode::InvalidValue, 7, 14, "a", "S",
                         "The identifier 'S' may not be used more than once within the same scope."}},
                       true},
        DiagnosticCase{"JobNotAMapping", "on: push\njobs:\n  a: 1\n",
                       {{kError, DiagnosticCode::InvalidValue, 3, 6, "a", "",
                         "The job 'a' must be a mapping of its settings (`runs-on:`, `steps:`...), not the value '1'."}},
                       true},
        DiagnosticCase{"JobsNotAMapping", "on: push\njobs: [a]\n",
                       {{kError, DiagnosticCode::InvalidValue, 2, 7, "", "",
                         "`jobs` must be a mapping of job ids to jobs, for example:\njobs:\n  build:\n    runs-on: "
                         "ubuntu-latest\n    steps:\n      - run: echo hello"}},
                       true},
        DiagnosticCase{"QuotedBooleanIsAString",
                       "on: push\njobs:\n  a:\n    continue-on-error: 'true'\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 4, 24, "a", "",
                         "`continue-on-error` must be true, false or a `${{ }}` expression, not 'true' (quoted, so a "
                         "string)."}},
                       true},
        DiagnosticCase{"MatrixDimensionNotAList",
                       "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: ubuntu-latest\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 6, 13, "a", "",
                         "`matrix.os` must be a list of values (e.g. `[1, 2]`) or a `${{ }}` expression, not the value "
                         "'ubuntu-latest'."}},
                       true},
        DiagnosticCase{"MatrixExpressions",
                       "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: ${{ fromJSON(needs.x.outputs.os) }}\n"
                       "        include: ${{ fromJSON('[]') }}\n" + kOkJob,
                       {}, true},
        DiagnosticCase{"MatrixCannotUseMatrix",
                       "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os:\n          - ${{ matrix.os }}\n" + kOkJob,
                       {{kError, DiagnosticCode::ExpressionSyntax, 7, 17, "a", "",
                         "Unrecognized named-value: 'matrix'. Located at position 1 within expression: matrix.os"}},
                       true},
        DiagnosticCase{"CallOutputWithoutValue",
                       "on:\n  workflow_call:\n    outputs:\n      v:\n        description: x\njobs:\n  a:\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 4, 7, "", "",
                         "Required property is missing: value. Give the output 'v' a `value:`, e.g. `value: ${{ "
                         "jobs.build.outputs.version }}`."}},
                       true},
        DiagnosticCase{"SecretsNeitherInheritNorMapping",
                       "on: push\njobs:\n  a:\n    uses: ./w.yml\n    secrets: all\n",
                       {{kError, DiagnosticCode::InvalidValue, 5, 14, "a", "",
                         "`secrets` must be `inherit` or a mapping of secret names to values, not 'all'."}},
                       true},
        DiagnosticCase{"EnvValueNotAString", "on: push\nenv:\n  LIST: [1, 2]\njobs:\n  a:\n" + kOkJob,
                       {{kError, DiagnosticCode::InvalidValue, 3, 9, "", "",
                         "`env` 'LIST' must be a string, not a list."}},
                       true}),
    [](const auto& info) { return std::string(info.param.name); });

// --- hostile inputs --------------------------------------------------------------------------------

struct HostileCase {
  const char* name;
  std::string input;
  DiagnosticCode code;
  int line;
  int column;
};

class HostileInput : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileInput, GivesOneErrorAndNoWorkflow) {
  const auto& c = GetParam();
  auto result = load_workflow(c.input);
  EXPECT_FALSE(result.workflow.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::Error);
  EXPECT_EQ(result.diagnostics[0].code, c.code) << result.diagnostics[0].message;
  EXPECT_EQ(result.diagnostics[0].position, (SourcePosition{c.line, c.column}));
}

std::string deep_flow(int depth) { return "a: " + std::string(depth, '[') + std::string(depth, ']') + "\n"; }

std::string deep_block(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  return out;
}

std::string deep_sequences(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += "- ";
  return out + "x\n";
}

// Ten anchors, each a list of ten aliases to the one before: 10^9 nodes if expanded.
std::string alias_bomb() {
  std::string out = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    std::string previous = "*a" + std::to_string(i - 1);
    out += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) out += (k ? ", " : "") + previous;
    out += "]\n";
  }
  return out + "on: push\njobs: {}\n";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostileInput,
    ::testing::Values(
        HostileCase{"TooLarge", std::string(kMaxWorkflowBytes + 1, 'a'), DiagnosticCode::InputTooLarge, 1, 512001},
        HostileCase{"TooLargeOnLine3", "on: push\njobs:\n" + std::string(kMaxWorkflowBytes, '#'),
                    DiagnosticCode::InputTooLarge, 3, 511986},
        HostileCase{"NulByte", std::string("on: push\njobs:\0\n", 15), DiagnosticCode::YamlSyntax, 2, 6},
        HostileCase{"BinaryStart", std::string("\x00\x00\x00\x01", 4), DiagnosticCode::YamlSyntax, 1, 1},
        HostileCase{"NotUtf8", "on: push\njobs: \xff\xfe\n", DiagnosticCode::YamlSyntax, 2, 7},
        HostileCase{"Escape", "on: \x1b[31mpush\n", DiagnosticCode::YamlSyntax, 1, 5},
        HostileCase{"DeepFlowNesting", deep_flow(500), DiagnosticCode::LimitExceeded, 1, 103},
        HostileCase{"DeepBlockNesting", deep_block(150), DiagnosticCode::LimitExceeded, 101, 101},
        HostileCase{"DeepSequencesOnOneLine", deep_sequences(150), DiagnosticCode::LimitExceeded, 1, 201},
        HostileCase{"AliasBomb", alias_bomb(), DiagnosticCode::LimitExceeded, 4, 45},
        HostileCase{"RecursiveAlias", "on: push\njobs: &j\n  a: *j\n", DiagnosticCode::LimitExceeded, 3, 6},
        HostileCase{"UnknownAlias", "on: *nowhere\n", DiagnosticCode::YamlSyntax, 1, 5},
        HostileCase{"LoneBracket", "]\n", DiagnosticCode::YamlSyntax, 1, 1}),
    [](const auto& info) { return std::string(info.param.name); });

// Every single byte and a few hundred pseudo-random short inputs: each gives diagnostics sorted by
// position or a workflow, and the JSON API answers for all of them.
TEST(HostileInput, ArbitraryBytesNeverCrash) {
  std::vector<std::string> inputs;
  for (int b = 0; b < 256; ++b) inputs.push_back(std::string(1, static_cast<char>(b)));
  unsigned state = 12345;
  const std::string alphabet = "ab:-[]{}&*!|>'\"#%@`, \n\t?$\x01\xc3\xa9\xff";
  for (int n = 0; n < 400; ++n) {
    std::string input;
    for (int k = 0; k < 24; ++k) {
      state = state * 1103515245u + 12345u;
      input += alphabet[(state >> 16) % alphabet.size()];
    }
    inputs.push_back(input);
  }
  for (const auto& input : inputs) {
    auto result = load_workflow(input);
    EXPECT_TRUE(result.workflow.has_value() || has_errors(result.diagnostics)) << input;
    for (std::size_t i = 1; i < result.diagnostics.size(); ++i) {
      const auto& a = result.diagnostics[i - 1].position;
      const auto& b = result.diagnostics[i].position;
      EXPECT_TRUE(a.line < b.line || (a.line == b.line && a.column <= b.column)) << input;
    }
    EXPECT_EQ(api::check_json(input).rfind("{\"diagnostics\":[", 0), 0u) << input;
  }
}

}  // namespace
}  // namespace ghaplay::workflow
