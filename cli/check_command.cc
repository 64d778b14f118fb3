// `ghaplay check WORKFLOW [--format text|json]`: load a workflow and print what is wrong with it.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/diagnostic_printer.h"
#include "cli/input_file.h"
#include "checks/static_checks.h"
#include "ghaplay/workflow.h"
#include "json/diagnostics_json.h"

namespace ghaplay::cli {
namespace {

constexpr const char* kUsage =
    "usage: ghaplay check WORKFLOW [--format text|json]\n"
    "\n"
    "Loads a GitHub Actions workflow and prints its diagnostics: YAML errors, unknown keys, wrong\n"
    "values, `needs` naming unknown jobs or forming cycles, `${{ }}` expressions that do not parse,\n"
    "and references that can only read '' (needs.X of a job not in needs:, steps.X of no earlier step,\n"
    "needs.X.outputs.Y that X never declares).\n"
    "\n"
    "  WORKFLOW         the workflow file; `-` reads standard input\n"
    "  --format text    (default) `file:line:col: severity: message [code]`, then the line and a caret\n"
    "  --format json    {\"diagnostics\":[{\"severity\",\"code\",\"message\",\"line\",\"column\",\"job\",\"step\"}]}\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 when there is no error (warnings and notices may remain), 1 when there is an\n"
    "error, 2 for wrong usage or a file that cannot be read. `ghaplay codes` lists every code.\n";

int usage_error(const std::string& message) {
  std::cerr << "ghaplay check: " << message << "\n\n" << kUsage;
  return 2;
}

}  // namespace

int run_check(const Arguments& args) {
  std::string format = "text";
  std::string path;
  bool have_path = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
      if (arg == "--format") {
        if (i + 1 == args.size()) return usage_error("--format needs a value: text or json");
        format = args[++i];
      } else {
        format = arg.substr(std::strlen("--format="));
      }
      if (format != "text" && format != "json") return usage_error("unknown format '" + format + "' (text or json)");
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') return usage_error("unknown option '" + arg + "'");
    if (have_path) return usage_error("one workflow at a time ('" + path + "' and '" + arg + "' given)");
    path = arg;
    have_path = true;
  }
  if (!have_path) return usage_error("missing WORKFLOW (a file, or - for standard input)");

  std::string text;
  std::string problem;
  // At most one byte past the limit is read: the loader then reports input-too-large.
  if (!read_input(path, workflow::kMaxWorkflowBytes, text, problem)) {
    std::cerr << "ghaplay check: " << problem << "\n";
    return 2;
  }
  auto result = checks::load_and_check(text);
  if (format == "json") {
    std::cout << json::diagnostics_json(result.diagnostics) << "\n";
  } else {
    print_diagnostics(std::cout, path == "-" ? "<stdin>" : path, text, result.diagnostics);
  }
  return has_errors(result.diagnostics) ? 1 : 0;
}

}  // namespace ghaplay::cli
