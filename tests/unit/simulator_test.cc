// The simulator on small workflows, one behaviour of SEMANTICS.md a test, with exact values.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "ghaplay/expression.h"
#include "ghaplay/simulation.h"

namespace ghaplay {
namespace {

const JobResult& job(const SimulationResult& result, const std::string& id) {
  auto found = std::find_if(result.jobs.begin(), result.jobs.end(), [&](const JobResult& j) { return j.id == id; });
  if (found == result.jobs.end()) throw std::runtime_error("no job " + id);
  return *found;
}

std::string outputs(const Value& object) {
  std::string out;
  for (const auto& [key, value] : object.as_object()) out += key + "=" + value.as_string() + ";";
  return out;
}

std::string codes(const SimulationResult& result, Severity severity) {
  std::string out;
  for (const auto& d : result.diagnostics)
    if (d.severity == severity) out += std::string(code_name(d.code)) + ";";
  return out;
}

const Diagnostic* find_code(const SimulationResult& result, DiagnosticCode code) {
  for (const auto& d : result.diagnostics)
    if (d.code == code) return &d;
  return nullptr;
}

TEST(Simulator, DocsExamplePassesOutputsThroughNeeds) {
  auto result = simulate(R"(on: push
jobs:
  job1:
    runs-on: ubuntu-latest
    outputs:
      output1: ${{ steps.step1.outputs.test }}
      output2: ${{ steps.step2.outputs.test }}
    steps:
      - id: step1
        run: echo "test=hello" >> "$GITHUB_OUTPUT"
      - id: step2
        run: echo "test=world" >> "$GITHUB_OUTPUT"
  job2:
    runs-on: ubuntu-latest
    needs: job1
    steps:
      - run: echo ${{needs.job1.outputs.output1}} ${{needs.job1.outputs.output2}}
)",
                         "");
  ASSERT_TRUE(result.valid) << codes(result, Severity::Error);
  EXPECT_EQ(outputs(job(result, "job1").outputs), "output1=hello;output2=world;");
  const auto& job2 = job(result, "job2");
  EXPECT_EQ(job2.needs_json,
            "{\n  \"job1\": {\n    \"result\": \"success\",\n    \"outputs\": {\n      \"output1\": \"hello\",\n"
            "      \"output2\": \"world\"\n    }\n  }\n}");
  ASSERT_EQ(job2.runs.size(), 1u);
  EXPECT_EQ(job2.runs[0].steps[0].log, "hello world\n");
  EXPECT_EQ(result.order, "declared");
}

constexpr const char* kOverride = R"(on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, windows]
    outputs:
      artifact: ${{ steps.pack.outputs.file }}
    steps:
      - id: pack
        run: echo "file=app-${{ matrix.os }}.zip" >> "$GITHUB_OUTPUT"
)";

TEST(Simulator, MatrixOverrideLastFinisherWins) {
  auto declared = simulate(kOverride, R"({"order":"declared"})");
  const auto& build = job(declared, "build");
  EXPECT_EQ(outputs(build.outputs), "artifact=app-windows.zip;");
  EXPECT_EQ(build.output_sources.as_object().find("artifact")->as_string(), "build (windows)");
  ASSERT_EQ(build.runs.size(), 2u);
  EXPECT_EQ(build.runs[0].name, "build (linux)");
  EXPECT_EQ(build.runs[0].finished, 1);
  EXPECT_EQ(build.runs[1].finished, 2);
  const Diagnostic* warning = find_code(declared, DiagnosticCode::MatrixOutputOverride);
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->severity, Severity::Warning);
  EXPECT_EQ(warning->position.line, 9);
  EXPECT_NE(warning->message.find("build (linux) set 'app-linux.zip', build (windows) set 'app-windows.zip'"),
            std::string::npos)
      << warning->message;

  auto reverse = simulate(kOverride, R"({"order":"reverse"})");
  EXPECT_EQ(outputs(job(reverse, "build").outputs), "artifact=app-linux.zip;");
  EXPECT_EQ(job(reverse, "build").runs[0].finished, 2);
  EXPECT_EQ(reverse.order, "reverse");
}

TEST(Simulator, SeededOrderIsReplayable) {
  auto a = simulate(kOverride, R"({"order":"seed:7"})");
  auto b = simulate(kOverride, R"({"order":"seed:7"})");
  EXPECT_EQ(to_json(a), to_json(b));
  EXPECT_EQ(a.order, "seed:7");
}

