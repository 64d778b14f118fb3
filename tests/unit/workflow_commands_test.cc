// Workflow commands: one line's parse (table), then what a step's whole output does (table and
// focused cases), with the runner's messages word for word.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/workflow_commands.h"

namespace ghaplay::runner {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct ParseCase {
  const char* name;
  std::string line;
  bool parsed;
  std::string command;
  Pairs properties;
  std::string data;
  bool legacy = false;
};

class ParseLine : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseLine, Parses) {
  const auto& c = GetParam();
  auto parsed = parse_command_line(c.line);
  ASSERT_EQ(parsed.has_value(), c.parsed);
  if (!parsed) return;
  EXPECT_EQ(parsed->name, c.command);
  EXPECT_EQ(parsed->properties, c.properties);
  EXPECT_EQ(parsed->data, c.data);
  EXPECT_EQ(parsed->legacy, c.legacy);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseLine,
    ::testing::Values(
        ParseCase{"SetOutput", "::set-output name=x::hello", true, "set-output", {{"name", "x"}}, "hello"},
        ParseCase{"LeadingWhiteSpace", " \t ::debug::m", true, "debug", {}, "m"},
        ParseCase{"NoBreakSpaceIsWhiteSpace", "\xC2\xA0::debug::m", true, "debug", {}, "m"},
        ParseCase{"NameCaseInsensitive", "::SET-OUTPUT name=x::v", true, "SET-OUTPUT", {{"name", "x"}}, "v"},
        ParseCase{"UnknownCommand", "::do-something::x", false, "", {}, ""},
        ParseCase{"NoSecondSeparator", "::debug hello", false, "", {}, ""},
        ParseCase{"NotAtStart", "x ::debug::m", false, "", {}, ""},
        ParseCase{"Empty", "", false, "", {}, ""},
        ParseCase{"SpaceBeforeName", ":: debug::m", false, "", {}, ""},
        ParseCase{"DataKeepsColons", "::debug::a::b", true, "debug", {}, "a::b"},
        ParseCase{"DataUnescape", "::debug::a%0Db%0Ac%25d%3Ae%2C", true, "debug", {}, "a\rb\nc%d%3Ae%2C"},
        ParseCase{"DataPercent25Last", "::debug::%250A", true, "debug", {}, "%0A"},
        ParseCase{"DataLowerCaseEscapeKept", "::debug::%0a", true, "debug", {}, "%0a"},
        ParseCase{"PropertyUnescape", "::warning title=a%3Ab%2Cc%0Ad%25::m", true, "warning", {{"title", "a:b,c\nd%"}}, "m"},
        ParseCase{"PropertyPercent253A", "::warning title=%253A::m", true, "warning", {{"title", "%3A"}}, "m"},
        ParseCase{"PropertiesTrimmed", "::warning   file=a.txt,line=3  ::m", true, "warning", {{"file", "a.txt"}, {"line", "3"}}, "m"},
        ParseCase{"PropertyKeyNotTrimmed", "::warning file=a, line=3::m", true, "warning", {{"file", "a"}, {" line", "3"}}, "m"},
        ParseCase{"EmptyValuesDropped", "::set-output name=::v", true, "set-output", {}, "v"},
        ParseCase{"EmptyKeyDropped", "::set-output =x::v", true, "set-output", {}, "v"},
        ParseCase{"ValueMayHoldEquals", "::set-output name=a=b::v", true, "set-output", {{"name", "a=b"}}, "v"},
        ParseCase{"LeadingEqualsOfValueSkipped", "::set-output name==b::v", true, "set-output", {{"name", "b"}}, "v"},
        ParseCase{"RepeatedKeyLastWinsFirstSpelling", "::set-output Name=a,NAME=b::v", true, "set-output", {{"Name", "b"}}, "v"},
        ParseCase{"EmptyEntriesSkipped", "::set-output ,,name=a,,::v", true, "set-output", {{"name", "a"}}, "v"},
        ParseCase{"Legacy", "##[set-output name=x;]v%3Bw", true, "set-output", {{"name", "x"}}, "v;w", true},
        ParseCase{"LegacyAnywhere", "prefix ##[group]title", true, "group", {}, "title", true},
        ParseCase{"LegacyUnknown", "##[section]x", false, "", {}, ""},
        ParseCase{"LegacyNoBracket", "##[group title", false, "", {}, ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Unescape, Order) {
  EXPECT_EQ(unescape_data("%25%30A"), "%%30A");  // one pass per mapping, no second look
  EXPECT_EQ(unescape_property("%252C"), "%2C");
  EXPECT_EQ(unescape_legacy("%3B%5D%255D"), ";]%5D");
}

const std::string kSetOutputDeprecated =
    "The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment "
    "Files. For more information see: "
    "https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/";

TEST(Process, SetOutputWarnsAndSets) {
  auto result = process_workflow_commands("hello\n::set-output name=greeting::hi there\nbye\n");
  ASSERT_EQ(result.commands.size(), 1u);
  const auto& command = result.commands[0];
  EXPECT_EQ(command.kind, CommandKind::SetOutput);
  EXPECT_EQ(command.line, 2);
  ASSERT_EQ(command.messages.size(), 1u);
  EXPECT_EQ(command.messages[0].severity, Severity::Warning);
  EXPECT_EQ(command.messages[0].text, kSetOutputDeprecated);
  EXPECT_EQ(deprecated_command_message("set-output"), kSetOutputDeprecated);
  EXPECT_EQ(result.outputs, (Pairs{{"greeting", "hi there"}}));
  EXPECT_FALSE(result.failed);
  EXPECT_EQ(result.log, (std::vector<std::string>{"hello", "##[warning]" + kSetOutputDeprecated, "bye"}));
}

TEST(Process, SetOutputWithoutNameFails) {
  auto result = process_workflow_commands("::set-output::v");
  ASSERT_EQ(result.commands.size(), 1u);
  const auto& messages = result.commands[0].messages;
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].text, kSetOutputDeprecated);
  EXPECT_EQ(messages[1].text, "Unable to process command '::set-output::v' successfully.");
  EXPECT_EQ(messages[2].text, "Required field 'name' is missing in ##[set-output] command.");
  EXPECT_TRUE(result.commands[0].fails_step);
  EXPECT_TRUE(result.failed);
  EXPECT_TRUE(result.outputs.empty());
}

