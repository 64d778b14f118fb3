// The `$GITHUB_OUTPUT` / `$GITHUB_ENV` file parser (runner/file_commands.h) and the workflow
// commands a step prints (runner/workflow_commands.h). Input: one byte choosing the file and the
// runner's OS, then the file's content (also read as a step's log).
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_input.h"
#include "runner/file_commands.h"
#include "runner/workflow_commands.h"

using namespace ghaplay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  std::string_view content = fuzz::as_text(data + 1, size - 1);
  auto kind = (selector & 1) ? runner::FileCommandKind::Env : runner::FileCommandKind::Output;
  auto os = (selector & 6) == 2 ? runner::RunnerOs::Windows
            : (selector & 6) == 4 ? runner::RunnerOs::macOS
                                  : runner::RunnerOs::Linux;
  auto parsed = runner::parse_file_command(kind, (selector & 8) ? std::nullopt : std::optional(content), os);
  ObjectData outputs;
  runner::merge_outputs(outputs, parsed.pairs);
  std::vector<std::pair<std::string, std::string>> env;
  runner::merge_env(env, parsed.pairs);

  runner::WorkflowCommandOptions options;
  options.allow_unsecure_commands = selector & 16;
  options.allow_unsecure_stop_tokens = selector & 32;
  options.echo = selector & 64;
  auto commands = runner::process_workflow_commands(content, options);
  runner::merge_outputs(outputs, commands.outputs);
  return 0;
}
