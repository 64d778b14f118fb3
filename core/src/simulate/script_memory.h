#pragma once
// The script answers one simulation leaves to the next, for a caller that simulates text after
// text: the page, on every keystroke. Most of an edit leaves most steps' scripts and environments
// as they were, and a script's answer depends on its input alone (script_runs.h), so the next
// simulation takes the answers of the runs whose input is unchanged instead of running them again.
//
// What is kept is what the latest simulation used: each start() forgets whatever the simulation
// before the latest one kept and the latest did not ask for. So the memory holds at most two
// simulations' answers, each within ScriptRuns' limit. A simulation that takes whole jobs from the
// one before (run_memo.h) resumes instead: the jobs it took would have asked for their answers, so
// nothing is forgotten until the next start(), and the limit still bounds what is kept.

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "scripts/script.h"
#include "simulate/script_runs.h"

namespace ghaplay::sim {

class ScriptMemory {
 public:
  // What the scripts that share one base environment keep: their answers and the interpreters'
  // cache for that environment.
  struct Environment {
    explicit Environment(std::size_t* kept_bytes) : runs(kept_bytes) {}
    ScriptRuns runs;
    scripts::ScriptCache cache;
  };

  // A simulation starts.
  void start();
  // A simulation starts that took jobs from the one before (run_memo.h): what the one before kept
  // stays kept, since the jobs taken would have asked for their answers again.
  void resume();

  // The kept runs of `base_environment`, found by its content. Stays in place until the next start().
  Environment& environment(const std::map<std::string, std::string>& base_environment);

  // How many runs of the simulation since start() took an answer kept by the one before.
  std::size_t carried_over() const;

 private:
  using Environments = std::map<std::string, std::unique_ptr<Environment>>;  // by encoded environment
  Environments current_;
  Environments previous_;
  std::size_t kept_bytes_ = 0;  // of the current simulation's answers, in every environment
};

}  // namespace ghaplay::sim