TEST(Process, SaveState) {
  auto result = process_workflow_commands("::save-state name=pid::42");
  EXPECT_EQ(result.state, (Pairs{{"pid", "42"}}));
  ASSERT_EQ(result.commands[0].messages.size(), 1u);
  EXPECT_EQ(result.commands[0].messages[0].text, deprecated_command_message("save-state"));
  auto missing = process_workflow_commands("::save-state::42");
  EXPECT_EQ(missing.commands[0].messages.back().text, "Required field 'name' is missing in ##[save-state] command.");
}

TEST(Process, SetEnvAndAddPathAreDisabled) {
  auto result = process_workflow_commands("::set-env name=A::1\n::add-path::/opt/bin\n");
  ASSERT_EQ(result.commands.size(), 2u);
  EXPECT_EQ(result.commands[0].messages[0].text, "Unable to process command '::set-env name=A::1' successfully.");
  EXPECT_EQ(result.commands[0].messages[1].text,
            "The `set-env` command is disabled. Please upgrade to using Environment Files or opt into unsecure "
            "command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. "
            "For more information see: "
            "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/");
  EXPECT_EQ(result.commands[1].messages[1].text, disabled_command_message("add-path"));
  EXPECT_TRUE(result.failed);
  EXPECT_TRUE(result.env.empty());
  EXPECT_TRUE(result.paths.empty());
}

