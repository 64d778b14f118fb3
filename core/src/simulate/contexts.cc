#include "simulate/contexts.h"

#include "common/text.h"
#include "expr/coercion.h"

namespace ghaplay::sim {
namespace {

constexpr const char* kRepository = "octo-org/octo-repo";
constexpr const char* kSha = "ffac537e6cbbf934b08745a378932722df287a53";

void overlay(Value& target, const Value& overrides) {
  for (const auto& [key, value] : overrides.as_object()) {
    Value* existing = target.as_object().find(key);
    if (existing && existing->is_object() && value.is_object()) {
      overlay(*existing, value);
    } else {
      target.as_object().set(key, value);
    }
  }
}

}  // namespace

Value github_context(const workflow::Workflow& workflow, const Scenario& scenario) {
  std::string event = workflow.on.events.empty() ? "push" : workflow.on.events.front().first;
  if (event == "workflow_call" && workflow.on.events.size() > 1) event = workflow.on.events[1].first;
  Value github = Value::object();
  auto& g = github.as_object();
  g.set("event_name", Value(event));
  g.set("ref", Value("refs/heads/main"));
  g.set("ref_name", Value("main"));
  g.set("ref_type", Value("branch"));
  g.set("head_ref", Value(""));
  g.set("base_ref", Value(""));
  g.set("sha", Value(kSha));
  g.set("repository", Value(kRepository));
  g.set("repository_owner", Value("octo-org"));
  g.set("actor", Value("octocat"));
  g.set("triggering_actor", Value("octocat"));
  g.set("workflow", Value(workflow.name ? workflow.name->text : std::string(".github/workflows/ghaplay.yml")));
  g.set("workflow_ref", Value(std::string(kRepository) + "/.github/workflows/ghaplay.yml@refs/heads/main"));
  g.set("run_id", Value("1234567890"));
  g.set("run_number", Value("1"));
  g.set("run_attempt", Value("1"));
  g.set("server_url", Value("https://github.com"));
  g.set("api_url", Value("https://api.github.com"));
  g.set("graphql_url", Value("https://api.github.com/graphql"));
  g.set("workspace", Value("/home/runner/work/octo-repo/octo-repo"));
  g.set("action", Value(""));
  g.set("token", Value("***"));
  g.set("retention_days", Value("90"));
  Value event_payload = Value::object();
  event_payload.as_object().set("ref", Value("refs/heads/main"));
  event_payload.as_object().set("after", Value(kSha));
  Value repository = Value::object();
  repository.as_object().set("full_name", Value(kRepository));
  repository.as_object().set("default_branch", Value("main"));
  event_payload.as_object().set("repository", repository);
  g.set("event", event_payload);
  overlay(github, scenario.github);
  return github;
}

Value runner_context(const std::string& runs_on) {
  std::string lower = text::fold_case(runs_on);
  std::string os = lower.find("windows") != std::string::npos ? "Windows"
                   : lower.find("macos") != std::string::npos ? "macOS"
                                                               : "Linux";
  Value runner = Value::object();
  auto& r = runner.as_object();
  r.set("name", Value("GitHub Actions 1"));
  r.set("os", Value(os));
  r.set("arch", Value(lower.find("arm") != std::string::npos ? "ARM64" : "X64"));
  r.set("environment", Value("github-hosted"));
  r.set("temp", Value(os == "Windows" ? "D:\\a\\_temp" : "/home/runner/work/_temp"));
  r.set("tool_cache", Value(os == "Windows" ? "C:\\hostedtoolcache\\windows" : "/opt/hostedtoolcache"));
  r.set("debug", Value(""));
  return runner;
}

std::map<std::string, std::string> default_environment(const Value& github, const Value& runner,
                                                       const std::string& job_id) {
  auto text_of = [](const Value& object, std::string_view key) {
    const Value* found = object.as_object().find(key);
    return found ? expr::to_display_string(*found) : std::string();
  };
  std::map<std::string, std::string> env = {
      {"CI", "true"},
      {"HOME", "/home/runner"},
      {"GITHUB_ACTIONS", "true"},
      {"GITHUB_JOB", job_id},
      {"RUNNER_OS", text_of(runner, "os")},
      {"RUNNER_ARCH", text_of(runner, "arch")},
      {"RUNNER_TEMP", text_of(runner, "temp")},
      {"RUNNER_TOOL_CACHE", text_of(runner, "tool_cache")},
      {"RUNNER_NAME", text_of(runner, "name")},
  };
  static constexpr std::string_view kGithubVars[] = {
      "event_name", "ref", "ref_name", "ref_type", "head_ref", "base_ref", "sha", "repository",
      "repository_owner", "actor", "triggering_actor", "workflow", "workflow_ref", "run_id",
      "run_number", "run_attempt", "server_url", "api_url", "graphql_url", "workspace", "action",
      "retention_days"};
  for (auto key : kGithubVars) {
    std::string name = "GITHUB_";
    for (char c : key) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    env[name] = text_of(github, key);
  }
  return env;
}

FileCommandPaths file_command_paths(std::size_t step_index) {
  std::string suffix = std::to_string(step_index + 1);
  std::string dir = "/home/runner/work/_temp/_runner_file_commands/";
  return {dir + "set_output_" + suffix, dir + "set_env_" + suffix, dir + "add_path_" + suffix,
          dir + "save_state_" + suffix, dir + "step_summary_" + suffix};
}

}  // namespace ghaplay::sim
