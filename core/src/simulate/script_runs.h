#pragma once
// The script runs of one simulation that share a base environment, so that an identical run is
// answered once.
//
// A run is a function of its input alone: the interpreters keep nothing from one run to the next
// that a run can see, read no clock, and start $RANDOM and /dev/urandom from the same seed every
// time. So the legs of a matrix that run the same script with the same environment on the same
// runner (most matrices vary what their steps are given, `runs-on`, `with:`, not the `run:` text)
// get the first leg's answer, the very one they would have computed, and the run's budget is
// charged the same work for each. The key is the interpreter, what a completion will add (run()) and
// the step's own input as script_wire encodes it (every field but the base environment); the base
// environment is the one of the runner setup that owns this.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scripts/script.h"

namespace ghaplay::sim {

class ScriptRuns {
 public:
  using Interpreter = scripts::ScriptResult (*)(const scripts::ScriptInput&);

  // Fills in what an input lacks before it runs.
  using Completion = std::function<void(scripts::ScriptInput&)>;

  // `interpreter`'s result for `input`: an earlier identical run's, or a new run's. Shared, not
  // copied: a kept answer serves every leg that asks for it.
  //
  // `complete`, if given, adds to `input` what `completion` names (a step's file-command paths, say,
  // named by its index), and only when the input runs: a run answered from an earlier one never
  // builds that part, and the key is the interpreter, `completion` and `input` before completion.
  // So `complete(input)` must depend on `input` and what `completion` names alone.
  std::shared_ptr<const scripts::ScriptResult> run(std::string_view interpreter_name, Interpreter interpreter,
                                                   scripts::ScriptInput input, std::string_view completion = {},
                                                   const Completion& complete = {});

 private:
  std::unordered_map<std::string, std::shared_ptr<const scripts::ScriptResult>> results_;
  std::size_t kept_bytes_ = 0;
};

}  // namespace ghaplay::sim
