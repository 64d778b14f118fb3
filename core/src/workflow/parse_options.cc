// The contexts and functions GitHub allows at each place of a workflow, from the `context` lists of
// workflow-v1.0.json (actions/languageservices). A place inherits its parent's list there; the sets
// below are already merged. Where a place in ghaplay covers several of GitHub's (container,
// services and environment share Place::JobOutputs), the widest set is used: a check must never
// refuse what GitHub accepts.
#include <array>
#include <functional>

#include "ghaplay/workflow.h"

namespace ghaplay::workflow {
namespace {

constexpr int kMaxArgs = 255;

std::vector<std::string> names(std::initializer_list<const char*> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

expr::ParseOptions build_options(Place place) {
  expr::ParseOptions options;
  const expr::FunctionSignature hash_files{"hashFiles", 1, kMaxArgs};
  switch (place) {
    case Place::WorkflowEnv:
      options.named_values = names({"github", "inputs", "vars", "secrets"});
      break;
    case Place::RunName:
    case Place::WorkflowCallInputDefault:
      options.named_values = names({"github", "inputs", "vars"});
      break;
    case Place::JobIf:
      options.named_values = names({"github", "inputs", "vars", "needs"});
      options.functions = {{"always", 0, 0}, {"failure", 0, kMaxArgs}, {"cancelled", 0, 0}, {"success", 0, kMaxArgs}};
      break;
    case Place::Strategy:
      options.named_values = names({"github", "inputs", "vars", "needs"});
      break;
    case Place::JobStrategyContext:
      options.named_values = names({"github", "inputs", "vars", "needs", "strategy", "matrix"});
      break;
    case Place::JobEnv:
    case Place::JobSecrets:
      options.named_values = names({"github", "inputs", "vars", "needs", "strategy", "matrix", "secrets"});
      break;
    case Place::JobDefaultsRun:
      options.named_values = names({"github", "inputs", "vars", "needs", "strategy", "matrix", "env"});
      break;
    case Place::JobOutputs:
      options.named_values = names(
          {"github", "inputs", "vars", "needs", "strategy", "matrix", "secrets", "steps", "job", "runner", "env"});
      break;
    case Place::Step:
      options.named_values = names(
          {"github", "inputs", "vars", "needs", "strategy", "matrix", "secrets", "steps", "job", "runner", "env"});
      options.functions = {hash_files};
      break;
    case Place::StepIf:
      options.named_values =
          names({"github", "inputs", "vars", "needs", "strategy", "matrix", "steps", "job", "runner", "env"});
      options.functions = {{"always", 0, 0}, {"failure", 0, 0}, {"cancelled", 0, 0}, {"success", 0, 0}, hash_files};
      break;
    case Place::WorkflowCallOutputValue:
      options.named_values = names({"github", "inputs", "vars", "jobs"});
      break;
  }
  return options;
}

constexpr std::size_t kPlaces = static_cast<std::size_t>(Place::WorkflowCallOutputValue) + 1;

// Built once: every evaluation asks for them, and their addresses key the parsed-expression cache
// of templates (is_place_options()).
const std::array<expr::ParseOptions, kPlaces>& place_options() {
  static const std::array<expr::ParseOptions, kPlaces> table = [] {
    std::array<expr::ParseOptions, kPlaces> built;
    for (std::size_t i = 0; i < kPlaces; ++i) built[i] = build_options(static_cast<Place>(i));
    return built;
  }();
  return table;
}

}  // namespace

const expr::ParseOptions& parse_options(Place place) { return place_options()[static_cast<std::size_t>(place)]; }

bool is_place_options(const expr::ParseOptions& options) {
  const auto& table = place_options();
  std::less<const expr::ParseOptions*> before;
  return !before(&options, table.data()) && before(&options, table.data() + table.size());
}

}  // namespace ghaplay::workflow
