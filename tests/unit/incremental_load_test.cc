// Re-reading one job after an edit (workflow/job_layout.h, checks/incremental_load.h): which edits
// qualify, and that every load gives what a full load gives, model positions included.
#include <cctype>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "checks/incremental_load.h"
#include "checks/static_checks.h"
#include "ghaplay/api.h"
#include "ghaplay/simulation.h"
#include "json/diagnostics_json.h"
#include "simulate/run_budget.h"
#include "support/edits.h"
#include "support/examples.h"
#include "support/model_text.h"
#include "workflow/job_layout.h"

namespace ghaplay {
namespace {

using testing::example_dir;
using testing::example_ids;
using testing::Edits;
using testing::ModelText;
using testing::read_file;

const std::string kThreeJobs =
    "on: push\n"
    "jobs:\n"
    "  a:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - run: echo a\n"
    "  b:\n"
    "    needs: a\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - run: echo b\n"
    "  c:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - run: echo c\n";

workflow::JobLayout layout_of(const std::string& text) {
  auto load = workflow::load_workflow_with_layout(text);
  EXPECT_TRUE(load.layout.has_value()) << text;
  return load.layout ? *load.layout : workflow::JobLayout{};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// ---- which edits stay inside one job --------------------------------------------------------------

TEST(JobEdit, ATypedCharacterInAJobIsThatJobsLines) {
  auto layout = layout_of(kThreeJobs);
  ASSERT_EQ(layout.jobs.size(), 3u);
  EXPECT_EQ(layout.jobs[1].begin, kThreeJobs.find("  b:"));
  EXPECT_EQ(layout.jobs_end, kThreeJobs.size());
  std::string typed = replaced(kThreeJobs, "echo b", "echo bx");
  auto edit = workflow::find_job_edit(layout, kThreeJobs, typed);
  ASSERT_TRUE(edit.has_value());
  EXPECT_EQ(edit->job, 1u);
  EXPECT_EQ(edit->begin, typed.find("  b:"));
  EXPECT_EQ(edit->end, typed.find("  c:"));
  EXPECT_EQ(edit->shift, 1);
}

// Past a few hundred bytes the edit is found a block at a time (memcmp) before a byte at a time: an
// edit in each job of a long chain, wherever it falls against the blocks, is that job's.
TEST(JobEdit, EachJobOfALongWorkflowFindsItsOwnEdit) {
  std::string text = "on: push\njobs:\n";
  for (int i = 0; i < 60; ++i) {
    text += "  job" + std::to_string(i) + ":\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo " +
            std::string(static_cast<std::size_t>(i % 7), 'v') + "value" + std::to_string(i) + "\n";
  }
  auto layout = layout_of(text);
  ASSERT_EQ(layout.jobs.size(), 60u);
  for (std::size_t i = 0; i < 60; ++i) {
    std::string value = "value" + std::to_string(i) + "\n";
    std::size_t at = text.find(value, layout.jobs[i].begin);
    ASSERT_NE(at, std::string::npos);
    // A character typed, one replaced (the same length: prefix and suffix meet), one deleted.
    for (auto [edited, shift] : {std::pair{std::string(text).insert(at, "x"), 1}, std::pair{std::string(text).replace(at, 1, "w"), 0},
                                 std::pair{std::string(text).erase(at, 1), -1}}) {
      auto edit = workflow::find_job_edit(layout, text, edited);
      ASSERT_TRUE(edit.has_value()) << "job " << i << ", shift " << shift;
      EXPECT_EQ(edit->job, i);
      EXPECT_EQ(edit->begin, layout.jobs[i].begin);
      EXPECT_EQ(edit->shift, shift);
      std::size_t next = i + 1 < 60 ? layout.jobs[i + 1].begin : text.size();
      EXPECT_EQ(edit->end, static_cast<std::size_t>(static_cast<std::ptrdiff_t>(next) + shift));
    }
  }
  // Every letter of every job replaced in turn: whichever byte of a block differs, the edit is the
  // job's that holds it (its key's first letter excepted: the key's line stays as it was).
  for (std::size_t at = layout.jobs[0].begin; at < text.size(); ++at) {
    if (!std::isalpha(static_cast<unsigned char>(text[at]))) continue;
    std::string edited = text;
    edited[at] = text[at] == 'q' ? 'r' : 'q';
    std::size_t job = 0;
    while (job + 1 < layout.jobs.size() && layout.jobs[job + 1].begin <= at) ++job;
    auto edit = workflow::find_job_edit(layout, text, edited);
    if (at == layout.jobs[job].key_offset) {
      EXPECT_FALSE(edit.has_value()) << at;
      continue;
    }
    ASSERT_TRUE(edit.has_value()) << at;
    EXPECT_EQ(edit->job, job) << at;
    // And a second letter 300 bytes on: in another job, the edit is no one job's.
    std::size_t second = at + 300;
    if (second >= text.size() || !std::isalpha(static_cast<unsigned char>(text[second]))) continue;
    edited[second] = text[second] == 'q' ? 'r' : 'q';
    std::size_t second_job = job;
    while (second_job + 1 < layout.jobs.size() && layout.jobs[second_job + 1].begin <= second) ++second_job;
    auto both = workflow::find_job_edit(layout, text, edited);
    EXPECT_EQ(both.has_value(), second_job == job) << at;
  }
}

TEST(JobEdit, AnEditOutsideOneJobIsNot) {
  auto layout = layout_of(kThreeJobs);
  // Two jobs changed at once, the trigger, the line between jobs.
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(replaced(kThreeJobs, "echo a", "echo ax"), "echo b", "echo bx")));
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "on: push", "on: pull_request")));
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "jobs:\n", "jobs: # all\n")));
  // A job's key line changed from its start, a new job typed at the jobs' indentation.
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "  b:\n", "   b:\n")));
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "  c:\n", "  bb: {}\n  c:\n")));
  // A line of job b indented no deeper than its key could end the job: the whole text is read.
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "    needs: a\n", "    needs: a\n  x: 1\n")));
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "    needs: a\n", "    needs: a\n\tx: 1\n")));
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, kThreeJobs));
}

