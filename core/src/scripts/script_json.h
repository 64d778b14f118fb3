#pragma once
// The interpreters' contract (script.h) as JSON, for when an interpreter runs in another module:
// the browser build ships bash, pwsh and python as WebAssembly modules of their own, loaded when a
// workflow needs them (wasm/script_bridge.cc on the engine's side, wasm/interpreter_module.cc on
// the interpreter's). Strings travel as their bytes, whatever they hold (invalid UTF-8, NUL), so
// a script gives the same answer on either side of the split.

#include <map>
#include <string>
#include <string_view>

#include "scripts/script.h"

namespace ghaplay::scripts {

// A ScriptInput as it arrives: it points into this object, which therefore stays where it is.
struct ScriptRequest {
  ScriptInput input;
  std::map<std::string, std::string> base_env;  // input.base_env points here when the sender had one
  // The sender keeps a cache for base_env (ScriptInput::cache): the receiver may keep one too.
  bool cacheable = false;

  ScriptRequest() = default;
  ScriptRequest(const ScriptRequest&) = delete;
  ScriptRequest& operator=(const ScriptRequest&) = delete;
};

std::string encode_script_input(const ScriptInput& input);
// False, with `error` saying what is wrong, when `json` is not what encode_script_input writes.
bool decode_script_input(std::string_view json, ScriptRequest& request, std::string& error);

std::string encode_script_result(const ScriptResult& result);
// The answer of an interpreter that failed instead of running the script (it threw, or the request
// was malformed): decode_script_result returns false with `message` as its error.
std::string encode_script_failure(std::string_view message);
bool decode_script_result(std::string_view json, ScriptResult& result, std::string& error);

}  // namespace ghaplay::scripts
