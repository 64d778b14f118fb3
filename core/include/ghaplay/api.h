#pragma once
// JSON strings in, JSON strings out: the one surface shared by the CLI's JSON output, the
// WebAssembly module and the page. Nothing here throws; every failure is part of the answer.

#include <string>
#include <string_view>

namespace ghaplay::api {

// `ghaplay eval`: {"kind":"Null|Boolean|Number|String|Array|Object","value":...}
// or {"error":{"kind":"lexing|parsing|evaluation|usage","message":"..."}}.
// context_json is an object whose top-level keys are the named contexts ("" means none).
std::string evaluate_json(std::string_view expression, std::string_view context_json);

// `ghaplay check --format json`: {"diagnostics":[{"severity","code","message","line","column","job","step"}]}
std::string check_json(std::string_view workflow_yaml);

std::string version();

}  // namespace ghaplay::api

namespace ghaplay::api {

// `ghaplay simulate --format json`: the result of schema/result.schema.json.
std::string simulate_json(std::string_view workflow_yaml, std::string_view scenario_json);

}  // namespace ghaplay::api
