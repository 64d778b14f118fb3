// One script interpreter as a WebAssembly module of its own (ghaplay-bash-full.wasm,
// ghaplay-pwsh.wasm, ghaplay-python.wasm; wasm/CMakeLists.txt builds this file once per module,
// naming the interpreter with GHAPLAY_INTERPRETER). The engine module sends it script_wire requests
// through interpreter.post.js's runScript(bytes); see script_bridge.cc for the other side.
//
// Plain C exports rather than Embind: the request and the answer are bytes copied between two
// modules' memories, never JavaScript strings, so that scripts and the files they write keep every
// byte they hold (Embind's std::string would decode them as UTF-8).
#include <emscripten/emscripten.h>

#include <exception>
#include <map>
#include <string>
#include <string_view>

#include "scripts/script.h"
#include "scripts/script_wire.h"


#ifndef GHAPLAY_INTERPRETER
#error "GHAPLAY_INTERPRETER names the interpreter: bash, pwsh or python"
#endif
#define GHAPLAY_CONCAT_(a, b) a##b
#define GHAPLAY_CONCAT(a, b) GHAPLAY_CONCAT_(a, b)
#define GHAPLAY_RUN GHAPLAY_CONCAT(run_, GHAPLAY_INTERPRETER)

namespace {

using namespace ghaplay::scripts;

// The last answer, read by ghaplay_answer() before the next request.
std::string answer;

// The last base environment received, as its bytes and decoded, with what this interpreter keeps
// for it (ScriptInput::cache). A job's steps share one, so most requests reuse it; it is matched
// by its bytes, so that two engine instances sharing this module, or caches that come and go on
// the engine's side, can never be answered from another environment.
struct KeptBase {
  bool set = false;
  std::string bytes;
  std::map<std::string, std::string> env;
  ScriptCache cache;
} kept;

bool keep_base_env(std::string_view bytes, std::string& error) {
  if (kept.set && kept.bytes == bytes) return true;
  kept.set = false;
  kept.cache = {};
  if (!decode_environment(bytes, kept.env, error)) return false;
  kept.bytes.assign(bytes);
  kept.set = true;
  return true;
}

std::string run(std::string_view request_bytes, std::string_view base_env_bytes) {
  ScriptRequest request;
  std::string error;
  if (!decode_script_input(request_bytes, request, error))
    return encode_script_failure("a request that is not a script: " + error);
  if (request.has_base_env) {
    if (!keep_base_env(base_env_bytes, error)) return encode_script_failure("a base environment that is not one: " + error);
    request.input.base_env = &kept.env;
    if (request.cacheable) request.input.cache = &kept.cache;
  }
  return encode_script_result(ghaplay::scripts::GHAPLAY_RUN(request.input));
}

}  // namespace

extern "C" {

// Runs the script_wire request of `size` bytes at `request`, whose base environment (if it has
// one) is the `base_env_size` bytes at `base_env`; returns the answer's length.
EMSCRIPTEN_KEEPALIVE int ghaplay_run_script(const char* request, int size, const char* base_env, int base_env_size) {
  try {
    answer = run(std::string_view(request, static_cast<std::size_t>(size)),
                 std::string_view(base_env, static_cast<std::size_t>(base_env_size)));
  } catch (const std::exception& failure) {
    // Natively the exception would leave the interpreter for the engine to report; the engine's
    // side (script_bridge.cc) throws it again there.
    answer = encode_script_failure(failure.what());
  } catch (...) {
    answer = encode_script_failure("the interpreter failed");
  }
  return static_cast<int>(answer.size());
}

EMSCRIPTEN_KEEPALIVE const char* ghaplay_answer() { return answer.data(); }

}  // extern "C"
