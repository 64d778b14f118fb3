// The run's budget (core/src/simulate/run_budget.h): what each interpreter reports as its work,
// and what the simulator does when the whole run's budget for scripts, job runs or step executions
// runs out: where it stops, what it leaves out, and the one warning that says so. Then the limit
// on the scenario's size, and a scenario of thousands of entries.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "ghaplay/simulation.h"
#include "scripts/script.h"
#include "simulate/run_budget.h"

namespace ghaplay {
namespace {

// ---- ScriptResult::work, one row per interpreter and script --------------------------------------

struct WorkCase {
  const char* name;
  scripts::ScriptResult (*run)(const scripts::ScriptInput&);
  std::string source;
  std::size_t budget;
  std::size_t min_work;  // inclusive
  std::size_t max_work;  // inclusive
  bool exhausted;        // a BudgetExhausted notice
};

std::ostream& operator<<(std::ostream& os, const WorkCase& c) { return os << c.name; }

class ScriptWork : public ::testing::TestWithParam<WorkCase> {};

TEST_P(ScriptWork, IsReported) {
  const WorkCase& c = GetParam();
  scripts::ScriptInput input;
  input.source = c.source;
  input.step_budget = c.budget;
  scripts::ScriptResult result = c.run(input);
  EXPECT_GE(result.work, c.min_work) << result.log;
  EXPECT_LE(result.work, c.max_work) << result.log;
  bool exhausted = std::any_of(result.notices.begin(), result.notices.end(), [](const scripts::ScriptNotice& n) {
    return n.kind == scripts::ScriptNotice::Kind::BudgetExhausted;
  });
  EXPECT_EQ(exhausted, c.exhausted) << result.log;
}

INSTANTIATE_TEST_SUITE_P(
    Interpreters, ScriptWork,
    ::testing::Values(
        WorkCase{"BashEmpty", scripts::run_bash, "", 100, 0, 0, false},
        WorkCase{"BashTwoCommands", scripts::run_bash, "echo a\necho b\n", 100, 2, 4, false},
        WorkCase{"BashLoopOfTen", scripts::run_bash, "for i in 1 2 3 4 5 6 7 8 9 10; do :; done", 100, 10, 22, false},
        WorkCase{"BashEndlessLoop", scripts::run_bash, "while true; do :; done", 500, 500, 501, true},
        WorkCase{"PwshEmpty", scripts::run_pwsh, "", 100, 0, 0, false},
        WorkCase{"PwshTwoStatements", scripts::run_pwsh, "'a'\n'b'\n", 100, 2, 4, false},
        WorkCase{"PwshEndlessLoop", scripts::run_pwsh, "while ($true) { }", 500, 500, 501, true},
        WorkCase{"PythonEmpty", scripts::run_python, "", 100, 0, 0, false},
        WorkCase{"PythonTwoStatements", scripts::run_python, "print('a')\nprint('b')\n", 100, 2, 6, false},
        WorkCase{"PythonEndlessLoop", scripts::run_python, "while True:\n    pass\n", 500, 500, 520, true}));

// ---- the simulator ---------------------------------------------------------------------------------

const JobResult& job(const SimulationResult& result, const std::string& id) {
  auto found = std::find_if(result.jobs.begin(), result.jobs.end(), [&](const JobResult& j) { return j.id == id; });
  if (found == result.jobs.end()) throw std::runtime_error("no job " + id);
  return *found;
}

std::vector<const Diagnostic*> limit_warnings(const SimulationResult& result) {
  std::vector<const Diagnostic*> found;
  for (const auto& d : result.diagnostics)
    if (d.code == DiagnosticCode::LimitExceeded) found.push_back(&d);
  return found;
}

// `count` jobs, each with one `echo` step; job jN needs job j(N-1) when `chain` is set.
std::string jobs(int count, bool chain = false) {
  std::string yaml = "on: push\njobs:\n";
  for (int i = 1; i <= count; ++i) {
    yaml += "  j" + std::to_string(i) + ":\n    runs-on: ubuntu-latest\n";
    if (chain && i > 1) yaml += "    needs: j" + std::to_string(i - 1) + "\n";
    yaml += "    steps:\n      - run: echo " + std::to_string(i) + "\n";
  }
  return yaml;
}

TEST(RunBudget, EndlessLoopsInManyStepsStopAtTheRunsScriptBudget) {
  // 200 steps that each loop forever, every one run by `if: always()`: without a run-wide budget
  // that is 200 times the step budget. With it, four loops use it up and the rest is not simulated.
  std::string yaml = "on: push\njobs:\n  loops:\n    runs-on: ubuntu-latest\n    steps:\n";
  for (int i = 0; i < 200; ++i) yaml += "      - if: always()\n        run: while true; do :; done\n";
  yaml += "  after:\n    needs: loops\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo after\n";
  auto start = std::chrono::steady_clock::now();
  SimulationResult result = simulate(yaml, "");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);  // a hang guard only (sanitizer builds are slow); the counts below are the test