TEST(Simulator, DistinctKeysPerLegAllSurvive) {
  auto result = simulate(R"(jobs:
  job1:
    runs-on: ubuntu-latest
    outputs:
      output_1: ${{ steps.gen_output.outputs.output_1 }}
      output_2: ${{ steps.gen_output.outputs.output_2 }}
      output_3: ${{ steps.gen_output.outputs.output_3 }}
    strategy:
      matrix:
        version: [1, 2, 3]
    steps:
      - name: Generate output
        id: gen_output
        run: |
          version="${{ matrix.version }}"
          echo "output_${version}=${version}" >> "$GITHUB_OUTPUT"
)",
                         R"({"order":"reverse"})");
  EXPECT_EQ(outputs(job(result, "job1").outputs), "output_1=1;output_2=2;output_3=3;");
  EXPECT_EQ(find_code(result, DiagnosticCode::MatrixOutputOverride), nullptr);
  EXPECT_NE(find_code(result, DiagnosticCode::MissingOn), nullptr);  // a snippet: accepted with a notice
}

TEST(Simulator, FailureSkipsLaterStepsAndDependentsUnlessAlways) {
  auto result = simulate(R"(on: push
jobs:
  test:
    runs-on: ubuntu-latest
    outputs:
      seen: ${{ steps.report.outputs.seen }}
    steps:
      - id: tests
        run: exit 1
      - id: after
        run: echo never
      - id: report
        if: always()
        run: echo "seen=${{ steps.tests.outcome }}/${{ steps.after.outcome }}" >> $GITHUB_OUTPUT
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: echo deploying
  notify:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ needs.test.result }} ${{ needs.test.outputs.seen }}"
)",
                         "");
  const auto& test = job(result, "test");
  EXPECT_EQ(test.result, "failure");
  const auto& steps = test.runs[0].steps;
  EXPECT_EQ(steps[0].outcome, "failure");
  EXPECT_EQ(steps[1].outcome, "skipped");
  EXPECT_EQ(steps[1].conclusion, "skipped");
  EXPECT_EQ(steps[2].outcome, "success");
  EXPECT_EQ(outputs(test.outputs), "seen=failure/skipped;");  // outputs are evaluated after a failure too
  EXPECT_EQ(job(result, "deploy").result, "skipped");
  EXPECT_TRUE(job(result, "deploy").runs.empty());
  const auto& notify = job(result, "notify");
  EXPECT_EQ(notify.result, "success");
  EXPECT_EQ(notify.runs[0].steps[0].log, "failure failure/skipped\n");
}

TEST(Simulator, ContinueOnError) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: flaky
        continue-on-error: true
        run: exit 3
      - id: next
        run: echo "${{ steps.flaky.outcome }} ${{ steps.flaky.conclusion }}"
)",
                         "");
  const auto& steps = job(result, "a").runs[0].steps;
  EXPECT_EQ(steps[0].outcome, "failure");
  EXPECT_EQ(steps[0].conclusion, "success");
  EXPECT_EQ(steps[1].log, "failure success\n");
  EXPECT_EQ(job(result, "a").result, "success");
}

TEST(Simulator, SecretInOutputIsSkippedWithGitHubsWarning) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      token: ${{ secrets.TOKEN }}
      user: octocat
    steps:
      - run: echo "${{ secrets.TOKEN }}"
)",
                         R"({"secrets":{"TOKEN":"s3cr3t-value"}})");
  EXPECT_EQ(outputs(job(result, "a").outputs), "user=octocat;");
  const Diagnostic* warning = find_code(result, DiagnosticCode::SecretInOutput);
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->message, "Skip output 'token' since it may contain secret.");
  EXPECT_EQ(job(result, "a").runs[0].steps[0].log, "***\n");  // secrets are masked in logs
}

TEST(Simulator, ScenarioSuppliesOutputsAndOutcomes) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        v: [1, 2]
    outputs:
      tag: ${{ steps.meta.outputs.tag }}
    steps:
      - id: meta
        uses: docker/metadata-action@v5
)",
                         R"({"steps":[{"job":"a","step":"meta","matrix":{"v":2},"outputs":{"tag":"v2"}},
                                      {"job":"a","step":"meta","matrix":{"v":1},"outcome":"failure"}],
                             "order":"declared"})");
  const auto& a = job(result, "a");
  EXPECT_EQ(a.runs[0].steps[0].outcome, "failure");
  EXPECT_EQ(a.runs[0].result, "failure");
  // fail-fast: the leg finishing after the failed one was still running, so GitHub cancels it.
  EXPECT_EQ(a.runs[1].result, "cancelled");
  EXPECT_EQ(a.result, "failure");
  EXPECT_EQ(outputs(a.outputs), "");
  ASSERT_NE(find_code(result, DiagnosticCode::Inferred), nullptr);
}

TEST(Simulator, InvalidWorkflowDoesNotRun) {
  auto result = simulate("on: push\njobs:\n  a:\n    needs: missing\n    runs-on: x\n    steps: [{run: echo}]\n", "");
  EXPECT_FALSE(result.valid);
  EXPECT_TRUE(result.jobs.empty());
  const Diagnostic* error = find_code(result, DiagnosticCode::UnknownNeeds);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->position.line, 4);
}

