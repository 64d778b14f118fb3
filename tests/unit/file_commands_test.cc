// $GITHUB_OUTPUT / $GITHUB_ENV file parsing, one row per case: content in, pairs or the runner's
// exact error text (and its line) out.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/file_commands.h"

namespace ghaplay::runner {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct OutputCase {
  const char* name;
  std::string content;
  Pairs pairs;
  std::string error;  // empty: none
  int error_line = 0;
};

class OutputFile : public ::testing::TestWithParam<OutputCase> {};

TEST_P(OutputFile, Parses) {
  const auto& c = GetParam();
  auto result = parse_output_file(c.content);
  EXPECT_EQ(result.pairs, c.pairs);
  if (c.error.empty()) {
    EXPECT_FALSE(result.error.has_value()) << result.error->message;
  } else {
    ASSERT_TRUE(result.error.has_value());
    EXPECT_EQ(result.error->message, c.error);
    EXPECT_EQ(result.error->line, c.error_line);
  }
  EXPECT_TRUE(result.issues.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OutputFile,
    ::testing::Values(
        OutputCase{"Empty", "", {}},
        OutputCase{"Simple", "a=1\n", {{"a", "1"}}},
        OutputCase{"NoFinalNewline", "a=1", {{"a", "1"}}},
        OutputCase{"SplitAtFirstEquals", "a=b=c", {{"a", "b=c"}}},
        OutputCase{"EmptyValue", "a=", {{"a", ""}}},
        // The runner checks the line, not the name, for emptiness: `=x` sets an output named ''.
        OutputCase{"EmptyNameAccepted", "=x", {{"", "x"}}},
        OutputCase{"CarriageReturnStays", "a=1\r\nb=2\r\n", {{"a", "1\r"}, {"b", "2\r"}}},
        OutputCase{"LoneCarriageReturnIsNotANewline", "a=1\rb=2", {{"a", "1\rb=2"}}},
        OutputCase{"BomDropped", "\xEF\xBB\xBF" "a=1", {{"a", "1"}}},
        OutputCase{"BomOnlyAtStart", "a=1\n\xEF\xBB\xBF" "b=2", {{"a", "1"}, {"\xEF\xBB\xBF" "b", "2"}}},
        OutputCase{"EmptyLinesSkipped", "\n\na=1\n\n\nb=2\n\n", {{"a", "1"}, {"b", "2"}}},
        OutputCase{"WhitespaceLineIsInvalid", "a=1\n  \n", {{"a", "1"}}, "Invalid format '  '", 2},
        OutputCase{"DuplicatesKeptInOrder", "a=1\nA=2\na=3", {{"a", "1"}, {"A", "2"}, {"a", "3"}}},
        OutputCase{"Heredoc", "a<<EOF\nline 1\nline 2\nEOF\n", {{"a", "line 1\nline 2"}}},
        OutputCase{"HeredocEmpty", "a<<EOF\nEOF", {{"a", ""}}},
        OutputCase{"HeredocOneEmptyLine", "a<<EOF\n\nEOF", {{"a", ""}}},
        OutputCase{"HeredocTwoEmptyLines", "a<<EOF\n\n\nEOF", {{"a", "\n"}}},
        // A CRLF file: the `\r` belongs to the delimiter and to every value line.
        OutputCase{"HeredocCrlfFile", "a<<EOF\r\nx\r\nEOF\r\nb=1", {{"a", "x\r"}, {"b", "1"}}},
        OutputCase{"HeredocCrOnlyInBody", "a<<EOF\nx\r\nEOF\r\n", {}, "Invalid value. Matching delimiter not found 'EOF'", 1},
        OutputCase{"HeredocDelimiterWithEquals", "a<<=EOF\nx=1\n=EOF", {{"a", "x=1"}}},
        OutputCase{"HeredocDelimiterMustMatchExactly", "a<<EOF\nEOF \n EOF\nEOF", {{"a", "EOF \n EOF"}}},
        OutputCase{"EqualsBeforeHeredoc", "a=b<<EOF", {{"a", "b<<EOF"}}},
        OutputCase{"HeredocBeforeEquals", "a<<E=F\nv\nE=F", {{"a", "v"}}},
        OutputCase{"HeredocThenMore", "a<<X\n1\nX\nb=2\n", {{"a", "1"}, {"b", "2"}}},
        OutputCase{"HeredocValueLooksLikePairs", "a<<X\nb=2\nc<<Y\nX", {{"a", "b=2\nc<<Y"}}},
        OutputCase{"InvalidFormat", "a=1\njunk\nb=2", {{"a", "1"}}, "Invalid format 'junk'", 2},
        OutputCase{"EmptyHeredocName", "<<EOF\nx\nEOF",
                   {}, "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty", 1},
        OutputCase{"EmptyDelimiter", "\na<<\nx",
                   {}, "Invalid format 'a<<'. Name must not be empty and delimiter must not be empty", 2},
        OutputCase{"MissingDelimiter", "a=1\nb<<EOF\nx\n", {{"a", "1"}}, "Invalid value. Matching delimiter not found 'EOF'", 2},
        OutputCase{"MissingDelimiterNoLines", "b<<EOF", {}, "Invalid value. Matching delimiter not found 'EOF'", 1},
        OutputCase{"EofMarkerMissingNewLine", "b<<EOF\nx\ny EOF", {}, "Invalid value. EOF marker missing new line.", 3},
        OutputCase{"LaterErrorKeepsEarlierPairs", "a=1\nb=2\n?", {{"a", "1"}, {"b", "2"}}, "Invalid format '?'", 3}),
    [](const auto& info) { return std::string(info.param.name); });

// A Windows runner (actions/runner's ReadLine under `#if OS_WINDOWS`): a `\r` right before a `\n`
// belongs to the newline; a bare `\n` still ends a line; a lone `\r` or a final `\r` stays.
class OutputFileWindows : public ::testing::TestWithParam<OutputCase> {};

TEST_P(OutputFileWindows, Parses) {
  const auto& c = GetParam();
  auto result = parse_output_file(c.content, RunnerOs::Windows);
  EXPECT_EQ(result.pairs, c.pairs);
  if (c.error.empty()) {
    EXPECT_FALSE(result.error.has_value()) << result.error->message;
  } else {
    ASSERT_TRUE(result.error.has_value());
    EXPECT_EQ(result.error->message, c.error);
    EXPECT_EQ(result.error->line, c.error_line);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, OutputFileWindows,
    ::testing::Values(
        // `"SELECTED_COLOR=green" >> $env:GITHUB_OUTPUT` in pwsh on Windows writes CRLF.
        OutputCase{"PwshRedirectCrlf", "SELECTED_COLOR=green\r\n", {{"SELECTED_COLOR", "green"}}},
        OutputCase{"CrlfPairs", "a=1\r\nb=2\r\n", {{"a", "1"}, {"b", "2"}}},
        OutputCase{"LfStillEndsALine", "a=1\nb=2\r\nc=3", {{"a", "1"}, {"b", "2"}, {"c", "3"}}},
        OutputCase{"LoneCarriageReturnIsNotANewline", "a=1\rb=2", {{"a", "1\rb=2"}}},
        OutputCase{"FinalCarriageReturnWithoutNewlineStays", "a=1\r", {{"a", "1\r"}}},
        OutputCase{"TwoCarriageReturnsKeepOne", "a=1\r\r\n", {{"a", "1\r"}}},
        OutputCase{"EmptyCrlfLinesSkipped", "\r\n\r\na=1\r\n\r\n", {{"a", "1"}}},
        OutputCase{"CarriageReturnLineIsInvalidOnlyWhenAlone", "a=1\r\n\r\r\n", {{"a", "1"}}, "Invalid format '\r'", 2},
        OutputCase{"HeredocCrlfFile", "a<<EOF\r\nx\r\nEOF\r\nb=1", {{"a", "x"}, {"b", "1"}}},
        // Inner line endings stay as written; only the newline before the delimiter is dropped.
        OutputCase{"HeredocKeepsInnerCrlf", "a<<EOF\r\nline 1\r\nline 2\nEOF\r\n", {{"a", "line 1\r\nline 2"}}},
        OutputCase{"HeredocCrlfBeforeDelimiterDropped", "a<<EOF\nx\r\nEOF\n", {{"a", "x"}}},
        OutputCase{"HeredocEmptyCrlf", "a<<EOF\r\nEOF\r\n", {{"a", ""}}},
        OutputCase{"HeredocOneEmptyCrlfLine", "a<<EOF\r\n\r\nEOF", {{"a", ""}}},
        OutputCase{"HeredocDelimiterWithTrailingCrIsMissing", "a<<EOF\r\nx\r\nEOF\r", {}, "Invalid value. EOF marker missing new line.", 3},
        OutputCase{"InvalidFormatShowsLineWithoutCr", "a=1\r\njunk\r\n", {{"a", "1"}}, "Invalid format 'junk'", 2}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(OutputFile, LinuxAndMacOsKeepCarriageReturns) {
  const std::string content = "SELECTED_COLOR=green\r\n";
  EXPECT_EQ(parse_output_file(content).pairs, (Pairs{{"SELECTED_COLOR", "green\r"}}));
  EXPECT_EQ(parse_output_file(content, RunnerOs::Linux).pairs, (Pairs{{"SELECTED_COLOR", "green\r"}}));
  EXPECT_EQ(parse_output_file(content, RunnerOs::macOS).pairs, (Pairs{{"SELECTED_COLOR", "green\r"}}));
  EXPECT_EQ(parse_file_command(FileCommandKind::Output, content, RunnerOs::Windows).pairs, (Pairs{{"SELECTED_COLOR", "green"}}));
}

TEST(EnvFile, WindowsCrlf) {
  auto result = parse_env_file("A=1\r\nB<<E\r\nx\r\nE\r\n", RunnerOs::Windows);
  EXPECT_EQ(result.pairs, (Pairs{{"A", "1"}, {"B", "x"}}));
  EXPECT_FALSE(result.failed());
}

TEST(RunnerOs, FromName) {
  EXPECT_EQ(runner_os_from_name("Windows"), RunnerOs::Windows);
  EXPECT_EQ(runner_os_from_name("windows"), RunnerOs::Windows);
  EXPECT_EQ(runner_os_from_name("macOS"), RunnerOs::macOS);
  EXPECT_EQ(runner_os_from_name("Linux"), RunnerOs::Linux);
  EXPECT_EQ(runner_os_from_name(""), RunnerOs::Linux);
}

TEST(OutputFile, MissingFileIsNotAnError) {
  auto result = parse_output_file(std::nullopt);
  EXPECT_TRUE(result.pairs.empty());
  EXPECT_FALSE(result.failed());
}

TEST(OutputFile, FailureMessages) {
  EXPECT_EQ(failure_message(FileCommandKind::Output), "Unable to process file command 'output' successfully.");
  EXPECT_EQ(failure_message(FileCommandKind::Env), "Unable to process file command 'env' successfully.");
}

TEST(OutputFile, MergeIsCaseInsensitiveAndKeepsFirstSpelling) {
  ObjectData outputs;
  merge_outputs(outputs, parse_output_file("foo=1\nbar=2\nFOO=3\n").pairs);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs.entries()[0].first, "foo");
  EXPECT_EQ(outputs.entries()[0].second.as_string(), "3");
  EXPECT_EQ(outputs.entries()[1].first, "bar");
  EXPECT_EQ(outputs.find("Foo")->as_string(), "3");
}

TEST(OutputFile, LargeInputIsLinear) {
  std::string content;
  for (int i = 0; i < 200000; ++i) content += "k" + std::to_string(i % 100) + "=v\n";
  auto result = parse_output_file(content);
  EXPECT_EQ(result.pairs.size(), 200000u);
  ObjectData outputs;
  merge_outputs(outputs, result.pairs);
  EXPECT_EQ(outputs.size(), 100u);
}

struct EnvCase {
  const char* name;
  std::string content;
  Pairs env;  // after merge_env
  std::vector<std::string> issues;
  std::string error;
};

class EnvFile : public ::testing::TestWithParam<EnvCase> {};

TEST_P(EnvFile, Parses) {
  const auto& c = GetParam();
  auto result = parse_env_file(c.content);
  Pairs env;
  merge_env(env, result.pairs);
  EXPECT_EQ(env, c.env);
  std::vector<std::string> issues;
  for (const auto& issue : result.issues) issues.push_back(issue.message);
  EXPECT_EQ(issues, c.issues);
  EXPECT_EQ(result.error ? result.error->message : std::string(), c.error);
}

const std::string kNodeOptions = "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.";

INSTANTIATE_TEST_SUITE_P(
    Cases, EnvFile,
    ::testing::Values(
        EnvCase{"Simple", "A=1\nB=2", {{"A", "1"}, {"B", "2"}}, {}, ""},
        EnvCase{"CaseSensitiveNames", "a=1\nA=2\na=3", {{"a", "3"}, {"A", "2"}}, {}, ""},
        EnvCase{"NodeOptionsRefused", "NODE_OPTIONS=x\nA=1", {{"A", "1"}}, {kNodeOptions}, ""},
        EnvCase{"NodeOptionsAnyCase", "node_options<<E\nx\nE", {}, {kNodeOptions}, ""},
        EnvCase{"Heredoc", "A<<E\n1\n2\nE\n", {{"A", "1\n2"}}, {}, ""},
        EnvCase{"SameErrorsAsOutput", "A=1\nB", {{"A", "1"}}, {}, "Invalid format 'B'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(EnvFile, MergeReplacesExistingValue) {
  Pairs env = {{"PATH_LIKE", "old"}, {"KEEP", "k"}};
  merge_env(env, {{"PATH_LIKE", "new"}, {"ADDED", "a"}});
  EXPECT_EQ(env, (Pairs{{"PATH_LIKE", "new"}, {"KEEP", "k"}, {"ADDED", "a"}}));
}

}  // namespace
}  // namespace ghaplay::runner
