#pragma once
// The result's JSON (ghaplay::to_json) a job at a time, for a session that keeps each job's text
// for the next call (run_memo.h): a job taken unchanged is written as the text it had.

#include <string>
#include <vector>

#include "ghaplay/simulation.h"

namespace ghaplay::sim {

// The value of one entry of the result's "jobs" object, as to_json writes it.
std::string job_json(const JobResult& job);

// to_json(result), with job i written as job_texts[i] where that is not empty (job_json's text of
// the same job), or as 0 where same_as_before[i] holds (an answer carrying changes only:
// api::SimulationSession::answer_changes).
std::string to_json(const SimulationResult& result, const std::vector<std::string>* job_texts,
                    const std::vector<bool>* same_as_before = nullptr);

}  // namespace ghaplay::sim