TEST(Process, SetEnvWhenAllowed) {
  WorkflowCommandOptions options;
  options.allow_unsecure_commands = true;
  auto result = process_workflow_commands("::set-env name=A::1\n::set-env name=NODE_OPTIONS::x\n::add-path::/p", options);
  EXPECT_EQ(result.env, (Pairs{{"A", "1"}}));
  EXPECT_EQ(result.paths, (std::vector<std::string>{"/p"}));
  EXPECT_EQ(result.commands[1].messages[0].text, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
  EXPECT_FALSE(result.failed);
}

TEST(Process, AddMaskHidesLaterOutput) {
  auto result = process_workflow_commands("::add-mask::s3cret\nvalue is s3cret!\n::add-mask::  \n");
  EXPECT_EQ(result.masks, (std::vector<std::string>{"s3cret"}));
  EXPECT_EQ(result.log, (std::vector<std::string>{
                            "value is ***!", "##[warning]Can't add secret mask for empty string in ##[add-mask] command."}));
}

TEST(Process, AnnotationsKeepPositions) {
  auto result = process_workflow_commands(
      "::warning file=app.js,line=1,col=5,endColumn=7,title=Careful::Missing semicolon\n"
      "::error::boom\n"
      "::notice title=Note::fyi\n");
  ASSERT_EQ(result.commands.size(), 3u);
  EXPECT_EQ(result.commands[0].kind, CommandKind::Warning);
  EXPECT_EQ(result.commands[0].parsed.properties,
            (Pairs{{"file", "app.js"}, {"line", "1"}, {"col", "5"}, {"endColumn", "7"}, {"title", "Careful"}}));
  EXPECT_EQ(result.commands[1].kind, CommandKind::Error);
  EXPECT_EQ(result.commands[2].kind, CommandKind::Notice);
  EXPECT_FALSE(result.failed);  // an ::error:: annotation does not fail the step by itself
  EXPECT_EQ(result.log, (std::vector<std::string>{"##[warning]Missing semicolon", "##[error]boom", "##[notice]fyi"}));
}

struct PositionCase {
  const char* name;
  std::string line;
  Pairs properties;
};

class AnnotationPositions : public ::testing::TestWithParam<PositionCase> {};

TEST_P(AnnotationPositions, Validated) {
  auto result = process_workflow_commands(GetParam().line);
  ASSERT_EQ(result.commands.size(), 1u);
  EXPECT_EQ(result.commands[0].parsed.properties, GetParam().properties);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AnnotationPositions,
    ::testing::Values(
        PositionCase{"EndLineWithoutLine", "::error endLine=4::m", {{"endLine", "4"}, {"line", "4"}}},
        PositionCase{"ColumnWithoutLine", "::error col=3,endColumn=5::m", {}},
        PositionCase{"ColumnsOnDifferentLines", "::error line=1,endLine=2,col=3::m", {{"line", "1"}, {"endLine", "2"}}},
        PositionCase{"EndLineBeforeLine", "::error line=5,endLine=2::m", {}},
        PositionCase{"EndColumnBeforeColumn", "::error line=1,col=5,endColumn=2::m", {{"line", "1"}}},
        PositionCase{"NotNumbers", "::error line=x,col=y::m", {{"line", "x"}, {"col", "y"}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Process, GroupsAndDebug) {
  auto result = process_workflow_commands("::group::Build\nmake\n::endgroup::\n::debug::hidden\n");
  EXPECT_EQ(result.log, (std::vector<std::string>{"##[group]Build", "make", "##[endgroup]"}));
  ASSERT_EQ(result.commands.size(), 3u);
  EXPECT_EQ(result.commands[2].kind, CommandKind::Debug);
  EXPECT_EQ(result.commands[2].parsed.data, "hidden");
  EXPECT_EQ(result.commands[2].line, 4);
}

TEST(Process, StopCommandsSuspendsUntilToken) {
  auto result = process_workflow_commands(
      "::stop-commands::pause123\n"
      "::set-output name=a::ignored\n"
      "::PAUSE123::\n"
      "::set-output name=b::used\n");
  ASSERT_EQ(result.commands.size(), 3u);
  EXPECT_EQ(result.commands[0].kind, CommandKind::StopCommands);
  EXPECT_EQ(result.commands[1].kind, CommandKind::ResumeCommands);
  EXPECT_EQ(result.commands[1].line, 3);
  EXPECT_EQ(result.commands[2].kind, CommandKind::SetOutput);
  EXPECT_EQ(result.outputs, (Pairs{{"b", "used"}}));
  // The token is longer than 6 characters, so the runner masks it.
  EXPECT_EQ(result.log[0], "::stop-commands::***");
  EXPECT_EQ(result.log[1], "::set-output name=a::ignored");
  EXPECT_EQ(result.log[2], "::PAUSE123::");  // masking is case-sensitive
}

TEST(Process, StopTokenMustNotBeACommand) {
  for (std::string token : {"", "set-output", "Pause-Logging"}) {
    auto result = process_workflow_commands("::stop-commands::" + token + "\n::set-output name=a::1\n");
    ASSERT_GE(result.commands.size(), 1u);
    EXPECT_EQ(result.commands[0].messages.at(0).text, kInvalidStopTokenMessage) << token;
    EXPECT_TRUE(result.failed);
    EXPECT_EQ(result.outputs, (Pairs{{"a", "1"}})) << "commands were not stopped";
  }
}

TEST(Process, EchoShowsCommandLines) {
  auto result = process_workflow_commands("::echo::on\n::set-output name=a::1\n::add-mask::pw\n::echo::off\n::group::g\n");
  EXPECT_EQ(result.log, (std::vector<std::string>{"::set-output name=a::1", "##[warning]" + kSetOutputDeprecated,
                                                  "::add-mask::***", "::echo::off", "##[group]g"}));
  auto invalid = process_workflow_commands("::echo::maybe");
  EXPECT_EQ(invalid.commands[0].messages.back().text,
            "Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: 'maybe'.");
}

TEST(Process, LineEndingsLikeReadLine) {
  auto result = process_workflow_commands("a\r\n::set-output name=x::1\rb\n\n::set-output name=y::2");
  EXPECT_EQ(result.outputs, (Pairs{{"x", "1"}, {"y", "2"}}));
  EXPECT_EQ(result.commands[0].line, 2);
  EXPECT_EQ(result.commands[1].line, 5);
  EXPECT_EQ(result.log[0], "a");
  EXPECT_EQ(result.log[2], "b");
  EXPECT_EQ(result.log[3], "");
}

TEST(Process, LegacyCommandsStillWork) {
  auto result = process_workflow_commands("##[set-output name=x;]1");
  EXPECT_EQ(result.outputs, (Pairs{{"x", "1"}}));
}

TEST(Process, HostileInputStaysLinear) {
  std::string output;
  for (int i = 0; i < 20000; ++i) output += "::set-output name=n" + std::to_string(i) + "," + std::string(50, ',') + "::v\n";
  auto result = process_workflow_commands(output);
  EXPECT_EQ(result.outputs.size(), 20000u);
}

}  // namespace
}  // namespace ghaplay::runner
