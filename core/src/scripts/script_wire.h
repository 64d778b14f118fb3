#pragma once
// The interpreters' contract (script.h) as bytes, for when an interpreter runs in another module:
// the browser build ships pwsh, python and bash with its text tools as WebAssembly modules of their
// own, loaded when a workflow needs them (wasm/script_bridge.cc on the engine's side,
// wasm/interpreter_module.cc on the interpreter's). Strings travel as their bytes, whatever they
// hold (invalid UTF-8, NUL), so a script gives the same answer on either side of the split.
//
// The format is private to the two sides of one build: a tag byte, then the fields in a fixed
// order, each string and map prefixed by its length (little-endian, 32 bits). Not JSON, because
// every script crosses twice, and writing then parsing JSON was about a sixth of a matrix's
// simulation in WebAssembly (bench/README.md). The decoders check every length against what is
// left, so a truncated or foreign message is refused with a reason, never read past its end.

#include <map>
#include <string>
#include <string_view>

#include "scripts/script.h"

namespace ghaplay::scripts {

// A ScriptInput travels as two messages: the step's own part (encode_script_input) and its base
// environment (encode_environment), which the steps of a job share. The sender encodes the base
// environment once per ScriptCache and the receiver decodes it only when it differs from the last
// one it saw, since it is most of the bytes (about 1.5 KB of runner variables).

// A ScriptInput's own part as it arrives; base_env and cache are left for the receiver to set.
struct ScriptRequest {
  ScriptInput input;
  bool has_base_env = false;  // the sender had a base environment (sent beside)
  // The sender keeps a cache for that base environment (ScriptInput::cache): the receiver may too.
  bool cacheable = false;
};

std::string encode_script_input(const ScriptInput& input);
// False, with `error` saying what is wrong, when `bytes` is not what encode_script_input writes.
bool decode_script_input(std::string_view bytes, ScriptRequest& request, std::string& error);

std::string encode_environment(const std::map<std::string, std::string>& env);
bool decode_environment(std::string_view bytes, std::map<std::string, std::string>& env, std::string& error);

std::string encode_script_result(const ScriptResult& result);
// The answer of an interpreter that failed instead of running the script (it threw, or the request
// was malformed): decode_script_result returns false with `message` as its error. Its bytes are
// the tag 'F' then the message's length and bytes, which interpreters.post.js also writes.
std::string encode_script_failure(std::string_view message);
bool decode_script_result(std::string_view bytes, ScriptResult& result, std::string& error);

}  // namespace ghaplay::scripts
