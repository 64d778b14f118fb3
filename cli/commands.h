#pragma once
// The CLI's subcommands. Each returns the process exit code: 0 success, 1 a finding or an
// evaluation error, 2 wrong usage.

#include <string>
#include <vector>

namespace ghaplay::cli {

using Arguments = std::vector<std::string>;

int run_eval(const Arguments& args);
int run_check(const Arguments& args);
int run_simulate(const Arguments& args);
int run_codes(const Arguments& args);

}  // namespace ghaplay::cli
