// Identical script runs answered once (core/src/simulate/script_runs.h): which inputs count as the
// same run, that a kept answer is the one the run gives, and that the simulator charges the run's
// budget for every leg and never answers one runner's script from another's.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "ghaplay/simulation.h"
#include "scripts/script.h"
#include "simulate/run_budget.h"
#include "simulate/script_runs.h"

namespace ghaplay {
namespace {

// ---- ScriptRuns ------------------------------------------------------------------------------------

int runs_made = 0;
std::size_t large_log_bytes = 0;  // 0: the log names the source and the run

scripts::ScriptResult counting_interpreter(const scripts::ScriptInput& input) {
  ++runs_made;
  scripts::ScriptResult result;
  result.log = large_log_bytes ? std::string(large_log_bytes, 'x')
                              : "ran " + input.source + " #" + std::to_string(runs_made) + "\n";
  result.exit_code = 3;
  result.files = input.files;
  result.files["/out"] = "v=" + std::to_string(runs_made) + "\n";
  result.notices.push_back({scripts::ScriptNotice::Kind::UnsimulatedCommand, "curl is not simulated", 2, 5, "curl", true});
  result.work = 7;
  return result;
}

scripts::ScriptInput an_input() {
  scripts::ScriptInput input;
  input.source = "echo hi";
  input.env = {{"GITHUB_JOB", "build"}, {"GITHUB_OUTPUT", "/out"}};
  input.files = {{"/out", ""}};
  input.step_budget = 1000;
  input.command_line = "bash -e {0}";
  return input;
}

class ScriptRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    runs_made = 0;
    large_log_bytes = 0;
  }
  sim::ScriptRuns runs;
};

TEST_F(ScriptRunsTest, AnIdenticalRunGetsTheFirstRunsWholeAnswer) {
  scripts::ScriptResult first = *runs.run("bash", counting_interpreter, an_input());
  scripts::ScriptResult again = *runs.run("bash", counting_interpreter, an_input());
  EXPECT_EQ(runs_made, 1);
  EXPECT_EQ(again.log, "ran echo hi #1\n");
  EXPECT_EQ(again.log, first.log);
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_EQ(again.files, first.files);
  EXPECT_EQ(again.files.at("/out"), "v=1\n");
  EXPECT_EQ(again.work, 7u);
  ASSERT_EQ(again.notices.size(), 1u);
  EXPECT_EQ(again.notices[0].message, "curl is not simulated");
  EXPECT_EQ(again.notices[0].line, 2);
  EXPECT_EQ(again.notices[0].column, 5);
  EXPECT_TRUE(again.notices[0].feeds_output);
}

TEST_F(ScriptRunsTest, EveryFieldOfTheInputMakesADifferentRun) {
  runs.run("bash", counting_interpreter, an_input());
  int expected = 1;
  auto expect_new_run = [&](const scripts::ScriptInput& input, const char* what) {
    scripts::ScriptResult result = *runs.run("bash", counting_interpreter, input);
    ++expected;
    EXPECT_EQ(runs_made, expected) << what;
    EXPECT_EQ(result.log, "ran " + input.source + " #" + std::to_string(expected) + "\n") << what;
  };
  scripts::ScriptInput input = an_input();
  input.source = "echo ho";
  expect_new_run(input, "source");
  input = an_input();
  input.env["GITHUB_JOB"] = "test";
  expect_new_run(input, "an env value");
  input = an_input();
  input.env["EXTRA"] = "";
  expect_new_run(input, "an env name");
  input = an_input();
  input.files["/out"] = "v=0\n";
  expect_new_run(input, "a file's content");
  input = an_input();
  input.step_budget = 999;
  expect_new_run(input, "the budget");
  input = an_input();
  input.command_line = "bash --noprofile --norc -eo pipefail {0}";
  expect_new_run(input, "the command line");
  runs.run("pwsh", counting_interpreter, an_input());
  EXPECT_EQ(runs_made, ++expected) << "another interpreter";
  // And each of them is kept in turn.
  runs.run("pwsh", counting_interpreter, an_input());
  EXPECT_EQ(runs_made, expected);
}

