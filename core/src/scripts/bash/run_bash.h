#pragma once
// bash's entry point under its own name. scripts::run_bash (entry.cc) is only this; the WebAssembly
// engine defines run_bash itself instead (wasm/script_bridge.cc): it runs bash here, in its own
// module, and sends a script that reaches a text tool to the module that has them.
#include "scripts/script.h"

namespace ghaplay::scripts::bash {

ScriptResult run(const ScriptInput& input);

}  // namespace ghaplay::scripts::bash