TEST(Simulator, DynamicMatrixFromJobOutput) {
  auto result = simulate(R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      versions: ${{ steps.list.outputs.versions }}
    steps:
      - id: list
        run: echo 'versions=[18, 20]' >> "$GITHUB_OUTPUT"
  build:
    needs: setup
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: ${{ fromJSON(needs.setup.outputs.versions) }}
    steps:
      - run: echo "node ${{ matrix.node }}"
)",
                         "");
  const auto& build = job(result, "build");
  ASSERT_EQ(build.runs.size(), 2u);
  EXPECT_EQ(build.runs[1].name, "build (20)");
  EXPECT_EQ(build.runs[1].steps[0].log, "node 20\n");
  EXPECT_TRUE(build.runs[1].matrix.as_object().find("node")->is_number());
}

TEST(Simulator, MatrixTooLargeIsAnError) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        x: ${{ fromJSON('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]') }}
        y: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]
    steps:
      - run: echo
)",
                         "");
  const Diagnostic* error = find_code(result, DiagnosticCode::MatrixTooLarge);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(job(result, "a").result, "failure");
}

TEST(Simulator, WorkflowCallOutputs) {
  auto result = simulate(R"(on:
  workflow_call:
    outputs:
      firstword:
        value: ${{ jobs.example_job.outputs.output1 }}
jobs:
  example_job:
    runs-on: ubuntu-latest
    outputs:
      output1: ${{ steps.step1.outputs.firstword }}
    steps:
      - id: step1
        run: echo "firstword=hello" >> $GITHUB_OUTPUT
)",
                         "");
  EXPECT_EQ(outputs(result.outputs), "firstword=hello;");
}

TEST(Simulator, GithubEnvFeedsLaterStepsAndOutputs) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      greeting: ${{ env.GREETING }}
    steps:
      - run: echo "GREETING=hi" >> "$GITHUB_ENV"
      - run: echo "$GREETING ${{ env.GREETING }}"
)",
                         "");
  EXPECT_EQ(job(result, "a").runs[0].steps[1].log, "hi hi\n");
  EXPECT_EQ(outputs(job(result, "a").outputs), "greeting=hi;");
}

TEST(Simulator, UnsimulatedCommandFeedingOutputSaysToUseTheScenario) {
  auto result = simulate(R"yaml(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: v
        run: |
          echo "start"
          echo "version=$(npm pkg get version)" >> "$GITHUB_OUTPUT"
)yaml",
                         "");
  const Diagnostic* notice = find_code(result, DiagnosticCode::UnsimulatedCommand);
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->severity, Severity::Notice);
  EXPECT_EQ(notice->position.line, 9);
  EXPECT_NE(notice->message.find("npm"), std::string::npos) << notice->message;
  EXPECT_NE(notice->message.find("scenario"), std::string::npos) << notice->message;
}

TEST(Simulator, HostileInputsGiveDiagnosticsNotCrashes) {
  for (const char* text : {"", "\x01\x02\xff", "- a\n- b\n", "jobs: 3", "jobs:\n  a: [", "{{{{{{{{{{"}) {
    auto result = simulate(text, "{\"order\": 5}");
    EXPECT_FALSE(result.valid) << text;
    EXPECT_FALSE(result.diagnostics.empty()) << text;
  }
}

// GitHub starts bash differently by how the step names it: `false | true` fails a step only under
// pipefail, and `false; echo after` only under errexit.
TEST(Simulator, TheShellsFlagsFollowHowTheStepNamesIt) {
  auto result = simulate(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: unnamed
        continue-on-error: true
        run: false | true
      - id: named
        continue-on-error: true
        shell: bash
        run: false | true
      - id: sh
        continue-on-error: true
        shell: sh
        run: false | true
      - id: custom
        continue-on-error: true
        shell: bash {0}
        run: |
          false
          echo after
      - id: custom-flags
        continue-on-error: true
        shell: bash --noprofile --norc -eo pipefail {0}
        run: false | true
  b:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: bash
    steps:
      - id: by-default
        continue-on-error: true
        run: false | true
)",
                         "");
  ASSERT_TRUE(result.valid) << codes(result, Severity::Error);
  const auto& steps = job(result, "a").runs.at(0).steps;
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].outcome, "success");  // bash -e {0}: a pipeline's status is its last command's
  EXPECT_EQ(steps[1].outcome, "failure");  // bash --noprofile --norc -eo pipefail {0}
  EXPECT_EQ(steps[2].outcome, "success");  // sh -e {0}
  EXPECT_EQ(steps[3].outcome, "success");  // bash {0}: no errexit, so the script goes on
  EXPECT_EQ(steps[3].log, "after\n");
  EXPECT_EQ(steps[4].outcome, "failure");
  EXPECT_EQ(job(result, "b").runs.at(0).steps.at(0).outcome, "failure");  // defaults.run.shell names it
}

}  // namespace
}  // namespace ghaplay
