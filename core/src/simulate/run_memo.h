#pragma once
// The jobs one simulation leaves to the next in a session (api::SimulationSession), as the script
// memory leaves script answers. Typing changes one job at a time (checks/incremental_load.h), and
// the jobs that ran before that job, in the order the simulator runs them, saw exactly what they
// saw last time: the same models, the same results of the jobs before them, the same scenario and
// the same run budget. So the next simulation takes their results, the findings they reported and
// the run's state after them, and simulates from the edited job on. In a chain of 500 jobs an edit
// of the last one then simulates one job instead of 500.
//
// Kept for each job, in the order the jobs ran, as long as the run went on: its index and
// resolved needs (an edit elsewhere can change them, by renaming a job), the findings it reported,
// and the budget and output bytes of the run once it had run. Not kept, and so ending what the
// next simulation can take: a job the run's budget stopped at or after, and a job a script of which
// had an answer that depends on more than its input (a missing interpreter module, which the next
// simulation may find attached).

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/simulation.h"
#include "simulate/run_budget.h"

namespace ghaplay::sim {

class RunMemo {
 public:
  struct RanJob {
    std::size_t index = 0;           // in Workflow::jobs
    std::vector<std::size_t> needs;  // its direct needs as indexes, as that run resolved them
    Diagnostics diagnostics;         // what simulating it reported, in order
    RunBudget budget;                // the run's budget once it had run
    std::size_t output_bytes = 0;    // the run's job output bytes once it had run
  };

  // The caller loaded the next workflow: every part of the model may have changed (`whole`), or
  // `job` alone, or nothing (checks::IncrementalLoad::last_change()). Changes add up while
  // workflows that do not load come and go.
  void workflow_changed(bool whole, std::optional<std::size_t> job) {
    if (whole) forget();
    else if (job && std::find(changed_.begin(), changed_.end(), *job) == changed_.end()) changed_.push_back(*job);
  }

  // The result's JSON text (to_json's), and the result kept, so that the next simulation can take
  // its jobs. The jobs taken from the memo are written as the text they had: in a chain of 500 jobs
  // that is most of the text, and writing it was most of a call's time; each job's text is kept with
  // it. A result from no simulation (a workflow that did not load) is written and changes nothing.
  std::string keep(SimulationResult&& result);

  // Whether keep() writes a job as 0 when the previous answer it wrote had that job, under the same
  // id, with the same text: the caller keeps each answer's jobs and fills the 0s in from the one
  // before (an answer of 500 jobs after an edit of one is then one job's text, not 345 KB, which
  // the page would parse on its main thread on every key). Either way the next answer is whole: a
  // caller that did not get an answer calls this again.
  void answer_changes(bool on) {
    answer_changes_ = on;
    answered_ = false;
  }

  // How many of a workflow's `job_count` jobs the next simulation would simulate rather than take
  // from here, if it runs them in the kept order (an edit of a job's `needs` can change the order,
  // and then the count). All of them when there is nothing to take: no kept run, another scenario
  // or other limits.
  std::size_t jobs_to_simulate(std::size_t job_count, std::string_view scenario_json, const RunLimits& limits) const;

  // How many jobs the latest simulation took from the memo.
  std::size_t jobs_reused() const { return reused_; }

  // For the simulator, as a simulation starts: how many jobs it can take, the first ones of the
  // kept run's order. From then on the memo offers nothing more until that simulation has recorded
  // its run and the caller has kept its result: one that does not end (out of memory) leaves
  // nothing half taken to the next.
  std::size_t start_run(const std::vector<std::size_t>& order, const std::vector<std::vector<std::size_t>>& needs,
                        std::string_view scenario_json, const RunLimits& limits);
  // What the kept run's job at `place` (< start_run()'s count) left; its result, to be moved from
  // once (keep() puts the next run's back). Per key of a 500-job workflow these are read for every
  // job the edit did not reach, so nothing is copied or moved that need not be.
  const RanJob& ran(std::size_t place) const { return ran_[place]; }
  JobResult&& take_result(std::size_t index) { return std::move(results_[index]); }
  // The simulator's record of the run it made: it took the first `reused` jobs of the kept run
  // from here, then ran `ran`'s, in order.
  void record(std::vector<RanJob> ran, std::size_t reused, std::string_view scenario_json, const RunLimits& limits);

 private:
  void forget();

  std::vector<RanJob> ran_;
  std::vector<JobResult> results_;  // the kept run's, by index in Workflow::jobs
  std::vector<std::string> texts_;  // their JSON texts, by the same index
  std::string scenario_json_;
  RunLimits limits_;
  bool kept_ = false;      // ran_ and results_ are those of the latest simulation
  bool recorded_ = false;  // record() was called since the latest keep()
  std::vector<std::size_t> changed_;  // jobs re-read since the kept simulation, each once
  std::size_t reused_ = 0;
  bool answer_changes_ = false;
  bool answered_ = false;  // the latest answer was keep()'s, and a caller can fill 0s in from it
};

}  // namespace ghaplay::sim
