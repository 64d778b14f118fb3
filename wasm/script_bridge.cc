// The engine's side of the split between the engine module (ghaplay.wasm) and the interpreter
// modules (ghaplay-bash-full.wasm, ghaplay-pwsh.wasm, ghaplay-python.wasm): scripts::run_pwsh and
// run_python, which the native build takes from ghaplay_interpreters, here send the script to the
// interpreter module that the page (or a Node user) attached with attachInterpreter(), through
// interpreters.post.js, and read its answer. The request and the answer are script_wire's messages,
// passed as bytes from one module's memory to the other's, so nothing is re-encoded on the way.
//
// bash without its text tools (grep, sed, awk...: scripts/bash/text_tools.h) is part of this module:
// most scripts need nothing else, and every page needs it. run_bash runs a script here, and only one
// that reaches a text tool goes to 'bash-full', the module that has them.
//
// Why the other interpreters are modules of their own: they are most of the engine's code, and
// many uses need none of them (evaluate, check, workflows whose steps' outputs are given).
// docs/DECISIONS.md has the figures.
#include <emscripten/emscripten.h>

#include <memory>
#include <string>

#include "scripts/bash/run_bash.h"
#include "scripts/bash/text_tools.h"
#include "scripts/script.h"
#include "scripts/script_wire.h"

namespace {

// Runs the request, with its base environment beside it, on the named interpreter
// (interpreters.post.js keeps its answer) and returns the answer's length in bytes, or -1 when no
// module for that interpreter is attached.
EM_JS(int, ghaplay_send_script, (const char* interpreter, const char* request, int size, const char* base_env,
                                 int base_env_size), {
  return Module['ghaplayRunScript'](UTF8ToString(interpreter), HEAPU8.subarray(request, request + size),
                                    HEAPU8.subarray(base_env, base_env + base_env_size));
});

// Lists `module` in missingInterpreters(), for the page's worker to load.
EM_JS(void, ghaplay_mark_missing, (const char* module), {
  Module['ghaplayMarkMissing'](UTF8ToString(module));
});

// Copies the answer ghaplay_send_script kept into `into`, which has room for it.
EM_JS(void, ghaplay_take_answer, (char* into), {
  Module['ghaplayTakeAnswer'](HEAPU8, into);
});

// A base environment as sent, kept in its ScriptCache, so that the steps that share it encode it once.
struct EncodedBaseEnv {
  std::string bytes;
};

const std::string& encoded_base_env(const ghaplay::scripts::ScriptInput& input, std::string& scratch) {
  using namespace ghaplay::scripts;
  if (!input.base_env) return scratch;  // empty
  if (!input.cache) return scratch = encode_environment(*input.base_env);
  if (!input.cache->encoded_base_env)
    input.cache->encoded_base_env = std::make_shared<const EncodedBaseEnv>(EncodedBaseEnv{encode_environment(*input.base_env)});
  return std::static_pointer_cast<const EncodedBaseEnv>(input.cache->encoded_base_env)->bytes;
}

// A script the bridge could not have run: its files as they were, the reason as a notice.
ghaplay::scripts::ScriptResult not_run(const ghaplay::scripts::ScriptInput& input, std::string reason) {
  using namespace ghaplay::scripts;
  ScriptResult result;
  result.files = input.files;
  result.notices.push_back({ScriptNotice::Kind::Unsupported, std::move(reason), 1, 1, "", false});
  result.reusable = false;  // once the module is there, the same input runs
  return result;
}

// A script for a module that is not attached: the module is listed by missingInterpreters() (the
// page loads it and simulates again, engine-worker.js), and a Node user who did not attach it sees
// in the step why the script was not run.
ghaplay::scripts::ScriptResult missing_module(const ghaplay::scripts::ScriptInput& input, const std::string& module,
                                              const std::string& why) {
  ghaplay_mark_missing(module.c_str());
  return not_run(input, why + ": attach ghaplay-" + module + ".wasm with attachInterpreter('" + module +
                            "', module) to run this script");
}

// `why_needed` says why the script needs this module, for the step that says it was not run.
ghaplay::scripts::ScriptResult run_in_module(const char* interpreter, const ghaplay::scripts::ScriptInput& input,
                                             const std::string& why_needed) {
  using namespace ghaplay::scripts;
  std::string request = encode_script_input(input);
  std::string scratch;
  const std::string& base_env = encoded_base_env(input, scratch);
  int size = ghaplay_send_script(interpreter, request.data(), static_cast<int>(request.size()), base_env.data(),
                                 static_cast<int>(base_env.size()));
  if (size < 0) return missing_module(input, interpreter, why_needed);
  std::string answer(static_cast<std::size_t>(size), '\0');
  ghaplay_take_answer(answer.data());
  ScriptResult result;
  std::string error;
  if (decode_script_result(answer, result, error)) return result;
  // The interpreter failed instead of running the script (interpreter_module.cc), or its module
  // stopped (a trap: interpreters.post.js detaches it, so the next simulation loads it again).
  // The step fails and says why; nothing is thrown into JavaScript.
  ScriptResult failed = not_run(input, std::string("the ") + interpreter + " interpreter failed: " + error);
  failed.exit_code = 1;
  failed.work = input.step_budget;
  return failed;
}

}  // namespace

namespace ghaplay::scripts {

ScriptResult run_bash(const ScriptInput& input) {
  ScriptResult result = bash::run(input);
  for (const ScriptNotice& notice : result.notices) {
    // This build has no text tools: the run that reached one stopped there, and the module that
    // has them runs the script from the start.
    if (notice.kind == ScriptNotice::Kind::Unsupported && notice.message == bash::kNeedsTextTools)
      return run_in_module("bash-full", input, "this script needs the bash-full interpreter module");
  }
  return result;
}
ScriptResult run_pwsh(const ScriptInput& input) { return run_in_module("pwsh", input, "the pwsh interpreter is not loaded"); }
ScriptResult run_python(const ScriptInput& input) {
  return run_in_module("python", input, "the python interpreter is not loaded");
}

}  // namespace ghaplay::scripts
