#pragma once
// Reads the files a step writes through `$GITHUB_OUTPUT` and `$GITHUB_ENV`, the way actions/runner's
// FileCommandManager (EnvFileKeyValuePairs, SetOutputFileCommand, SetEnvFileCommand) reads them.
// See SEMANTICS.md §1.
//
// The runner enumerates pairs lazily and applies each one as it comes: the pairs before a format
// error still take effect, then the step fails. `FileCommandResult` keeps the same shape: `pairs`
// holds everything read before `error`.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghaplay/value.h"

namespace ghaplay::runner {

// The runner's operating system decides what ends a line. actions/runner's ReadLine (in
// FileCommandManager.cs) does not use Environment.NewLine: a line always ends at the first `\n`,
// and only a runner built for Windows (`#if OS_WINDOWS`) also drops a `\r` right before that `\n`.
// So on Linux and macOS `a=1\r\n` sets `1\r`; on Windows it sets `1`, and a bare `\n` still ends
// a line there. A lone `\r` never ends a line.
enum class RunnerOs { Linux, Windows, macOS };

// "Windows" -> Windows, "macOS" -> macOS, anything else -> Linux (the `runner.os` spellings).
RunnerOs runner_os_from_name(std::string_view name);

// Which file: the runner names them by their context name in its messages.
enum class FileCommandKind { Output, Env };

const char* context_name(FileCommandKind kind);  // "output" | "env"

struct FileCommandError {
  std::string message;  // word for word, e.g. "Invalid format 'abc'"
  int line = 0;         // 1-based line of the file where the runner gave up (see file_commands.cc)
};

// Something reported without failing the step (the NODE_OPTIONS refusal is an error annotation,
// but the step goes on).
struct FileCommandIssue {
  std::string message;
  int line = 0;
};

struct FileCommandResult {
  std::vector<std::pair<std::string, std::string>> pairs;  // file order; duplicates kept as written
  std::optional<FileCommandError> error;
  std::vector<FileCommandIssue> issues;

  bool failed() const { return error.has_value(); }
};

// Parses the content of the file; `std::nullopt` means the step deleted it (no pairs, no error,
// as the runner only logs a debug line then). `os` is the runner's: see RunnerOs for line endings.
FileCommandResult parse_file_command(FileCommandKind kind, std::optional<std::string_view> content,
                                     RunnerOs os = RunnerOs::Linux);

inline FileCommandResult parse_output_file(std::optional<std::string_view> content, RunnerOs os = RunnerOs::Linux) {
  return parse_file_command(FileCommandKind::Output, content, os);
}
inline FileCommandResult parse_env_file(std::optional<std::string_view> content, RunnerOs os = RunnerOs::Linux) {
  return parse_file_command(FileCommandKind::Env, content, os);
}

// The step-failure message the runner logs before the error itself:
// "Unable to process file command 'output' successfully."
std::string failure_message(FileCommandKind kind);

// Applies pairs to a step's outputs: names are case-insensitive, a later write replaces the value
// and keeps the first spelling (ObjectData::set).
void merge_outputs(ObjectData& outputs, const std::vector<std::pair<std::string, std::string>>& pairs);

// Applies pairs to the job's env, ordered by first appearance. Environment variable names are
// case-sensitive on Linux: `foo` and `FOO` are two variables.
void merge_env(std::vector<std::pair<std::string, std::string>>& env,
               const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace ghaplay::runner
