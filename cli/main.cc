// ghaplay: the engine in a terminal. Each subcommand lives in its own file.
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: ghaplay <command> [options]\n"
    "\n"
    "commands:\n"
    "  eval EXPRESSION [--context FILE]   evaluate a GitHub Actions expression\n"
    "  simulate WORKFLOW [--scenario FILE] [--format text|json]\n"
    "                                     simulate a run: job outputs, needs, step logs, warnings\n"
    "  check WORKFLOW [--format text|json]  load a workflow and print its diagnostics\n"
    "  codes                              list every diagnostic code\n"
    "  version                            print the version\n"
    "\n"
    "Run 'ghaplay <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string_view command = argv[1];
  ghaplay::cli::Arguments args(argv + 2, argv + argc);
  if (command == "eval") return ghaplay::cli::run_eval(args);
  if (command == "check") return ghaplay::cli::run_check(args);
  if (command == "simulate") return ghaplay::cli::run_simulate(args);
  if (command == "codes") return ghaplay::cli::run_codes(args);
  if (command == "version" || command == "--version") {
    std::cout << "ghaplay " << GHAPLAY_VERSION << "\n";
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "ghaplay: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
