// `ghaplay check` as a user runs it: the real binary (GHAPLAY_CLI_PATH), run from the source tree
// so file names in the output are stable; exit codes, stdout and stderr checked exactly.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

#include "ghaplay/api.h"
#include "support/examples.h"

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

using ghaplay::testing::read_file;

std::string fixture(const std::string& name) {
  return read_file(std::string(GHAPLAY_SOURCE_DIR) + "/tests/fixtures/workflows/" + name);
}

// Runs `ghaplay <args>` in the source directory; `input`, when given, is written to a file and fed
// to standard input.
CliRun run_cli(const std::string& args, const std::string* input = nullptr) {
  std::string dir = ::testing::TempDir();
  std::string err_path = dir + "/check_cli_stderr_" + std::to_string(::getpid());
  std::string in_path = dir + "/check_cli_stdin_" + std::to_string(::getpid());
  std::string command = std::string("cd '") + GHAPLAY_SOURCE_DIR + "' && '" + GHAPLAY_CLI_PATH + "' " + args +
                        " 2>'" + err_path + "'";
  if (input) {
    std::ofstream(in_path, std::ios::binary) << *input;
    command += " <'" + in_path + "'";
  }
  CliRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = read_file(err_path);
  std::remove(err_path.c_str());
  if (input) std::remove(in_path.c_str());
  return run;
}

TEST(CheckCli, CleanWorkflowPrintsNothingAndExitsZero) {
  CliRun run = run_cli("check tests/fixtures/workflows/clean.yml");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "");
}

TEST(CheckCli, ErrorsPrintLineCaretAndCodeAndExitOne) {
  CliRun run = run_cli("check tests/fixtures/workflows/errors.yml");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, fixture("errors.txt"));
  EXPECT_EQ(run.err, "");
}

TEST(CheckCli, WarningsAndNoticesAloneExitZero) {
  CliRun run = run_cli("check tests/fixtures/workflows/warnings.yml --format text");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, fixture("warnings.txt"));
}

TEST(CheckCli, JsonIsExactlyTheApiOutput) {
  for (const char* name : {"errors.yml", "clean.yml", "warnings.yml"}) {
    CliRun run = run_cli(std::string("check --format json tests/fixtures/workflows/") + name);
    EXPECT_EQ(run.out, ghaplay::api::check_json(fixture(name)) + "\n") << name;
  }
  CliRun run = run_cli("check --format=json tests/fixtures/workflows/errors.yml");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("\"line\":8,\"column\":30,\"job\":\"build\",\"step\":\"#1\"}"), std::string::npos) << run.out;
}

TEST(CheckCli, StandardInputIsNamedStdin) {
  std::string input = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ nope }}\n";
  CliRun run = run_cli("check -", &input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "<stdin>:6:23: error: Unrecognized named-value: 'nope'. Located at position 1 within expression: nope "
            "[expression-syntax]\n"
            "        - run: echo ${{ nope }}\n"
            "                        ^\n");
}

TEST(CheckCli, CaretKeepsTabsAndCountsCharacters) {
  // A real tab and a two-byte `é` before the expression: the column counts bytes (22), the caret
  // line has one space for `é` and keeps the tab.
  std::string input = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: \"\xc3\xa9\t${{ x }}\"\n";
  CliRun run = run_cli("check -", &input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "<stdin>:6:22: error: Unrecognized named-value: 'x'. Located at position 1 within expression: x "
            "[expression-syntax]\n"
            "        - run: \"\xc3\xa9\t${{ x }}\"\n" +
                std::string(2 + 15, ' ') + "\t    ^\n");
}

TEST(CheckCli, MultiLineMessageContinuesIndented) {
  std::string input = "- a\n";
  CliRun run = run_cli("check -", &input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "<stdin>:1:1: error: The file is a list, not a workflow. A workflow is a mapping with `on:` and `jobs:` "
            "keys at the top level (no `-` in front of them), for example: [not-a-workflow]\n"
            "  - a\n"
            "  ^\n"
            "    on: push\n"
            "    jobs:\n"
            "      build:\n"
            "        runs-on: ubuntu-latest\n");
}

TEST(CheckCli, BinaryInputIsShownSafely) {
  std::string input("on: \x01\x02\n", 7);
  CliRun run = run_cli("check -", &input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "<stdin>:1:5: error: Invalid YAML: the control character U+0001 is not allowed in a YAML file. Remove it "
            "(is this a binary file?). [yaml-syntax]\n"
            "  on: ??\n"
            "      ^\n");
}

TEST(CheckCli, TooLargeInputPointsWhereItPassesTheLimitInAWindowOfTheLine) {
  std::string input = "on: push\n" + std::string(6 * 1024 * 1024, '#');
  CliRun run = run_cli("check -", &input);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out,
            "<stdin>:2:511992: error: The input is larger than 512000 bytes (500 KB), GitHub's limit for a workflow "
            "file: GitHub would not start it. It passes the limit here; move long scripts into files of the "
            "repository. [input-too-large]\n"
            "  ..." + std::string(160, '#') + "\n"
            "  " + std::string(3 + 159, ' ') + "^\n");
}

struct UsageCase {
  const char* name;
  std::string args;
  std::string first_line_of_stderr;
};

class CheckUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(CheckUsage, ExitsTwoWithAMessage) {
  const auto& c = GetParam();
  CliRun run = run_cli(c.args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.substr(0, run.err.find('\n')), c.first_line_of_stderr);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CheckUsage,
    ::testing::Values(
        UsageCase{"MissingFile", "check tests/fixtures/workflows/missing.yml",
                  "ghaplay check: cannot read 'tests/fixtures/workflows/missing.yml': No such file or directory"},
        UsageCase{"NoWorkflow", "check", "ghaplay check: missing WORKFLOW (a file, or - for standard input)"},
        UsageCase{"UnknownFormat", "check --format xml tests/fixtures/workflows/clean.yml",
                  "ghaplay check: unknown format 'xml' (text or json)"},
        UsageCase{"FormatWithoutValue", "check tests/fixtures/workflows/clean.yml --format",
                  "ghaplay check: --format needs a value: text or json"},
        UsageCase{"UnknownOption", "check --strict tests/fixtures/workflows/clean.yml",
                  "ghaplay check: unknown option '--strict'"},
        UsageCase{"TwoWorkflows", "check tests/fixtures/workflows/clean.yml tests/fixtures/workflows/errors.yml",
                  "ghaplay check: one workflow at a time ('tests/fixtures/workflows/clean.yml' and "
                  "'tests/fixtures/workflows/errors.yml' given)"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CheckCli, HelpDocumentsFormatsAndExitCodes) {
  CliRun run = run_cli("check --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("usage: ghaplay check WORKFLOW [--format text|json]\n", 0), 0u);
  EXPECT_NE(run.out.find("`-` reads standard input"), std::string::npos);
  EXPECT_NE(run.out.find("Exit status: 0 when there is no error"), std::string::npos);
  EXPECT_EQ(run.err, "");
}

}  // namespace
