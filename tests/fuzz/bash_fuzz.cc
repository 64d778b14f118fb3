// The bash subset of `run:` steps (scripts/script.h): any text as a script, run with the
// simulator's environment and step budget; then what it wrote to $GITHUB_OUTPUT, read as the
// runner reads it.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "runner/file_commands.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = ghaplay::fuzz::script_input(ghaplay::fuzz::as_text(data, size));
  ghaplay::scripts::ScriptResult result = ghaplay::scripts::run_bash(input);
  auto output = result.files.find(input.env["GITHUB_OUTPUT"]);
  if (output != result.files.end()) ghaplay::runner::parse_output_file(output->second);
  return 0;
}
