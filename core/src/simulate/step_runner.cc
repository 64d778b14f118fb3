#include "simulate/step_runner.h"

#include "common/text.h"
#include "expr/coercion.h"
#include "runner/file_commands.h"
#include "runner/workflow_commands.h"
#include "scripts/script.h"
#include "simulate/contexts.h"

namespace ghaplay::sim {
namespace {

std::string mask(std::string text, const std::vector<std::string>& masked) {
  for (const auto& secret : masked) {
    if (secret.empty()) continue;
    std::size_t at = 0;
    while ((at = text.find(secret, at)) != std::string::npos) {
      text.replace(at, secret.size(), "***");
      at += 3;
    }
  }
  return text;
}

// Maps a 1-based line and column of the substituted script back into the workflow file, through
// the `run:` template (exact when substitutions add no line breaks, which is the common case).
SourcePosition locate_in_script(const Template& tmpl, int line, int column) {
  int current_line = 1;
  for (const auto& part : tmpl.parts()) {
    if (!part.is_expression()) {
      std::size_t offset = 0;
      while (current_line < line) {
        std::size_t newline = part.text.find('\n', offset);
        if (newline == std::string::npos) break;
        offset = newline + 1;
        ++current_line;
      }
      if (current_line == line) {
        std::size_t end_of_line = part.text.find('\n', offset);
        std::size_t limit = end_of_line == std::string::npos ? part.text.size() : end_of_line;
        std::size_t at = std::min(offset + static_cast<std::size_t>(std::max(column, 1) - 1), limit);
        return part.position_at(at);
      }
    }
  }
  return tmpl.position();
}

struct NamedInterpreter {
  std::string_view name;
  ScriptRuns::Interpreter run = nullptr;
};

// The interpreter of a shell's program, or none for a shell ghaplay does not simulate.
NamedInterpreter interpreter_of(std::string_view program) {
  if (program == "bash" || program == "sh") return {"bash", scripts::run_bash};
  if (program == "pwsh" || program == "powershell") return {"pwsh", scripts::run_pwsh};
  if (program == "python" || program == "python3") return {"python", scripts::run_python};
  return {};
}

// The runner's file-command paths of a step, in its environment and as empty files.
void add_file_commands(scripts::ScriptInput& input, const FileCommandPaths& paths) {
  input.env["GITHUB_OUTPUT"] = paths.output;
  input.env["GITHUB_ENV"] = paths.env;
  input.env["GITHUB_PATH"] = paths.path;
  input.env["GITHUB_STATE"] = paths.state;
  input.env["GITHUB_STEP_SUMMARY"] = paths.step_summary;
  for (const std::string* path : {&paths.output, &paths.env, &paths.path, &paths.state, &paths.step_summary})
    input.files.emplace(*path, std::string());
}

// The run's result, or null when ghaplay does not simulate the shell. `input` lacks its
// file-command paths, which depend on the step's index alone: a run answered from an earlier
// identical one (ScriptRuns) never builds them.
std::shared_ptr<const scripts::ScriptResult> run_script(const std::string& shell, scripts::ScriptInput input,
                                                        std::size_t step_index, const FileCommandPaths& paths,
                                                        ScriptRuns* runs) {
  NamedInterpreter interpreter = interpreter_of(std::string_view(shell).substr(0, shell.find(' ')));
  if (!interpreter.run) return nullptr;
  if (!runs) {
    add_file_commands(input, paths);
    return std::make_shared<const scripts::ScriptResult>(interpreter.run(input));
  }
  return runs->run(interpreter.name, interpreter.run, std::move(input), "step " + std::to_string(step_index),
                   [&paths](scripts::ScriptInput& completed) { add_file_commands(completed, paths); });
}

}  // namespace

std::string default_step_name(const workflow::Step& step) {
  if (step.run) {
    std::string_view script = text::trim(step.run->text);
    return "Run " + std::string(script.substr(0, script.find('\n')));
  }
  if (step.uses) return "Run " + step.uses->text;
  return "Step " + std::to_string(step.index + 1);
}

StepShell resolve_shell(const workflow::Workflow& workflow, const workflow::Job& job, const workflow::Step& step,
                        const std::string& runner_os) {
  for (const auto* named : {&step.shell, &job.default_shell, &workflow.default_shell}) {
    if (!*named || (*named)->text.empty()) continue;
    const std::string& name = (*named)->text;
    if (name == "bash") return {name, "bash --noprofile --norc -eo pipefail {0}"};
    if (name == "sh") return {name, "sh -e {0}"};
    return {name, name};
  }
  if (runner_os == "Windows") return {"pwsh", "pwsh -command \". '{0}'\""};
  return {"bash", "bash -e {0}"};
}

StepOutcome run_step(StepInput input) {
  StepOutcome result;
  const auto& step = *input.step;
  const auto& job = *input.job;
  std::string label = step.label();
  auto diagnose = [&](Severity severity, DiagnosticCode code, std::string message, SourcePosition where) {
    result.diagnostics.push_back({severity, code, std::move(message), where, job.id, label});
  };
  std::vector<std::string> masked = std::move(input.masked);

  // What the script printed, and its files when it ends; the result may be an earlier leg's.
  std::shared_ptr<const scripts::ScriptResult> ran;
  std::string_view printed;
  std::string printed_with_exit_code;  // when the script failed, its log and the runner's line
  const FileCommandPaths& paths = *input.file_command_paths;

  if (step.run) {
    auto script = evaluate(step.run->tmpl, *input.context, workflow::parse_options(workflow::Place::Step));
    if (auto* error = std::get_if<TemplateError>(&script)) {
      result.outcome = "failure";
      result.log = "Error: The template is not valid. " + error->message + "\n";
      diagnose(Severity::Error, DiagnosticCode::ExpressionEvaluation, error->message, error->position);
      return result;
    }
    StepShell shell = resolve_shell(*input.workflow, job, step, input.runner_os);
    scripts::ScriptInput script_input;
    script_input.source = expr::to_display_string(std::get<Value>(script));
    script_input.env = std::move(input.environment);
    script_input.base_env = input.base_environment;
    script_input.cache = input.script_cache;
    script_input.step_budget = input.step_budget;
    script_input.command_line = shell.command_line;
    ran = run_script(shell.name, std::move(script_input), step.index, paths, input.script_runs);
    if (!ran) {
      diagnose(Severity::Notice, DiagnosticCode::UnsimulatedCommand,
               "ghaplay does not simulate the shell '" + shell.name +
                   "': the step succeeds with no outputs. Give its outputs in the scenario, or use bash, pwsh or python.",
               step.shell ? step.shell->position : step.run->position);
    } else {
      result.work = ran->work;
      result.reusable = ran->reusable;
      printed = ran->log;
      if (ran->exit_code != 0) result.outcome = "failure";
      for (const auto& notice : ran->notices) {
        std::string message = notice.message;
        if (notice.kind == scripts::ScriptNotice::Kind::BudgetExhausted && !input.budget_note.empty())
          message += " " + input.budget_note;
        if (notice.feeds_output)
          message += " Its output would reach $GITHUB_OUTPUT: set this step's outputs in the scenario, e.g. "
                     "{\"steps\": [{\"job\": \"" + job.id + "\", \"step\": \"" + label + "\", \"outputs\": {\"name\": \"value\"}}]}.";
        Severity severity = notice.kind == scripts::ScriptNotice::Kind::BudgetExhausted ? Severity::Warning : Severity::Notice;
        DiagnosticCode code = notice.kind == scripts::ScriptNotice::Kind::BudgetExhausted ? DiagnosticCode::LimitExceeded
                                                                                          : DiagnosticCode::UnsimulatedCommand;
        diagnose(severity, code, std::move(message), locate_in_script(step.run->tmpl, notice.line, notice.column));
      }
      if (ran->exit_code != 0) {
        printed_with_exit_code =
            ran->log + "Error: Process completed with exit code " + std::to_string(ran->exit_code) + ".\n";
        printed = printed_with_exit_code;
      }
    }
  }

  // Workflow commands in what the step printed (set-output, add-mask, annotations...).
  auto commands = runner::process_workflow_commands(printed);
  for (const auto& value : commands.masks) {
    result.masks.push_back(value);
    masked.push_back(value);
  }
  for (const auto& command : commands.commands) {
    SourcePosition where = step.run ? step.run->position : step.position;
    for (const auto& message : command.messages) {
      DiagnosticCode code = command.kind == runner::CommandKind::SetOutput ? DiagnosticCode::DeprecatedSetOutput
                                                                            : DiagnosticCode::Annotation;
      diagnose(message.severity, code, message.text, where);
    }
    if (command.kind == runner::CommandKind::Warning || command.kind == runner::CommandKind::Error ||
        command.kind == runner::CommandKind::Notice) {
      Severity severity = command.kind == runner::CommandKind::Error     ? Severity::Error
                          : command.kind == runner::CommandKind::Warning ? Severity::Warning
                                                                         : Severity::Notice;
      diagnose(severity, DiagnosticCode::Annotation, mask(command.parsed.data, masked), where);
    }
  }
  if (commands.failed) result.outcome = "failure";
  runner::merge_outputs(result.outputs.as_object(), commands.outputs);
  std::string log;
  for (const auto& line : commands.log) log += line + "\n";

  // File commands, read after the step ends, also when it failed (§1).
  if (ran) {
    auto read = [&](const std::string& path) -> std::optional<std::string_view> {
      auto found = ran->files.find(path);
      if (found == ran->files.end()) return std::nullopt;
      return std::string_view(found->second);
    };
    auto os = runner::runner_os_from_name(input.runner_os);
    auto output_file = runner::parse_output_file(read(paths.output), os);
    runner::merge_outputs(result.outputs.as_object(), output_file.pairs);
    auto env_file = runner::parse_env_file(read(paths.env), os);
    result.env_additions = env_file.pairs;
    for (const auto& issue : env_file.issues) {
      log += "Error: " + issue.message + "\n";
      diagnose(Severity::Error, DiagnosticCode::OutputFileFormat, issue.message, step.run->position);
    }
    for (const auto* parsed : {&output_file, &env_file}) {
      if (!parsed->error) continue;
      auto kind = parsed == &output_file ? runner::FileCommandKind::Output : runner::FileCommandKind::Env;
      result.outcome = "failure";
      log += "Error: " + runner::failure_message(kind) + "\nError: " + parsed->error->message + "\n";
      diagnose(Severity::Error, DiagnosticCode::OutputFileFormat,
               runner::failure_message(kind) + " " + parsed->error->message + " (line " +
                   std::to_string(parsed->error->line) + " of $GITHUB_" +
                   (kind == runner::FileCommandKind::Output ? "OUTPUT" : "ENV") +
                   "). Write name=value, or name<<DELIMITER then the lines and DELIMITER alone on a line.",
               step.run->position);
    }
  }

  // What the scenario says wins over what the simulation found.
  if (input.override_entry) {
    if (input.override_entry->outputs.is_object())
      for (const auto& [name, value] : input.override_entry->outputs.as_object()) result.outputs.as_object().set(name, value);
    if (input.override_entry->outcome) result.outcome = *input.override_entry->outcome;
  }
  result.log = mask(std::move(log), masked);
  return result;
}

}  // namespace ghaplay::sim