TEST(JobEdit, AddedLinesQualifyOnlyInTheLastJob) {
  auto layout = layout_of(kThreeJobs);
  EXPECT_FALSE(workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "echo b\n", "echo b\n      - run: echo b2\n")));
  auto last = workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "echo c\n", "echo c\n      - run: echo c2\n"));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->job, 2u);
  // Text typed at the very end, and comments at any indentation.
  EXPECT_TRUE(workflow::find_job_edit(layout, kThreeJobs, kThreeJobs + "# done\n"));
  auto comment = workflow::find_job_edit(layout, kThreeJobs, replaced(kThreeJobs, "echo c\n", "echo c\n# about c\n  # and more\n"));
  ASSERT_TRUE(comment.has_value());
  EXPECT_EQ(comment->job, 2u);
}

TEST(JobEdit, ATopLevelKeyAfterTheJobsEndsTheLastJob) {
  std::string text = kThreeJobs + "env:\n  A: 1\n";
  auto layout = layout_of(text);
  EXPECT_EQ(layout.jobs_end, text.find("env:"));
  EXPECT_TRUE(workflow::find_job_edit(layout, text, replaced(text, "echo c", "echo cx")));
  EXPECT_FALSE(workflow::find_job_edit(layout, text, replaced(text, "echo c\n", "echo c\n      - run: echo c2\n")));
  EXPECT_FALSE(workflow::find_job_edit(layout, text, replaced(text, "A: 1", "A: 2")));
  EXPECT_FALSE(workflow::find_job_edit(layout, text, replaced(text, "env:", "xenv:")));
}

TEST(JobLayout, NoneWhenAJobsTextCouldDependOnAnothers) {
  auto none = [](const std::string& text) { return !workflow::load_workflow_with_layout(text).layout.has_value(); };
  EXPECT_TRUE(none(replaced(kThreeJobs, "ubuntu-latest", "&os ubuntu-latest")));           // an anchor
  EXPECT_TRUE(none("on: push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n"));          // flow style
  EXPECT_TRUE(none("on: push\njobs:\n  a: {runs-on: x, steps: [{run: echo}]}\n  b: [\n"));  // a YAML error
  EXPECT_TRUE(none("on: push\njobs:\n  a:\n    runs-on: x\n  A:\n    runs-on: y\n"));      // a duplicate job
  EXPECT_FALSE(none(kThreeJobs));
  EXPECT_FALSE(none("\xEF\xBB\xBF" + kThreeJobs));
}

// ---- every load is a full load's -----------------------------------------------------------------

struct Compared {
  std::size_t loads = 0;
  std::size_t reread = 0;
};

// Loads `text` into `load` and compares everything with a full load of it.
void expect_full_loads_result(checks::IncrementalLoad& load, const std::string& text, const std::string& what,
                              Compared& compared) {
  std::size_t before = load.jobs_reread();
  const workflow::LoadResult& kept = load.load(text);
  workflow::LoadResult full = checks::load_and_check(text);
  ++compared.loads;
  compared.reread += load.jobs_reread() - before;
  ASSERT_EQ(kept.workflow.has_value(), full.workflow.has_value()) << what << "\n" << text;
  EXPECT_EQ(json::diagnostics_json(kept.diagnostics), json::diagnostics_json(full.diagnostics)) << what;
  if (!full.workflow) return;
  EXPECT_EQ(ModelText::of(*kept.workflow), ModelText::of(*full.workflow)) << what;
  EXPECT_EQ(to_json(sim::simulate_loaded(kept, "", sim::RunLimits{})),
            to_json(sim::simulate_loaded(full, "", sim::RunLimits{})))
      << what;
}

