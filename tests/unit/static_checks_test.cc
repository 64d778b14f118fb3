// Cross-job static checks: each row a workflow and the exact findings (code, line, column).
#include <gtest/gtest.h>

#include "checks/static_checks.h"

namespace ghaplay::checks {
namespace {

std::string findings(const std::string& yaml) {
  auto loaded = workflow::load_workflow(yaml);
  EXPECT_TRUE(loaded.workflow.has_value());
  std::string out;
  for (const auto& d : check_references(*loaded.workflow))
    out += std::string(severity_name(d.severity)) + " " + code_name(d.code) + " " + std::to_string(d.position.line) +
           ":" + std::to_string(d.position.column) + " " + d.job + "/" + d.step + ";";
  return out;
}

struct Row {
  const char* name;
  const char* yaml;
  const char* expected;
};

const Row kRows[] = {
    {"direct_need_is_fine",
     "on: push\njobs:\n  a:\n    runs-on: x\n    outputs: {v: '1'}\n    steps: [{run: echo}]\n"
     "  b:\n    needs: a\n    runs-on: x\n    steps:\n      - run: echo ${{ needs.a.outputs.v }}\n",
     ""},
    {"transitive_need",
     "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n  b:\n    needs: a\n    runs-on: x\n"
     "    steps: [{run: echo}]\n  c:\n    needs: b\n    runs-on: x\n    steps:\n      - run: echo ${{ needs.a.result }}\n",
     "warning needs-not-direct 14:23 c/#1;"},
    {"undeclared_output",
     "on: push\njobs:\n  a:\n    runs-on: x\n    outputs: {v: '1'}\n    steps: [{run: echo}]\n"
     "  b:\n    needs: a\n    runs-on: x\n    if: needs.a.outputs.w == 'x'\n    steps: [{run: echo}]\n",
     "warning unknown-job-output 10:9 b/;"},
    {"later_and_unknown_steps",
     "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ steps.later.outputs.z }}\n"
     "      - id: later\n        run: echo ${{ steps.nope.conclusion }}\n",
     "warning unknown-step 6:23 a/#1;warning unknown-step 8:23 a/later;"},
    {"steps_in_job_outputs_see_every_step",
     "on: push\njobs:\n  a:\n    runs-on: x\n    outputs:\n      v: ${{ steps.last.outputs.v }}\n"
     "    steps:\n      - run: echo\n      - id: last\n        run: echo\n",
     ""},
    {"steps_at_job_level",
     "on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      V: ${{ steps.s.outputs.v }}\n    steps:\n      - id: s\n        run: echo\n",
     "warning unknown-step 6:14 a/;"},
    {"expression_in_output_name",
     "on: push\njobs:\n  a:\n    runs-on: x\n    outputs:\n      \"out-${{ matrix.os }}\": v\n    steps: [{run: echo}]\n",
     "error matrix-in-output-name 6:7 a/;"},
};

class StaticChecksTest : public ::testing::TestWithParam<Row> {};

TEST_P(StaticChecksTest, Findings) { EXPECT_EQ(findings(GetParam().yaml), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(Rows, StaticChecksTest, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StaticChecksTest, LoadAndCheckSortsEverythingByPosition) {
  auto result = load_and_check(
      "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ steps.x.outputs.y }}\n    bogus: 1\n");
  ASSERT_EQ(result.diagnostics.size(), 2u);
  EXPECT_EQ(result.diagnostics[0].code, DiagnosticCode::UnknownStep);
  EXPECT_EQ(result.diagnostics[1].code, DiagnosticCode::UnknownKey);
}

}  // namespace
}  // namespace ghaplay::checks