// What a completion adds is built only for a run that runs, and the run sees it; the completion's
// name is part of the key, so two steps' paths never share an answer.
TEST_F(ScriptRunsTest, ACompletionIsAppliedOnlyToARunThatRuns) {
  int completions = 0;
  auto add_step_file = [&completions](const std::string& path) {
    return [&completions, path](scripts::ScriptInput& input) {
      ++completions;
      input.env["GITHUB_STATE"] = path;
      input.files[path] = "";
    };
  };
  scripts::ScriptResult first = *runs.run("bash", counting_interpreter, an_input(), "step 1", add_step_file("/state_1"));
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(first.files.count("/state_1"), 1u) << "the interpreter ran the completed input";

  scripts::ScriptResult again = *runs.run("bash", counting_interpreter, an_input(), "step 1", add_step_file("/state_1"));
  EXPECT_EQ(runs_made, 1);
  EXPECT_EQ(completions, 1) << "an answered run was completed anyway";
  EXPECT_EQ(again.files, first.files);

  scripts::ScriptResult other = *runs.run("bash", counting_interpreter, an_input(), "step 2", add_step_file("/state_2"));
  EXPECT_EQ(runs_made, 2) << "another completion is another run";
  EXPECT_EQ(other.files.count("/state_2"), 1u);
  EXPECT_EQ(other.files.count("/state_1"), 0u);
}

TEST_F(ScriptRunsTest, ALargeAnswerIsNotKept) {
  large_log_bytes = 100 * 1024;
  runs.run("bash", counting_interpreter, an_input());
  scripts::ScriptResult again = *runs.run("bash", counting_interpreter, an_input());
  EXPECT_EQ(runs_made, 2);
  EXPECT_EQ(again.log.size(), 100u * 1024u);
}

// ---- in the simulator --------------------------------------------------------------------------------

const JobResult& job(const SimulationResult& result, const std::string& id) {
  auto found = std::find_if(result.jobs.begin(), result.jobs.end(), [&](const JobResult& j) { return j.id == id; });
  if (found == result.jobs.end()) throw std::runtime_error("no job " + id);
  return *found;
}

TEST(ScriptRunsInTheSimulator, EveryLegIsChargedItsRunsWork) {
  // Six legs run the same loop; the run's budget holds three of them and one unit more. A step may
  // use twice a loop's work, so that the first legs' inputs, budget included, are the same and the
  // second is answered from the first. Were an answered leg charged nothing, all six would run.
  const char* script = "for i in 1 2 3 4 5 6 7 8 9 10; do echo $i; done";
  scripts::ScriptInput alone;
  alone.source = script;
  std::size_t work = scripts::run_bash(alone).work;
  ASSERT_GT(work, 10u);
  std::string yaml = std::string(R"(on: push
jobs:
  loop:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2, 3, 4, 5, 6]
    steps:
      - run: )") + script + "\n";
  sim::RunLimits limits;
  limits.step_script_work = 2 * work;
  limits.script_work = 3 * work + 1;
  SimulationResult result = sim::simulate_with_limits(yaml, R"({"order":"declared"})", limits);
  const JobResult& loop = job(result, "loop");
  ASSERT_EQ(loop.runs.size(), 6u);
  for (int leg = 0; leg < 3; ++leg) {
    ASSERT_EQ(loop.runs[leg].steps.size(), 1u);
    EXPECT_EQ(loop.runs[leg].steps[0].outcome, "success") << leg;
    EXPECT_EQ(loop.runs[leg].steps[0].log, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n") << leg;
  }
  EXPECT_EQ(loop.runs[3].steps[0].outcome, "failure");  // cut by the last unit of the budget
  EXPECT_EQ(loop.runs[4].steps[0].outcome, "skipped");
  EXPECT_EQ(loop.runs[5].steps[0].outcome, "skipped");
}

TEST(ScriptRunsInTheSimulator, EachRunnerAnswersItsOwnScripts) {
  // The same script and step environment on two runners: their base environments differ, and so
  // do their answers.
  SimulationResult result = simulate(R"(on: push
jobs:
  os:
    strategy:
      matrix:
        runner: [ubuntu-latest, windows-latest, ubuntu-latest, macos-latest]
    runs-on: ${{ matrix.runner }}
    steps:
      - shell: bash
        run: echo "$RUNNER_OS"
)",
                                     R"({"order":"declared"})");
  const JobResult& os = job(result, "os");
  ASSERT_EQ(os.runs.size(), 4u);
  EXPECT_EQ(os.runs[0].steps.at(0).log, "Linux\n");
  EXPECT_EQ(os.runs[1].steps.at(0).log, "Windows\n");
  EXPECT_EQ(os.runs[2].steps.at(0).log, "Linux\n");
  EXPECT_EQ(os.runs[3].steps.at(0).log, "macOS\n");
}

}  // namespace
}  // namespace ghaplay
