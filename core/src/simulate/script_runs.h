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
//
// The runs can also outlive their simulation (script_memory.h): each new simulation calls
// start_generation(), and an answer the previous simulation kept is then given again to a run with
// the same key, while the answers it did not ask for are forgotten at the next start.

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
  // `kept_bytes`, if given, counts the kept answers' bytes in place of this object's own counter,
  // so that the runs of several base environments share one limit.
  explicit ScriptRuns(std::size_t* kept_bytes = nullptr) : kept_bytes_(kept_bytes ? kept_bytes : &own_kept_bytes_) {}
  ScriptRuns(const ScriptRuns&) = delete;
  ScriptRuns& operator=(const ScriptRuns&) = delete;

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

  // A new simulation starts: the answers kept so far stay available to it, but only those it asks
  // for are kept for the one after.
  void start_generation();

  // A new simulation starts that goes on with the answers of this generation: it took whole jobs of
  // the one before from the session's run memo (run_memo.h), and their runs, which it does not
  // make, are kept as if it had asked for them.
  void resume_generation();

  // How many runs were answered with an earlier simulation's answer since the latest start or
  // resume.
  std::size_t carried_over() const { return carried_over_; }

 private:
  struct Kept {
    std::shared_ptr<const scripts::ScriptResult> result;
    std::size_t bytes = 0;      // of the key and the answer, as counted against the limit
    std::size_t asked_in = 0;   // the simulation that last asked for it (simulation_)
  };
  using Answers = std::unordered_map<std::string, Kept>;

  void keep(std::string key, std::shared_ptr<const scripts::ScriptResult> result, std::size_t bytes);

  Answers results_;   // this simulation's
  Answers previous_;  // the previous simulation's, until this one asks for them
  std::size_t own_kept_bytes_ = 0;
  std::size_t* kept_bytes_;
  std::size_t carried_over_ = 0;
  std::size_t simulation_ = 0;  // counts starts and resumes
};

}  // namespace ghaplay::sim