  ASSERT_TRUE(result.valid);
  const JobResult& loops = job(result, "loops");
  EXPECT_EQ(loops.result, "failure");
  ASSERT_EQ(loops.runs.size(), 1u);
  const auto& steps = loops.runs[0].steps;
  ASSERT_EQ(steps.size(), 200u);
  std::size_t failed = std::count_if(steps.begin(), steps.end(), [](const StepResult& s) { return s.outcome == "failure"; });
  std::size_t skipped = std::count_if(steps.begin(), steps.end(), [](const StepResult& s) { return s.outcome == "skipped"; });
  EXPECT_EQ(failed, sim::kMaxRunScriptWork / sim::kMaxStepScriptWork);  // 4
  EXPECT_EQ(skipped, 200 - failed);
  EXPECT_EQ(steps.back().log, "ghaplay did not simulate this step: the run's budget of 400000 script steps is used up.\n");

  const JobResult& after = job(result, "after");
  EXPECT_EQ(after.result, "skipped");
  EXPECT_TRUE(after.runs.empty());

  // One warning per looping step from its own budget, then the one that says where the run stopped.
  auto warnings = limit_warnings(result);
  ASSERT_EQ(warnings.size(), failed + 1);
  const Diagnostic& stop = *warnings.back();
  EXPECT_EQ(stop.severity, Severity::Warning);
  EXPECT_EQ(stop.job, "loops");
  EXPECT_EQ(stop.step, "#4");
  EXPECT_EQ(stop.position.line, 7 + 2 * 3);  // the 4th step's `run:`
  EXPECT_EQ(stop.message,
            "ghaplay stopped simulating here: the scripts of the run took 400000 steps (commands, statements, loop "
            "iterations), ghaplay's limit for one run. Not simulated: 196 later steps with a script in job 'loops' "
            "(skipped). Not simulated (result skipped): 1 job, 'after'. ghaplay bounds each run so that any workflow "
            "is simulated in well under a second; simulate fewer jobs, legs or loop iterations to see the rest.");
}

TEST(RunBudget, JobRunsPastTheLimitAreSkippedAndNamed) {
  sim::RunLimits limits;
  limits.jobs = 3;
  SimulationResult result = sim::simulate_with_limits(jobs(15, true), "", limits);
  ASSERT_TRUE(result.valid);
  for (int i = 1; i <= 15; ++i) {
    const JobResult& j = job(result, "j" + std::to_string(i));
    EXPECT_EQ(j.result, i <= 3 ? "success" : "skipped") << j.id;
    EXPECT_EQ(j.runs.size(), i <= 3 ? 1u : 0u) << j.id;
  }
  auto warnings = limit_warnings(result);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]->job, "j4");
  EXPECT_EQ(warnings[0]->position.line, 3 + 4 + 5 * 2);  // j4's key
  EXPECT_EQ(warnings[0]->message,
            "ghaplay stopped simulating here: the run would reach 4 job runs (each matrix leg counts), past ghaplay's "
            "limit of 3 for one run. Not simulated (result skipped): 12 jobs, 'j4', 'j5', 'j6', 'j7', 'j8', 'j9', "
            "'j10', 'j11', 'j12', 'j13' and 2 more. ghaplay bounds each run so that any workflow is simulated in well "
            "under a second; simulate fewer jobs, legs or loop iterations to see the rest.");
}

TEST(RunBudget, StepExecutionsAreReservedForAWholeMatrixJob) {
  // 4 legs of 3 steps = 12 step executions; the limit of 10 refuses the whole job, never half of it.
  const char* yaml = R"yaml(on: push
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - run: echo one
  build:
    needs: first
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [a, b, c, d]
    steps:
      - run: echo 1
      - run: echo 2
      - run: echo 3
)yaml";
  sim::RunLimits limits;
  limits.steps = 10;
  SimulationResult result = sim::simulate_with_limits(yaml, "", limits);
  EXPECT_EQ(job(result, "first").result, "success");
  EXPECT_EQ(job(result, "build").result, "skipped");
  EXPECT_TRUE(job(result, "build").runs.empty());
  auto warnings = limit_warnings(result);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0]->job, "build");
  EXPECT_EQ(warnings[0]->position.line, 12);  // the matrix's mapping
  EXPECT_NE(warnings[0]->message.find("the run would reach 13 step executions (steps times matrix legs), past "
                                      "ghaplay's limit of 10 for one run."),
            std::string::npos)
      << warnings[0]->message;
  EXPECT_NE(warnings[0]->message.find("1 job, 'build'."), std::string::npos) << warnings[0]->message;

  limits.steps = 13;  // exactly enough
  result = sim::simulate_with_limits(yaml, "", limits);
  EXPECT_EQ(job(result, "build").result, "success");
  EXPECT_EQ(job(result, "build").runs.size(), 4u);
  EXPECT_TRUE(limit_warnings(result).empty());
}

