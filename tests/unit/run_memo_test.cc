// A session's simulation takes the jobs that ran before the edited one from the call before
// (simulate/run_memo.h): every answer must still be a fresh simulation's, and the jobs taken must
// be exactly those an edit cannot reach.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "checks/incremental_load.h"
#include "ghaplay/api.h"
#include "ghaplay/simulation.h"
#include "simulate/run_budget.h"
#include "simulate/run_memo.h"
#include "simulate/script_memory.h"
#include "support/edits.h"
#include "support/examples.h"

namespace ghaplay {
namespace {

using testing::Edits;
using testing::example_dir;
using testing::example_ids;
using testing::read_file;

// Jobs j0..j(count-1), each needing the one before and passing on what it got plus its own mark,
// which its script writes to $GITHUB_OUTPUT.
std::string chain(int count) {
  std::string text = "on: push\njobs:\n";
  for (int i = 0; i < count; ++i) {
    std::string id = "j" + std::to_string(i);
    text += "  " + id + ":\n    runs-on: ubuntu-latest\n";
    if (i > 0) text += "    needs: j" + std::to_string(i - 1) + "\n";
    text += "    outputs:\n      v: ${{ steps.s.outputs.v }}\n    steps:\n      - id: s\n        run: |\n";
    std::string before = i > 0 ? "${{ needs.j" + std::to_string(i - 1) + ".outputs.v }}" : "";
    text += "          echo \"v=" + before + "<" + id + ">\" >> \"$GITHUB_OUTPUT\"\n";
  }
  return text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// The session's answer for `text`, checked against a fresh simulation's.
std::string expect_fresh(api::SimulationSession& session, const std::string& text, const std::string& scenario,
                         const std::string& what) {
  std::string answer = session.simulate_json(text, scenario);
  EXPECT_EQ(answer, api::simulate_json(text, scenario)) << what << "\n" << text;
  return answer;
}

// An answer of changes only (SimulationSession::answer_changes) with each job written 0 filled in
// from `previous`, the answer before it as filled in, as the page does (web/src/engine-calls.js);
// `zeros` counts them. A 0 with no such job in `previous` is a failure.
rapidjson::Document filled_in(const std::string& answer, const rapidjson::Document& previous, int& zeros) {
  rapidjson::Document document;
  document.Parse(answer.c_str(), answer.size());
  EXPECT_FALSE(document.HasParseError()) << answer;
  zeros = 0;
  if (document.HasParseError() || !document.HasMember("jobs")) return document;
  for (auto& job : document["jobs"].GetObject()) {
    if (!job.value.IsInt()) continue;
    EXPECT_EQ(job.value.GetInt(), 0) << job.name.GetString();
    ++zeros;
    bool had = previous.IsObject() && previous.HasMember("jobs") && previous["jobs"].HasMember(job.name);
    EXPECT_TRUE(had) << "a 0 for " << job.name.GetString() << " with no such job in the answer before";
    if (had) job.value.CopyFrom(previous["jobs"][job.name], document.GetAllocator());
  }
  return document;
}

// The ids of the "jobs" object, in order: filling in must keep the order of the answer.
std::vector<std::string> job_ids(const rapidjson::Document& document) {
  std::vector<std::string> ids;
  if (document.IsObject() && document.HasMember("jobs"))
    for (const auto& job : document["jobs"].GetObject()) ids.emplace_back(job.name.GetString());
  return ids;
}

// A session answering changes only: each answer, filled in from the one before, must be a fresh
// simulation's. Returns how many jobs it wrote as 0.
struct ChangesChecker {
  api::SimulationSession session;
  rapidjson::Document previous;

  ChangesChecker() { session.answer_changes(true); }

  int expect_fresh(const std::string& text, const std::string& scenario, const std::string& what) {
    int zeros = 0;
    rapidjson::Document answer = filled_in(session.simulate_json(text, scenario), previous, zeros);
    rapidjson::Document fresh;
    std::string fresh_json = api::simulate_json(text, scenario);
    fresh.Parse(fresh_json.c_str(), fresh_json.size());
    EXPECT_TRUE(answer == fresh) << what << "\n" << text;
    EXPECT_EQ(job_ids(answer), job_ids(fresh)) << what;
    previous.Swap(answer);
    return zeros;
  }
};

TEST(RunMemo, AnEditTakesTheJobsThatRanBeforeTheEditedOne) {
  api::SimulationSession session;
  std::string text = chain(6);
  expect_fresh(session, text, "", "the chain");
  EXPECT_EQ(session.jobs_reused(), 0u);

  // The last job's script changes its mark: the five before it are taken.
  text = replaced(text, "<j5>", "<j5 edited>");
  std::string answer = expect_fresh(session, text, "", "the last job edited");
  EXPECT_EQ(session.jobs_reused(), 5u);
  EXPECT_NE(answer.find("<j0><j1><j2><j3><j4><j5 edited>"), std::string::npos) << answer;

  // The fourth job's mark reaches the jobs after it: only the three before it are taken.
  text = replaced(text, "<j3>", "<j3 edited>");
  answer = expect_fresh(session, text, "", "the fourth job edited");
  EXPECT_EQ(session.jobs_reused(), 3u);
  EXPECT_NE(answer.find("<j0><j1><j2><j3 edited><j4><j5 edited>"), std::string::npos) << answer;

  // The first job: nothing ran before it.
  text = replaced(text, "<j0>", "<j0 edited>");
  expect_fresh(session, text, "", "the first job edited");
  EXPECT_EQ(session.jobs_reused(), 0u);

  // The same text again: every job is taken.
  expect_fresh(session, text, "", "the same text");
  EXPECT_EQ(session.jobs_reused(), 6u);

  // Another scenario: the jobs saw another one, none is taken; then the same one again, all are.
  expect_fresh(session, text, R"({"order":"reverse"})", "another scenario");
  EXPECT_EQ(session.jobs_reused(), 0u);
  expect_fresh(session, text, R"({"order":"reverse"})", "that scenario again");
  EXPECT_EQ(session.jobs_reused(), 6u);

  // An edit outside the jobs loads the whole text: nothing can be taken.
  text = replaced(text, "on: push", "on: pull_request");
  expect_fresh(session, text, R"({"order":"reverse"})", "the trigger edited");
  EXPECT_EQ(session.jobs_reused(), 0u);
}

TEST(RunMemo, AnAnswerOfChangesWritesTheJobsThePreviousAnswerHadAsZero) {
  ChangesChecker checker;
  std::string text = chain(6);
  EXPECT_EQ(checker.expect_fresh(text, "", "the chain"), 0) << "the first answer is whole";

  // The last job edited: the five taken are written 0, and only j5's text is sent.
  text = replaced(text, "<j5>", "<j5 edited>");
  EXPECT_EQ(checker.expect_fresh(text, "", "the last job edited"), 5);
  // A comment in j5: simulated again, and written as before.
  text = replaced(text, "  j5:\n", "  j5: # last\n");
  EXPECT_EQ(checker.expect_fresh(text, "", "a comment in j5"), 6);
  // The third job's mark reaches the three after it, whose outputs change.
  text = replaced(text, "<j2>", "<j2 edited>");
  EXPECT_EQ(checker.expect_fresh(text, "", "the third job edited"), 2);

  // A text that does not load answers no jobs; the answer after it is whole again, though it takes
  // the jobs: the caller's answer before it had none of them.
  std::string broken = replaced(text, "<j4>", "${{ <j4> }}");
  checker.expect_fresh(broken, "", "j4 broken");
  EXPECT_EQ(checker.expect_fresh(text, "", "j4 mended"), 0);
  EXPECT_EQ(checker.session.jobs_reused(), 4u);
  EXPECT_EQ(checker.expect_fresh(text, "", "the same text"), 6);

  // A caller that lost an answer says so: the next is whole.
  checker.session.answer_changes(true);
  EXPECT_EQ(checker.expect_fresh(text, "", "after answer_changes(true) again"), 0);

  // Off: whole answers, as a session without it gives.
  checker.session.answer_changes(false);
  text = replaced(text, "<j5 edited>", "<j5>");
  EXPECT_EQ(checker.expect_fresh(text, "", "changes off"), 0);
  EXPECT_EQ(checker.session.jobs_reused(), 5u);
  // The first answer after the call is whole either way: the same text again tells.
  EXPECT_EQ(checker.expect_fresh(text, "", "changes off, the same text"), 0);
  EXPECT_EQ(checker.session.jobs_reused(), 6u);
}

TEST(RunMemo, EditsThatDoNotLoadAddUpUntilOneDoes) {
  // The kept jobs are the last simulated workflow's. j2 is broken, then j1 edited while j2 is still
  // broken, then j2 fixed: the load after the fix changed j2 alone, but j1 changed since the kept
  // run too, so only j0 may be taken.
  api::SimulationSession session;
  std::string text = chain(4);
  expect_fresh(session, text, "", "the chain");
  std::string broken = replaced(text, "<j2>", "${{ <j2> }}");
  expect_fresh(session, broken, "", "j2 broken");
  EXPECT_EQ(session.jobs_reused(), 0u);
  broken = replaced(broken, "<j1>", "<j1 edited>");
  expect_fresh(session, broken, "", "j1 edited while j2 is broken");
  EXPECT_EQ(session.jobs_reused(), 0u);
  std::string fixed = replaced(broken, "${{ <j2> }}", "${{ 'j2' }}");
  std::string answer = expect_fresh(session, fixed, "", "j2 fixed another way");
  EXPECT_EQ(session.jobs_reused(), 1u);
  EXPECT_NE(answer.find("<j0><j1 edited>j2<j3>"), std::string::npos) << answer;
}

// simulate_json_within(): the answer simulate_json() gives, or none when the call would re-read
// the whole text or simulate more jobs than allowed; a declined edit is still to be simulated.
TEST(RunMemo, ABoundedCallSimulatesNoMoreJobsThanAllowed) {
  api::SimulationSession session;
  auto within = [&](const std::string& text, const std::string& scenario, std::size_t max_jobs,
                    const std::string& what) -> bool {
    std::optional<std::string> answer = session.simulate_json_within(text, scenario, max_jobs);
    if (answer) EXPECT_EQ(*answer, api::simulate_json(text, scenario)) << what << "\n" << text;
    return answer.has_value();
  };
  std::string text = chain(6);
  EXPECT_FALSE(within(text, "", 100, "nothing loaded yet: a whole load"));
  expect_fresh(session, text, "", "the chain");

  EXPECT_TRUE(within(text, "", 0, "the same text: nothing to simulate"));
  EXPECT_EQ(session.jobs_reused(), 6u);

  text = replaced(text, "<j5>", "<j5 edited>");
  EXPECT_FALSE(within(text, "", 0, "the last job edited, no job allowed"));
  EXPECT_TRUE(within(text, "", 1, "the last job edited, one job allowed"));
  EXPECT_EQ(session.jobs_reused(), 5u);

  // j3 reaches j4 and j5.
  text = replaced(text, "<j3>", "<j3 edited>");
  EXPECT_FALSE(within(text, "", 2, "the fourth job edited, two jobs allowed"));
  EXPECT_TRUE(within(text, "", 3, "the fourth job edited, three jobs allowed"));
  EXPECT_EQ(session.jobs_reused(), 3u);

  // A declined edit of j1 stays to be simulated: with j4 edited after it, j1 is where the run starts.
  text = replaced(text, "<j1>", "<j1 edited>");
  EXPECT_FALSE(within(text, "", 0, "the second job edited"));
  text = replaced(text, "<j4>", "<j4 edited>");
  EXPECT_FALSE(within(text, "", 4, "the fifth job edited after the second"));
  EXPECT_TRUE(within(text, "", 5, "both edits, five jobs allowed"));
  EXPECT_EQ(session.jobs_reused(), 1u);

  // Another scenario: every job is simulated again.
  EXPECT_FALSE(within(text, R"({"order":"reverse"})", 5, "another scenario, five jobs allowed"));
  EXPECT_TRUE(within(text, R"({"order":"reverse"})", 6, "another scenario, six jobs allowed"));

  // An edit outside the jobs, two jobs edited at once, a job that no longer parses: each is a
  // whole load, whatever the count allowed.
  EXPECT_FALSE(within(replaced(text, "on: push", "on: pull_request"), "", 100, "the trigger edited"));
  std::string two = replaced(replaced(text, "<j0>", "<j0 again>"), "<j5 edited>", "<j5 again>");
  EXPECT_FALSE(within(two, "", 100, "two jobs edited"));
  EXPECT_FALSE(within(replaced(text, "  j5:\n    runs-on: ubuntu", "  j5:\n    runs-on: [ubuntu"), "", 100,
                      "j5 no longer parses"));
  // None of them changed what the session holds.
  EXPECT_TRUE(within(text, "", 100, "the text before them, in the first scenario"));
  EXPECT_EQ(session.jobs_reused(), 0u);
}

TEST(RunMemo, TheScriptsOfTakenJobsStayRemembered) {
  // While typing in the last job, the other jobs are taken, not simulated, so their scripts are
  // not asked for; moving to the first job must still find their answers.
  api::SimulationSession session;
  std::string text = chain(3);
  expect_fresh(session, text, "", "the chain");
  std::string mark = "<j2>";
  for (std::string typed : {"<j2 a>", "<j2 ab>", "<j2 abc>"}) {
    text = replaced(text, mark, typed);
    mark = typed;
    expect_fresh(session, text, "", "typing " + typed);
    EXPECT_EQ(session.jobs_reused(), 2u);
  }
  // A comment typed into j0 changes no script: all three answers come from memory.
  text = replaced(text, "  j0:\n", "  j0: # first\n");
  expect_fresh(session, text, "", "a comment in j0");
  EXPECT_EQ(session.jobs_reused(), 0u);
  EXPECT_EQ(session.scripts_reused(), 3u);
}

TEST(RunMemo, AJobTheBudgetStoppedAtIsNotTaken) {
  // Five jobs where the run's budget allows four job runs: the fifth and sixth are not simulated.
  // An edit of the last job may take the four that ran, never the ones the budget stopped.
  sim::RunLimits limits;
  limits.jobs = 4;
  checks::IncrementalLoad load;
  sim::ScriptMemory memory;
  sim::RunMemo memo;
  auto simulate = [&](const std::string& text) {
    const workflow::LoadResult& loaded = load.load(text);
    memo.workflow_changed(load.last_change().whole, load.last_change().job);
    SimulationResult result = sim::simulate_loaded(loaded, "", limits, &memory, &memo);
    std::string json = memo.keep(std::move(result));
    EXPECT_EQ(json, to_json(sim::simulate_with_limits(text, "", limits))) << text;
    return json;
  };
  std::string text = chain(6);
  std::string first = simulate(text);
  EXPECT_NE(first.find("limit-exceeded"), std::string::npos) << first;
  text = replaced(text, "<j5>", "<j5 edited>");
  simulate(text);
  EXPECT_EQ(memo.jobs_reused(), 4u);
  text = replaced(text, "<j4>", "<j4 edited>");
  simulate(text);
  EXPECT_EQ(memo.jobs_reused(), 4u);
  // With a budget the fourth job uses up: three are kept, the fourth is simulated again.
  limits.jobs = 3;
  text = replaced(text, "<j5 edited>", "<j5>");
  simulate(text);
  EXPECT_EQ(memo.jobs_reused(), 0u) << "other limits: nothing taken";
  text = replaced(text, "<j5>", "<j5 again>");
  simulate(text);
  EXPECT_EQ(memo.jobs_reused(), 3u);
}

TEST(RunMemo, EveryEditOfEveryExampleGivesAFreshSimulationsAnswer) {
  // Chains of typing's edits through one session, with each example's own scenario: the answer
  // after each edit must be the stateless one, whatever the session took from the call before.
  std::size_t calls = 0, taken = 0, zeros = 0;
  for (const auto& id : example_ids()) {
    std::string original = read_file(example_dir(id) + "workflow.yml");
    std::string scenario = read_file(example_dir(id) + "scenario.json");
    api::SimulationSession session;
    ChangesChecker changes;  // the same calls, answering changes only
    Edits edits(static_cast<std::uint32_t>(std::hash<std::string>{}(id)));
    for (int chain = 0; chain < 8; ++chain) {
      std::string text = original;
      std::string trail = id + " as written";
      expect_fresh(session, text, scenario, trail);
      changes.expect_fresh(text, scenario, trail);
      for (int step = 0; step < 6; ++step) {
        std::string what;
        text = edits.apply(std::move(text), what);
        trail += "; " + what;
        expect_fresh(session, text, scenario, trail);
        zeros += changes.expect_fresh(text, scenario, trail);
        ++calls;
        taken += session.jobs_reused();
        if (::testing::Test::HasFailure()) return;  // one trail is enough to read
      }
    }
  }
  // Most random edits break the YAML or land in a first job; enough land later for the memo to serve.
  EXPECT_GT(taken, calls / 20) << taken << " jobs taken in " << calls << " calls";
  // A job is written 0 whenever it was taken, and when simulated again to the same text.
  EXPECT_GT(zeros, taken) << zeros << " jobs written 0 in " << calls << " calls";
}

}  // namespace
}  // namespace ghaplay
