#pragma once
// What the user says about a run that the workflow file cannot: secrets, vars, inputs, overrides of
// the github context, what particular steps output or how they end, and the order legs finish in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/value.h"

namespace ghaplay::sim {

struct StepOverride {
  std::string job;                     // job id
  std::string step;                    // step id (or name, for steps without an id)
  Value matrix;                        // object: only legs whose matrix contains these values; null: all legs
  Value outputs;                       // object of name -> string; null when not given
  std::optional<std::string> outcome;  // success | failure | cancelled
};

struct CompletionOrder {
  enum class Kind { Declared, Reverse, Seeded } kind = Kind::Declared;
  std::uint32_t seed = 0;

  std::string describe() const;  // "declared" | "reverse" | "seed:N"
};

struct Scenario {
  Value secrets = Value::object();
  Value vars = Value::object();
  Value inputs = Value::object();
  Value github = Value::object();
  std::vector<StepOverride> steps;
  CompletionOrder order;
};

// Reads the scenario JSON (every key optional; "" means an empty scenario). Problems become
// invalid-scenario diagnostics and the rest is still read.
Scenario parse_scenario(std::string_view json, Diagnostics& diagnostics);

// Whether an override's matrix filter selects a leg.
bool matrix_matches(const Value& filter, const Value& leg_matrix);

// The legs' finishing order as positions into `count` legs, a pure function of the order.
std::vector<std::size_t> completion_sequence(const CompletionOrder& order, std::size_t count, std::uint32_t salt);

}  // namespace ghaplay::sim
