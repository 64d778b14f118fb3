#pragma once
// Job outputs (SEMANTICS §3, §4): evaluated at the end of each leg, then merged over the legs in
// the order they finish; a key two legs set to different values is a matrix-output-override.

#include <string>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/expression.h"
#include "ghaplay/value.h"
#include "ghaplay/workflow.h"

namespace ghaplay::sim {

inline constexpr std::size_t kMaxJobOutputBytes = 1024 * 1024;        // per job (D)
inline constexpr std::size_t kMaxRunOutputBytes = 50 * 1024 * 1024;   // per workflow run (D)

// GitHub approximates output sizes as UTF-16: two bytes a code unit, names and values.
std::size_t output_bytes(const Value& outputs);

struct LegOutputs {
  Value outputs = Value::object();
  Diagnostics diagnostics;
  bool failed = false;  // "Fail to evaluate job outputs": the leg fails
  std::string log;      // what the runner prints about them
};

// `masked` holds the secrets and add-mask values: an output containing one is skipped.
LegOutputs evaluate_leg_outputs(const workflow::Job& job, const expr::EvaluationContext& context,
                                const std::vector<std::string>& masked);

struct FinishedLeg {
  std::string name;  // "build (linux)"
  const Value* outputs;
};

struct MergedOutputs {
  Value outputs = Value::object();
  Value sources = Value::object();  // key -> leg name that won
  Diagnostics diagnostics;          // matrix-output-override warnings
};

// `legs` in completion order: per key, the last leg that set a non-empty value wins.
MergedOutputs merge_leg_outputs(const workflow::Job& job, const std::vector<FinishedLeg>& legs);

}  // namespace ghaplay::sim
