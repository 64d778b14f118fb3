// The entry point of the Python subset (`shell: python`): nothing escapes it. An engine failure
// becomes exit code 1, a line in the log and a notice, never an exception or an abort.

#include <new>
#include <stdexcept>

#include "scripts/python/interpreter.h"
#include "scripts/script.h"

namespace ghaplay::scripts {

ScriptResult run_python(const ScriptInput& input) {
  ScriptResult result;
  auto engine_failure = [&](const std::string& message) {
    result.log += "ghaplay: " + message + "\n";
    result.exit_code = 1;
    result.files = input.files;
    result.work = input.step_budget;
    result.notices.push_back({ScriptNotice::Kind::Unsupported, message, 0, 0, "", false});
  };
  try {
    python::Interpreter interpreter(input, result);
    interpreter.run();
  } catch (const std::bad_alloc&) {
    engine_failure("the script needed more memory than the simulator has.");
  } catch (const std::exception& e) {
    engine_failure(std::string("internal error in the python simulator: ") + e.what());
  } catch (...) {
    engine_failure("internal error in the python simulator.");
  }
  return result;
}

}  // namespace ghaplay::scripts