TEST(RunBudget, AScriptCutByTheRunsBudgetSaysSo) {
  const char* yaml = R"yaml(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; done
      - id: loop
        run: while true; do :; done
      - if: always()
        run: echo never
      - if: always()
        uses: actions/checkout@v4
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo b
)yaml";
  sim::RunLimits limits;
  limits.script_work = 100;
  SimulationResult result = sim::simulate_with_limits(yaml, "", limits);
  const auto& steps = job(result, "a").runs.at(0).steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].outcome, "success");
  EXPECT_EQ(steps[1].outcome, "failure");
  EXPECT_EQ(steps[2].outcome, "skipped");  // not simulated: a script
  EXPECT_EQ(steps[3].outcome, "success");  // an action runs no script: still simulated
  EXPECT_EQ(job(result, "b").result, "skipped");
  auto warnings = limit_warnings(result);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0]->step, "loop");
  EXPECT_NE(warnings[0]->message.find("That is what was left of ghaplay's budget of 100 script steps for the whole "
                                      "run: later steps and jobs are not simulated."),
            std::string::npos)
      << warnings[0]->message;
  EXPECT_EQ(warnings[1]->step, "loop");
  EXPECT_EQ(warnings[1]->position.line, 8);
  EXPECT_NE(warnings[1]->message.find("Not simulated: 1 later step with a script in job 'a' (skipped). Not "
                                      "simulated (result skipped): 1 job, 'b'."),
            std::string::npos)
      << warnings[1]->message;
}

TEST(RunBudget, ThousandsOfJobsStopAtTheJobRunLimit) {
  SimulationResult result = simulate(jobs(5000), "");
  ASSERT_TRUE(result.valid);
  ASSERT_EQ(result.jobs.size(), 5000u);
  std::size_t simulated = std::count_if(result.jobs.begin(), result.jobs.end(),
                                        [](const JobResult& j) { return !j.runs.empty(); });
  EXPECT_EQ(simulated, sim::kMaxRunJobs);
  EXPECT_EQ(result.jobs[sim::kMaxRunJobs].result, "skipped");
  ASSERT_EQ(limit_warnings(result).size(), 1u);
  EXPECT_EQ(limit_warnings(result)[0]->job, "j" + std::to_string(sim::kMaxRunJobs + 1));
}

TEST(ScenarioLimit, ALargerScenarioIsReportedAndTheRunGoesOnWithoutIt) {
  std::string scenario = "{\"secrets\": {\"S\": \"" + std::string(kMaxScenarioBytes, 'x') + "\"}}";
  SimulationResult result = simulate(jobs(2), scenario);
  EXPECT_TRUE(result.valid);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, DiagnosticCode::InputTooLarge);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::Error);
  EXPECT_EQ(result.diagnostics[0].message,
            "The scenario is larger than 1048576 bytes (1 MB), the most ghaplay reads; the run goes on without it.");
  EXPECT_EQ(job(result, "j2").result, "success");
}

TEST(ScenarioLimit, TenThousandEntriesCostOneLookupPerStep) {
  // Entries for jobs that do not exist and for one step of a job: each is reported or applied
  // without scanning the whole scenario for every step (that took seconds).
  std::string scenario = "{\"steps\": [";
  for (int i = 0; i < 10000; ++i) scenario += "{\"job\": \"nope" + std::to_string(i) + "\", \"step\": \"s\"},";
  for (int i = 0; i < 5000; ++i) scenario += "{\"job\": \"J1\", \"step\": \"S\", \"outputs\": {\"v\": \"" + std::to_string(i) + "\"}},";
  scenario.back() = ']';
  scenario += "}";
  std::string yaml = "on: push\njobs:\n  j1:\n    runs-on: x\n    steps:\n";
  for (int i = 0; i < 1000; ++i) yaml += "      - run: echo " + std::to_string(i) + "\n";
  yaml += "      - id: s\n        run: echo\n";
  auto start = std::chrono::steady_clock::now();
  SimulationResult result = simulate(yaml, scenario);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);  // a hang guard only
  std::size_t unknown = std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.code == DiagnosticCode::InvalidScenario; });
  EXPECT_EQ(unknown, 10000u);
  EXPECT_EQ(job(result, "j1").runs.at(0).steps.back().outputs.as_object().find("v")->as_string(), "4999");
}

}  // namespace
}  // namespace ghaplay
