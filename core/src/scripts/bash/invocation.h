#pragma once
// How a bash command line starts a shell: its options (-e, -u, -x, -o NAME, + to turn off), -c,
// and where its operands begin. One reading for `bash -c '...'` inside a script and for the
// runner's own command line (`bash --noprofile --norc -eo pipefail {0}`, a custom `shell:`).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scripts/bash/state.h"

namespace ghaplay::scripts::bash {

struct Invocation {
  Options options;
  bool has_command = false;  // -c: the first operand is the script's text
  std::size_t operand = 0;   // index in args of the first operand (args.size() when none)
};

// args[0] is the shell's name; long options (--noprofile, --norc) are skipped, `--` ends options.
Invocation parse_invocation(const std::vector<std::string>& args);

// A command line split at blanks, as the runner splits a `shell:` value.
std::vector<std::string> split_command_line(std::string_view command_line);

}  // namespace ghaplay::scripts::bash
