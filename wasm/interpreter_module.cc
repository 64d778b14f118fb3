// One script interpreter as a WebAssembly module of its own (ghaplay-bash.wasm, ghaplay-pwsh.wasm,
// ghaplay-python.wasm; wasm/CMakeLists.txt builds this file once per interpreter, naming it with
// GHAPLAY_INTERPRETER). The engine module sends it script_json requests through
// interpreter.post.js's runScript(bytes); see script_bridge.cc for the other side.
//
// Plain C exports rather than Embind: the request and the answer are bytes copied between two
// modules' memories, never JavaScript strings, so that scripts and the files they write keep every
// byte they hold (Embind's std::string would decode them as UTF-8).
#include <emscripten/emscripten.h>

#include <exception>
#include <map>
#include <string>

#include "scripts/script.h"
#include "scripts/script_json.h"

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

// What this interpreter keeps for a base environment (ScriptInput::cache). The engine keeps one per
// job; here one is kept for the last base environment seen, which is the same for a job's steps
// run one after the other, and is checked by value, so that two engine instances sharing this
// module, or an engine whose caches come and go, can never be answered from another's.
struct KeptBase {
  bool set = false;
  std::map<std::string, std::string> env;
  ScriptCache cache;
} kept;

ScriptCache* cache_for(const std::map<std::string, std::string>& base_env) {
  if (!kept.set || kept.env != base_env) {
    kept.env = base_env;
    kept.cache = {};
    kept.set = true;
  }
  return &kept.cache;
}

std::string run(const char* data, int size) {
  ScriptRequest request;
  std::string error;
  if (!decode_script_input(std::string_view(data, static_cast<std::size_t>(size)), request, error))
    return encode_script_failure("a request that is not a script: " + error);
  if (request.cacheable && request.input.base_env) request.input.cache = cache_for(request.base_env);
  return encode_script_result(ghaplay::scripts::GHAPLAY_RUN(request.input));
}

}  // namespace

extern "C" {

// Runs the script_json request of `size` bytes at `request`; returns the answer's length.
EMSCRIPTEN_KEEPALIVE int ghaplay_run_script(const char* request, int size) {
  try {
    answer = run(request, size);
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
