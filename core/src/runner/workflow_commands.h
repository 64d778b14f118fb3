#pragma once
// Workflow commands in a step's output (`::set-output name=x::v`, `::warning file=a::m`, ...), read
// the way actions/runner reads them: ActionCommand.TryParseV2 / TryParse for one line, and
// ActionCommandManager for what each command does, including `::stop-commands::`. SEMANTICS.md §2.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghaplay/diagnostic.h"

namespace ghaplay::runner {

// The command names actions/runner registers: stop-commands and every command extension
// (internal-set-repo-path only while a plugin runs, so not here). Matched case-insensitively.
const std::vector<std::string>& registered_commands();

// One line read as a command.
struct ParsedCommand {
  std::string name;  // as written (the runner matches it case-insensitively)
  // Unescaped values, in order. Keys are case-insensitive: a repeated key replaces the value and
  // keeps its first spelling. Entries whose key or value is empty are dropped, as the runner does.
  std::vector<std::pair<std::string, std::string>> properties;
  std::string data;     // unescaped
  bool legacy = false;  // the old `##[name k=v;]data` form

  const std::string* property(std::string_view key) const;
};

// ActionCommand.TryParseV2 (`::name k=v,k2=v2::data` after leading white space), then, failing
// that, ActionCommand.TryParse (`##[name k=v;k2=v2]data` anywhere in the line). Only names in
// `registered` count. std::nullopt when the line is ordinary output.
std::optional<ParsedCommand> parse_command_line(std::string_view line,
                                                const std::vector<std::string>& registered = registered_commands());

// Unescaping, exposed for tests: data `%0D %0A %25`; properties also `%3A %2C`; legacy `%3B %0D
// %0A %5D %25`. `%25` always last, so `%253A` becomes `%3A`.
std::string unescape_data(std::string_view s);
std::string unescape_property(std::string_view s);
std::string unescape_legacy(std::string_view s);

enum class CommandKind {
  SetOutput, SaveState, SetEnv, AddPath, AddMask, Debug, Warning, Error, Notice, Group, EndGroup,
  Echo, AddMatcher, RemoveMatcher, StopCommands, ResumeCommands
};

const char* command_kind_name(CommandKind kind);  // the command's name: "set-output", ...

// What the runner logs about a command: deprecation warnings, refusals, the error that fails the
// step. The text is word for word, without the `##[warning]` prefix.
struct CommandMessage {
  Severity severity = Severity::Error;
  std::string text;
};

struct WorkflowCommand {
  CommandKind kind = CommandKind::Debug;
  ParsedCommand parsed;
  int line = 0;  // 1-based line of the step's output
  std::vector<CommandMessage> messages;
  bool fails_step = false;  // the runner sets the step's result to failure
};

struct WorkflowCommandOptions {
  bool allow_unsecure_commands = false;     // ACTIONS_ALLOW_UNSECURE_COMMANDS=true (set-env, add-path)
  bool allow_unsecure_stop_tokens = false;  // ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS=true
  bool echo = false;                        // ACTIONS_STEP_DEBUG turns command echo on
};

struct WorkflowCommandsResult {
  std::vector<WorkflowCommand> commands;  // every line the runner processed as a command, in order
  // What the commands did, folded in order (only commands that succeeded):
  std::vector<std::pair<std::string, std::string>> outputs;  // set-output name, value
  std::vector<std::pair<std::string, std::string>> state;    // save-state
  std::vector<std::pair<std::string, std::string>> env;      // set-env (only when allowed)
  std::vector<std::string> paths;                            // add-path (only when allowed)
  std::vector<std::string> masks;                            // add-mask values
  // The step's log as the runner writes it: command lines consumed, `##[group]title`,
  // `##[warning]message`..., masked values shown as `***`.
  std::vector<std::string> log;
  bool failed = false;
};

// Splits the output into lines as .NET's StreamReader.ReadLine does (`\n`, `\r\n` or `\r`) and
// processes every line in order.
WorkflowCommandsResult process_workflow_commands(std::string_view output, const WorkflowCommandOptions& options = {});

// Word-for-word runner texts, for callers and tests.
std::string deprecated_command_message(std::string_view command);  // set-output, save-state
std::string disabled_command_message(std::string_view command);    // set-env, add-path
extern const char* const kInvalidStopTokenMessage;

}  // namespace ghaplay::runner
