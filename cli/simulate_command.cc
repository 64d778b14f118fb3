// `ghaplay simulate WORKFLOW [--scenario FILE] [--format json|text]`.
#include <unistd.h>

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/diagnostic_printer.h"
#include "cli/input_file.h"
#include "ghaplay/simulation.h"
#include "ghaplay/workflow.h"

namespace ghaplay::cli {
namespace {

constexpr const char* kUsage =
    "usage: ghaplay simulate WORKFLOW [--scenario FILE] [--format text|json]\n"
    "\n"
    "Simulates a run of a GitHub Actions workflow and shows what GitHub would compute: each job's\n"
    "result and outputs, the needs context and toJSON(needs) each job receives, every step's\n"
    "outcome, outputs and log, and warnings such as matrix legs overriding each other's outputs.\n"
    "\n"
    "  WORKFLOW          the workflow file; `-` reads standard input\n"
    "  --scenario FILE   what the file cannot say: secrets, vars, inputs, github overrides, step\n"
    "                    outputs and outcomes, and the order matrix legs finish in, e.g.\n"
    "                    {\"steps\":[{\"job\":\"build\",\"step\":\"version\",\"outputs\":{\"v\":\"1\"}}],\"order\":\"reverse\"}\n"
    "  --format text     (default) a readable report\n"
    "  --format json     the result of schema/result.schema.json\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 when it ran (whatever the jobs' results), 1 when the workflow is invalid (GitHub\n"
    "would refuse to start it), 2 for wrong usage or a file that cannot be read.\n";

int usage_error(const std::string& message) {
  std::cerr << "ghaplay simulate: " << message << "\n\n" << kUsage;
  return 2;
}

struct Style {
  bool color = false;
  std::string on(const char* code) const { return color ? std::string("\033[") + code + "m" : ""; }
  std::string off() const { return color ? "\033[0m" : ""; }
};

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

const char* result_color(const std::string& result) {
  if (result == "success") return "32";
  if (result == "failure") return "31";
  if (result == "cancelled") return "33";
  return "90";
}

void print_outputs(std::ostream& out, const Value& outputs, const std::string& prefix) {
  if (outputs.as_object().empty()) {
    out << prefix << "(none)\n";
    return;
  }
  for (const auto& [name, value] : outputs.as_object()) {
    std::string text = value.as_string();
    if (text.find('\n') == std::string::npos) {
      out << prefix << name << " = " << text << "\n";
    } else {
      out << prefix << name << " =\n" << indent(text, prefix + "  | ");
    }
  }
}

void print_report(std::ostream& out, const SimulationResult& result, const Style& style) {
  for (const auto& job : result.jobs) {
    out << style.on("1") << "job " << job.id << style.off();
    if (job.name != job.id) out << " (" << job.name << ")";
    out << ": " << style.on(result_color(job.result)) << job.result << style.off() << "\n";
    out << "  needs (toJSON):\n" << indent(job.needs_json, "    ");
    out << "  outputs:\n";
    print_outputs(out, job.outputs, "    ");
    for (const auto& run : job.runs) {
      if (job.runs.size() > 1 || run.name != job.id) {
        out << "  leg " << run.name << ": " << style.on(result_color(run.result)) << run.result << style.off()
            << " (finished " << run.finished << " of " << job.runs.size() << ")\n";
      }
      for (const auto& step : run.steps) {
        out << "    step " << (step.id.empty() ? step.name : step.id) << ": " << style.on(result_color(step.conclusion))
            << step.outcome << style.off();
        if (step.conclusion != step.outcome) out << " (conclusion " << step.conclusion << ")";
        out << "\n";
        if (!step.outputs.as_object().empty()) print_outputs(out, step.outputs, "      output ");
        if (!step.log.empty()) out << indent(step.log, "      | ");
      }
    }
    out << "\n";
  }
  if (!result.outputs.as_object().empty()) {
    out << style.on("1") << "workflow_call outputs" << style.off() << "\n";
    print_outputs(out, result.outputs, "  ");
    out << "\n";
  }
  out << "completion order: " << result.order << "\n";
}

}  // namespace

int run_simulate(const Arguments& args) {
  std::string format = "text";
  std::string path, scenario_path;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--format" || arg == "--scenario") {
      if (i + 1 == args.size()) return usage_error(arg + " needs a value");
      (arg == "--format" ? format : scenario_path) = args[++i];
      if (arg == "--format" && format != "text" && format != "json")
        return usage_error("unknown format '" + format + "' (text or json)");
    } else if (path.empty() && (arg == "-" || arg.empty() || arg[0] != '-')) {
      path = arg;
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
  }
  if (path.empty()) return usage_error("missing WORKFLOW");
  std::string yaml, scenario, problem;
  if (!read_input(path, workflow::kMaxWorkflowBytes, yaml, problem)) return usage_error(problem);
  if (!scenario_path.empty() && !read_input(scenario_path, kMaxScenarioBytes, scenario, problem))
    return usage_error(problem);

  SimulationResult result = simulate(yaml, scenario);
  if (format == "json") {
    std::cout << to_json(result) << "\n";
  } else {
    Style style{isatty(STDOUT_FILENO) == 1};
    print_report(std::cout, result, style);
    if (!result.diagnostics.empty()) {
      std::cout << "\n";
      print_diagnostics(std::cout, path == "-" ? "<stdin>" : path, yaml, result.diagnostics);
    }
  }
  return result.valid ? 0 : 1;
}

}  // namespace ghaplay::cli
