#include "simulate/scenario.h"

#include <algorithm>
#include <numeric>

#include "expr/coercion.h"
#include "ghaplay/expression.h"

namespace ghaplay::sim {
namespace {

void invalid(Diagnostics& diagnostics, std::string message) {
  diagnostics.push_back({Severity::Error, DiagnosticCode::InvalidScenario, std::move(message), {}, "", ""});
}

Value object_field(const Value& scenario, std::string_view key, Diagnostics& diagnostics) {
  const Value* found = scenario.as_object().find(key);
  if (!found || found->is_null()) return Value::object();
  if (!found->is_object()) {
    invalid(diagnostics, "Scenario key \"" + std::string(key) + "\" must be an object of names to values.");
    return Value::object();
  }
  return *found;
}

// Outputs are strings on GitHub; a number or boolean given in the scenario is taken as its text.
Value stringified_outputs(const Value& outputs) {
  Value result = Value::object();
  for (const auto& [name, value] : outputs.as_object())
    result.as_object().set(name, value.is_primitive() ? Value(expr::to_display_string(value)) : Value(expr::to_json(value)));
  return result;
}

std::optional<CompletionOrder> parse_order(const std::string& text) {
  if (text == "declared") return CompletionOrder{CompletionOrder::Kind::Declared, 0};
  if (text == "reverse") return CompletionOrder{CompletionOrder::Kind::Reverse, 0};
  if (text.starts_with("seed:") && text.size() > 5 && text.size() <= 15) {
    std::uint64_t seed = 0;
    for (char c : text.substr(5)) {
      if (c < '0' || c > '9') return std::nullopt;
      seed = seed * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (seed > 0xFFFFFFFFu) return std::nullopt;
    return CompletionOrder{CompletionOrder::Kind::Seeded, static_cast<std::uint32_t>(seed)};
  }
  return std::nullopt;
}

}  // namespace

std::string CompletionOrder::describe() const {
  switch (kind) {
    case Kind::Declared: return "declared";
    case Kind::Reverse: return "reverse";
    case Kind::Seeded: return "seed:" + std::to_string(seed);
  }
  return "declared";
}

Scenario parse_scenario(std::string_view json, Diagnostics& diagnostics) {
  Scenario scenario;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return scenario;
  auto parsed = expr::from_json(json);
  if (std::holds_alternative<std::string>(parsed) || !std::get<Value>(parsed).is_object()) {
    invalid(diagnostics, "The scenario is not a JSON object. Expected e.g. {\"steps\": [{\"job\": \"build\", \"step\": \"version\", \"outputs\": {\"v\": \"1\"}}]}.");
    return scenario;
  }
  const Value& root = std::get<Value>(parsed);
  static constexpr std::string_view kKeys[] = {"secrets", "vars", "inputs", "github", "steps", "order"};
  for (const auto& [key, value] : root.as_object()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
      invalid(diagnostics, "Unknown scenario key \"" + key + "\"; the keys are secrets, vars, inputs, github, steps and order.");
  }
  scenario.secrets = stringified_outputs(object_field(root, "secrets", diagnostics));
  scenario.vars = stringified_outputs(object_field(root, "vars", diagnostics));
  scenario.inputs = object_field(root, "inputs", diagnostics);
  scenario.github = object_field(root, "github", diagnostics);

  if (const Value* order = root.as_object().find("order"); order && !order->is_null()) {
    auto parsed_order = order->is_string() ? parse_order(order->as_string()) : std::nullopt;
    if (parsed_order) {
      scenario.order = *parsed_order;
    } else {
      invalid(diagnostics, "Scenario \"order\" must be \"declared\", \"reverse\" or \"seed:N\" (N a whole number up to 4294967295).");
    }
  }

  if (const Value* steps = root.as_object().find("steps"); steps && !steps->is_null()) {
    if (!steps->is_array()) {
      invalid(diagnostics, "Scenario \"steps\" must be a list of {\"job\", \"step\", \"outputs\", \"outcome\"} entries.");
      return scenario;
    }
    std::size_t index = 0;
    for (const auto& entry : steps->as_array().items) {
      std::string where = "Scenario steps[" + std::to_string(index++) + "]";
      if (!entry.is_object()) {
        invalid(diagnostics, where + " must be an object.");
        continue;
      }
      const auto& fields = entry.as_object();
      const Value* job = fields.find("job");
      const Value* step = fields.find("step");
      if (!job || !job->is_string() || !step || !step->is_string()) {
        invalid(diagnostics, where + " needs \"job\" (a job id) and \"step\" (a step id) as strings.");
        continue;
      }
      StepOverride override_entry;
      override_entry.job = job->as_string();
      override_entry.step = step->as_string();
      if (const Value* matrix = fields.find("matrix"); matrix && !matrix->is_null()) {
        if (matrix->is_object()) override_entry.matrix = *matrix;
        else invalid(diagnostics, where + ".matrix must be an object such as {\"os\": \"linux\"}.");
      }
      if (const Value* outputs = fields.find("outputs"); outputs && !outputs->is_null()) {
        if (outputs->is_object()) override_entry.outputs = stringified_outputs(*outputs);
        else invalid(diagnostics, where + ".outputs must be an object of output names to strings.");
      }
      if (const Value* outcome = fields.find("outcome"); outcome && !outcome->is_null()) {
        std::string text = outcome->is_string() ? outcome->as_string() : "";
        if (text == "success" || text == "failure" || text == "cancelled") override_entry.outcome = text;
        else invalid(diagnostics, where + ".outcome must be \"success\", \"failure\" or \"cancelled\".");
      }
      scenario.steps.push_back(std::move(override_entry));
    }
  }
  return scenario;
}

bool matrix_matches(const Value& filter, const Value& leg_matrix) {
  if (!filter.is_object()) return true;
  if (!leg_matrix.is_object()) return filter.as_object().empty();
  for (const auto& [key, wanted] : filter.as_object()) {
    const Value* actual = leg_matrix.as_object().find(key);
    if (!actual) return false;
    // Scenario files are JSON while matrices come from YAML: compare by text for scalars, so
    // {"node": 18} selects `node: [18]` and {"node": "18"} does too.
    if (wanted.is_primitive() && actual->is_primitive()) {
      if (expr::to_display_string(wanted) != expr::to_display_string(*actual)) return false;
    } else if (!same_content(wanted, *actual)) {
      return false;
    }
  }
  return true;
}

std::vector<std::size_t> completion_sequence(const CompletionOrder& order, std::size_t count, std::uint32_t salt) {
  std::vector<std::size_t> sequence(count);
  std::iota(sequence.begin(), sequence.end(), std::size_t{0});
  if (order.kind == CompletionOrder::Kind::Reverse) {
    std::reverse(sequence.begin(), sequence.end());
  } else if (order.kind == CompletionOrder::Kind::Seeded) {
    // mulberry32, so native and WebAssembly builds shuffle identically for a seed.
    std::uint32_t state = order.seed ^ (salt * 0x9E3779B9u);
    auto next = [&state]() {
      state += 0x6D2B79F5u;
      std::uint32_t t = state;
      t = (t ^ (t >> 15)) * (t | 1u);
      t ^= t + (t ^ (t >> 7)) * (t | 61u);
      return t ^ (t >> 14);
    };
    for (std::size_t i = count; i > 1; --i) std::swap(sequence[i - 1], sequence[next() % i]);
  }
  return sequence;
}

}  // namespace ghaplay::sim