void edit_in_chains(const std::string& name, const std::string& original, int chains, int length, Compared& compared) {
  checks::IncrementalLoad load;
  Edits edits(static_cast<std::uint32_t>(std::hash<std::string>{}(name)));
  for (int chain = 0; chain < chains; ++chain) {
    std::string text = original;
    expect_full_loads_result(load, text, name + " as written", compared);
    std::string trail;
    for (int step = 0; step < length; ++step) {
      std::string what;
      text = edits.apply(std::move(text), what);
      trail += what + "; ";
      expect_full_loads_result(load, text, name + " after " + trail, compared);
      if (::testing::Test::HasFailure()) return;  // one trail is enough to read
    }
  }
}

TEST(IncrementalLoad, EveryEditOfEveryExampleLoadsAsTheWholeText) {
  Compared compared;
  for (const auto& id : example_ids()) edit_in_chains(id, read_file(example_dir(id) + "workflow.yml"), 16, 5, compared);
  // Many edits qualify; the others are full loads, mostly after an edit that broke the YAML.
  EXPECT_GT(compared.reread * 5, compared.loads) << compared.reread << " of " << compared.loads;
}

TEST(IncrementalLoad, EditsOfAWorkflowWithEveryKindOfValue) {
  std::string text =
      "\xEF\xBB\xBFname: all kinds\n"
      "on:\n  workflow_call:\n    outputs:\n      o:\n        value: ${{ jobs.last.outputs.v }}\n"
      "env:\n  TOP: 1\n"
      "jobs:\n"
      "  first:\n"
      "    runs-on: [self-hosted, linux]\n"
      "    strategy:\n      matrix:\n        os: [a, b]\n        include:\n          - os: c\n            extra: 1\n"
      "    outputs:\n      v: ${{ steps.s.outputs.v }}\n"
      "    steps:\n"
      "      - id: s\n        if: ${{ success() }}\n        env:\n          X: \"${{ matrix.os }}\"\n"
      "        run: |\n          echo \"v=${{ matrix.os }}\" >> \"$GITHUB_OUTPUT\"\n\n          echo done\n"
      "  # a comment between jobs\n"
      "  caller:\n    needs: first\n    uses: ./.github/workflows/other.yml\n    with:\n      a: ${{ needs.first.outputs.v }}\n"
      "    secrets: inherit\n"
      "  last:\n    needs: [first, caller]\n    runs-on: ubuntu-latest\n    outputs:\n      v: ${{ needs.first.outputs.v }}\n"
      "    steps:\n      - run: >\n          echo folded\n          ${{ needs.caller.outputs.x }}\n"
      "# the end\n";
  Compared compared;
  edit_in_chains("every kind", text, 60, 5, compared);
  EXPECT_GT(compared.reread * 5, compared.loads) << compared.reread << " of " << compared.loads;
}

TEST(IncrementalLoad, TypingALineIntoTheLastJobReReadsItEveryTime) {
  checks::IncrementalLoad load;
  Compared compared;
  std::string text = kThreeJobs;
  expect_full_loads_result(load, text, "start", compared);
  for (char c : std::string("      - id: new\n        run: echo \"v=${{ needs.b.outputs.x }}\" >> $GITHUB_OUTPUT\n")) {
    text += c;
    expect_full_loads_result(load, text, "typed up to " + text.substr(kThreeJobs.size()), compared);
  }
  // Each character but the ones that leave half a `${{` or a line not yet indented.
  EXPECT_GT(compared.reread, compared.loads * 3 / 4) << compared.reread << " of " << compared.loads;
}

