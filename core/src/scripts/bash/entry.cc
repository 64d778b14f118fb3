// scripts::run_bash in a file of its own, so that a link which defines it elsewhere (the
// WebAssembly engine: wasm/script_bridge.cc) still takes the rest of bash from the library.
#include "scripts/bash/run_bash.h"

namespace ghaplay::scripts {

ScriptResult run_bash(const ScriptInput& input) { return bash::run(input); }

}  // namespace ghaplay::scripts
