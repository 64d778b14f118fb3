#pragma once
// Simulating a workflow run: what GitHub would compute for each job, leg and step, given a
// workflow and a scenario (what steps output, secrets, the order legs finish in).
// The JSON form of SimulationResult is the published contract: schema/result.schema.json.

#include <string>
#include <string_view>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/value.h"

namespace ghaplay {

struct StepResult {
  std::string id;          // "" for a step without an id
  std::string name;        // as GitHub shows it: the name, else "Run <first line>" or the action
  std::string outcome;     // success | failure | cancelled | skipped
  std::string conclusion;  // the outcome after continue-on-error
  Value outputs = Value::object();
  std::string log;         // what the step printed, secrets masked
};

struct JobRun {                // one leg of a matrix (a job without a matrix has one)
  std::string name;            // "build (linux, 18)"
  Value matrix = Value::object();
  std::string result;          // success | failure | cancelled
  int finished = 0;            // 1-based place in the job's completion order
  Value outputs = Value::object();  // this leg's job outputs (empty values dropped)
  std::vector<StepResult> steps;
};

struct JobResult {
  std::string id;
  std::string name;
  std::string result;             // success | failure | cancelled | skipped
  Value outputs = Value::object();        // merged over legs: what `needs.<id>.outputs` holds
  Value output_sources = Value::object(); // output name -> the leg whose value won
  Value needs = Value::object();          // the needs context this job saw
  std::string needs_json;                 // toJSON(needs), exactly as GitHub prints it
  std::vector<JobRun> runs;               // in expansion order
};

struct SimulationResult {
  bool valid = false;             // false: GitHub would refuse to start the workflow
  std::vector<JobResult> jobs;    // in file order
  Value outputs = Value::object();  // on.workflow_call.outputs
  std::string order;              // "declared" | "reverse" | "seed:N"
  Diagnostics diagnostics;
};

// The largest scenario read: 1 MB, what GitHub lets one job pass on as outputs. A larger one is
// reported (input-too-large) and the run goes on without it.
inline constexpr std::size_t kMaxScenarioBytes = 1024 * 1024;

SimulationResult simulate(std::string_view workflow_yaml, std::string_view scenario_json);

std::string to_json(const SimulationResult& result);

}  // namespace ghaplay