TEST(IncrementalLoad, WhatOtherJobsReadOfTheEditedJobReachesTheirFindings) {
  // b reads a's output v: renaming it in a alone must warn in b; a `needs` edited in b alone must
  // reach unknown-needs and needs-cycle; an edit elsewhere in b must keep them.
  std::string text = replaced(replaced(kThreeJobs, "    runs-on: ubuntu-latest\n    steps:\n      - run: echo a\n",
                                       "    runs-on: ubuntu-latest\n    outputs:\n      v: x\n    steps:\n      - run: echo a\n"),
                              "echo b", "echo ${{ needs.a.outputs.v }}");
  checks::IncrementalLoad load;
  Compared compared;
  auto codes = [&](const std::string& edited) {
    expect_full_loads_result(load, edited, edited, compared);
    std::string all;
    for (const auto& d : load.load(edited).diagnostics) all += std::string(code_name(d.code)) + " ";
    return all;
  };
  EXPECT_EQ(codes(text), "");
  EXPECT_EQ(codes(replaced(text, "v: x", "w: x")), "unknown-job-output ");
  EXPECT_EQ(codes(replaced(text, "v: x", "v: xy")), "");
  std::string cycle = replaced(text, "  a:\n    runs-on", "  a:\n    needs: c\n    runs-on");
  EXPECT_EQ(codes(cycle), "");
  std::string closed = replaced(cycle, "  c:\n    runs-on", "  c:\n    needs: b\n    runs-on");
  EXPECT_EQ(codes(closed), "needs-cycle ");  // a line more in the last job
  EXPECT_EQ(codes(replaced(closed, "needs: b\n", "needs: x\n")), "unknown-needs ");
  EXPECT_EQ(codes(replaced(closed, "echo ${{", "echo  ${{")), "needs-cycle ");  // b's script, not its needs
  EXPECT_EQ(codes(replaced(closed, "echo c", "echo cc")), "needs-cycle ");
  EXPECT_EQ(codes(replaced(closed, "needs: b\n", "needs: [b, x]\n")), "needs-cycle unknown-needs ");
  EXPECT_GE(compared.reread, 5u);
}

TEST(IncrementalLoad, AnEditedJobFindsTheJobsItNamesButForCase) {
  // c reads needs.A while A is not among its needs: the warning names the job as it is written,
  // found but for case, whether c was re-read alone or the whole text was read.
  std::string text = replaced(replaced(kThreeJobs, "  a:\n", "  A:\n"), "echo c", "echo ${{ needs.a.outputs.v }}");
  checks::IncrementalLoad load;
  Compared compared;
  for (const std::string& edited : {text, replaced(text, "echo ${{", "echo x ${{"), replaced(text, "echo ${{", "echo xy ${{")}) {
    expect_full_loads_result(load, edited, edited, compared);
    const auto& diagnostics = load.load(edited).diagnostics;
    ASSERT_EQ(diagnostics.size(), 1u) << edited;
    EXPECT_EQ(diagnostics[0].code, DiagnosticCode::NeedsNotDirect);
    EXPECT_NE(diagnostics[0].message.find("does not list 'A' in its needs"), std::string::npos) << diagnostics[0].message;
  }
  EXPECT_EQ(compared.reread, 2u);
}

TEST(IncrementalLoad, TheNestingLimitCountsTheLevelsAboveTheJob) {
  // The deepest job the whole file allows, then one level more: the re-read must refuse it as the
  // whole load does, though the job's lines alone are one level shallower.
  auto nested = [](int depth) {
    return replaced(kThreeJobs, "    needs: a\n", "    needs: a\n    env: {X: " + std::string(depth, '[') + "1" + std::string(depth, ']') + "}\n");
  };
  int deepest = 0;
  auto too_deep = [&](int depth) {
    for (const auto& d : workflow::load_workflow(nested(depth)).diagnostics)
      if (d.code == DiagnosticCode::LimitExceeded) return true;
    return false;
  };
  while (deepest < 200 && !too_deep(deepest + 1)) ++deepest;
  ASSERT_GT(deepest, 50);
  checks::IncrementalLoad load;
  Compared compared;
  expect_full_loads_result(load, nested(deepest - 1), "one level under the limit", compared);
  expect_full_loads_result(load, nested(deepest), "at the limit", compared);
  expect_full_loads_result(load, nested(deepest + 1), "past the limit", compared);
  EXPECT_EQ(compared.reread, 1u);
}

TEST(SimulationSession, ReReadsOnlyTheJobAnEditChanged) {
  api::SimulationSession session;
  std::string typed = replaced(kThreeJobs, "echo b", "echo bx");
  EXPECT_EQ(session.simulate_json(kThreeJobs, ""), api::simulate_json(kThreeJobs, ""));
  EXPECT_EQ(session.jobs_reread(), 0u);
  EXPECT_EQ(session.simulate_json(typed, ""), api::simulate_json(typed, ""));
  EXPECT_EQ(session.jobs_reread(), 1u);
  std::string trigger = replaced(typed, "on: push", "on: pull_request");
  EXPECT_EQ(session.simulate_json(trigger, ""), api::simulate_json(trigger, ""));
  EXPECT_EQ(session.jobs_reread(), 1u);
}

}  // namespace
}  // namespace ghaplay
