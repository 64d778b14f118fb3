// Script answers kept from one simulation to the next (core/src/simulate/script_memory.h and
// api::SimulationSession): which runs take an earlier simulation's answer, what is forgotten, and
// that a session's every answer is the one a fresh simulation gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ghaplay/api.h"
#include "ghaplay/simulation.h"
#include "scripts/script.h"
#include "simulate/run_budget.h"
#include "simulate/script_memory.h"
#include "simulate/script_runs.h"
#include "support/examples.h"

namespace ghaplay {
namespace {

using testing::example_dir;
using testing::example_ids;
using testing::read_file;

// Three jobs, each a bash step whose log says what ran; `second` is job b's script.
std::string three_jobs(const std::string& second = "echo b") {
  return "on: push\n"
         "jobs:\n"
         "  a:\n"
         "    runs-on: ubuntu-latest\n"
         "    outputs:\n"
         "      v: ${{ steps.s.outputs.v }}\n"
         "    steps:\n"
         "      - id: s\n"
         "        run: echo \"v=$GITHUB_JOB\" >> \"$GITHUB_OUTPUT\"\n"
         "  b:\n"
         "    needs: a\n"
         "    runs-on: ubuntu-latest\n"
         "    steps:\n"
         "      - run: " + second + "\n"
         "      - run: echo '${{ needs.a.outputs.v }}'\n"
         "  c:\n"
         "    runs-on: windows-latest\n"
         "    steps:\n"
         "      - shell: bash\n"
         "        run: echo \"$RUNNER_OS\"\n";
}

class SimulationWithMemory : public ::testing::Test {
 protected:
  std::string simulate(const std::string& yaml, const std::string& scenario = "") {
    return to_json(sim::simulate_with_limits(yaml, scenario, sim::RunLimits{}, &memory));
  }
  sim::ScriptMemory memory;
};

TEST_F(SimulationWithMemory, TheSameWorkflowAgainRunsNoScript) {
  std::string first = simulate(three_jobs());
  EXPECT_EQ(memory.carried_over(), 0u);
  std::string again = simulate(three_jobs());
  EXPECT_EQ(memory.carried_over(), 4u);  // every step's script
  EXPECT_EQ(again, first);
  EXPECT_EQ(again, api::simulate_json(three_jobs(), ""));
}

TEST_F(SimulationWithMemory, AnEditedScriptRunsAgainAndOnlyIt) {
  simulate(three_jobs());
  std::string edited = simulate(three_jobs("echo bee"));
  EXPECT_EQ(memory.carried_over(), 3u);
  EXPECT_EQ(edited, api::simulate_json(three_jobs("echo bee"), ""));
  EXPECT_NE(edited.find("bee\\n"), std::string::npos) << edited;
}

TEST_F(SimulationWithMemory, AChangedEnvironmentIsANewRun) {
  // The scenario's github.ref changes the runner's base environment (GITHUB_REF): no script of
  // the first simulation answers the second.
  simulate(three_jobs());
  std::string other = simulate(three_jobs(), R"({"github":{"ref":"refs/heads/other"}})");
  EXPECT_EQ(memory.carried_over(), 0u);
  EXPECT_EQ(other, api::simulate_json(three_jobs(), R"({"github":{"ref":"refs/heads/other"}})"));
  // The job's own environment too: job a's output feeds the step of b that echoes it.
  std::string renamed = three_jobs();
  renamed.replace(renamed.find("\"v=$GITHUB_JOB\""), 15, "\"v=x$GITHUB_JOB\"");
  simulate(three_jobs());
  std::string changed = simulate(renamed);
  EXPECT_EQ(memory.carried_over(), 2u);  // b's first step and c's; a's script and b's echo changed
  EXPECT_EQ(changed, api::simulate_json(renamed, ""));
}

TEST_F(SimulationWithMemory, AWorkflowThatDoesNotLoadKeepsTheMemory) {
  simulate(three_jobs());
  std::string broken = simulate("on: push\njobs:\n  a: [\n");
  EXPECT_NE(broken.find("\"valid\":false"), std::string::npos) << broken;
  simulate(three_jobs());
  EXPECT_EQ(memory.carried_over(), 4u);
}

TEST_F(SimulationWithMemory, OnlyWhatTheLatestSimulationUsedIsKept) {
  simulate(three_jobs("echo one"));
  simulate(three_jobs("echo two"));
  simulate(three_jobs("echo one"));
  // "echo one" was not asked for by the simulation in between: forgotten, run again.
  EXPECT_EQ(memory.carried_over(), 3u);
  simulate(three_jobs("echo one"));
  EXPECT_EQ(memory.carried_over(), 4u);
}

// ---- ScriptRuns across simulations -----------------------------------------------------------------

int runs_made = 0;
bool answers_reusable = true;

scripts::ScriptResult counting_interpreter(const scripts::ScriptInput& input) {
  ++runs_made;
  scripts::ScriptResult result;
  result.log = "ran " + input.source + " #" + std::to_string(runs_made) + "\n";
  result.reusable = answers_reusable;
  return result;
}

scripts::ScriptInput input_of(const std::string& source) {
  scripts::ScriptInput input;
  input.source = source;
  return input;
}

TEST(ScriptRunsAcrossSimulations, AnAnswerThatIsNotReusableIsNeverGivenAgain) {
  // A script whose interpreter module was missing: the next identical run must reach the module.
  runs_made = 0;
  answers_reusable = false;
  sim::ScriptRuns runs;
  EXPECT_EQ(runs.run("bash", counting_interpreter, input_of("x"))->log, "ran x #1\n");
  EXPECT_EQ(runs.run("bash", counting_interpreter, input_of("x"))->log, "ran x #2\n");
  runs.start_generation();
  answers_reusable = true;
  EXPECT_EQ(runs.run("bash", counting_interpreter, input_of("x"))->log, "ran x #3\n");
  EXPECT_EQ(runs.carried_over(), 0u);
  runs.start_generation();
  EXPECT_EQ(runs.run("bash", counting_interpreter, input_of("x"))->log, "ran x #3\n");
  EXPECT_EQ(runs.carried_over(), 1u);
  EXPECT_EQ(runs_made, 3);
}

TEST(ScriptRunsAcrossSimulations, AShareLimitCountsEveryEnvironmentsAnswers) {
  // Two environments' runs share one counter; the answers they keep are counted in it, and a run
  // carried into a new simulation is counted again there.
  runs_made = 0;
  answers_reusable = true;
  std::size_t kept = 0;
  sim::ScriptRuns first(&kept), second(&kept);
  first.run("bash", counting_interpreter, input_of("a"));
  std::size_t after_one = kept;
  EXPECT_GT(after_one, 0u);
  second.run("bash", counting_interpreter, input_of("b"));
  EXPECT_GT(kept, after_one);
  kept = 0;  // what ScriptMemory::start() does
  first.start_generation();
  first.run("bash", counting_interpreter, input_of("a"));
  EXPECT_EQ(first.carried_over(), 1u);
  EXPECT_EQ(kept, after_one);
  EXPECT_EQ(runs_made, 2);
}

// ---- api::SimulationSession -------------------------------------------------------------------------

TEST(SimulationSession, EveryAnswerIsAFreshSimulations) {
  // The examples one after another, twice over, then each with every `echo` changed, as typing
  // would: the session's answer must be the stateless one each time, while it takes jobs and reuses runs.
  std::vector<std::string> ids = example_ids();
  ASSERT_GE(ids.size(), 10u);
  api::SimulationSession session;
  std::size_t reused = 0;
  for (int round = 0; round < 3; ++round) {
    for (const auto& id : ids) {
      std::string yaml = read_file(example_dir(id) + "workflow.yml");
      std::string scenario = read_file(example_dir(id) + "scenario.json");
      if (round == 2)
        for (std::size_t at = yaml.find("echo "); at != std::string::npos; at = yaml.find("echo ", at + 6))
          yaml.insert(at + 5, "-n ");
      // The text twice, then with a comment typed at its end.
      for (int call = 0; call < 3; ++call) {
        std::string text = call == 2 ? yaml + "# typed\n" : yaml;
        EXPECT_EQ(session.simulate_json(text, scenario), api::simulate_json(text, scenario))
            << id << " round " << round << " call " << call;
        reused += session.scripts_reused();
        // The second call is the same text with the same scenario: every job of the first is taken
        // (run_memo.h), so no script is even asked for.
        if (call == 1) {
          EXPECT_EQ(session.jobs_reused(), simulate(yaml, scenario).jobs.size()) << id << " round " << round;
          EXPECT_EQ(session.scripts_reused(), 0u) << id << " round " << round;
        }
      }
    }
  }
  // The comment lies in the last job's lines: that job is simulated again, with its scripts' answers
  // from memory.
  EXPECT_GT(reused, 20u);
}

TEST(SimulationSession, AScenarioChangedAloneIsAFreshSimulationsAnswer) {
  // The workflow loaded once serves each scenario (the scenario panel's edits): the answers must
  // still be the stateless ones, for the example's own scenario, none, and others.
  api::SimulationSession session;
  for (const auto& id : example_ids()) {
    std::string yaml = read_file(example_dir(id) + "workflow.yml");
    for (std::string scenario : {read_file(example_dir(id) + "scenario.json"), std::string(), std::string(R"({"order":"reverse"})"),
                                 std::string(R"({"secrets":{"TOKEN":"s3cret"},"order":"seed:7"})"),
                                 std::string("{not json"), read_file(example_dir(id) + "scenario.json")})
      EXPECT_EQ(session.simulate_json(yaml, scenario), api::simulate_json(yaml, scenario)) << id << " with " << scenario;
  }
}

}  // namespace
}  // namespace ghaplay
