#pragma once
// Workflows generated for the benchmarks: a chain-and-fan of jobs passing outputs through needs,
// and one matrix job of a given number of legs.

#include <string>

namespace ghaplay::bench {

// What the matrix legs' scripts are: the same text in every leg, as in most matrices (which
// vary a step's inputs or the runner, not its `run:`), and which the simulator runs once
// (simulate/script_runs.h); or each leg's own, naming the leg, so that every leg runs its script.
enum class LegScripts { Same, Own };

// `jobs` jobs; job i needs jobs i-1 and i/2 (when distinct), declares one output set by a bash
// step and echoes what its needs passed; the first job has a matrix of `legs` legs. Written as
// people write workflows, with short names and one step per job by default, so that 2,000 jobs
// (about 490 KB) fit in GitHub's 512,000-byte limit for a workflow file (kMaxWorkflowBytes): a
// larger file is refused before anything is simulated.
inline std::string generated_workflow(int jobs, int legs, int steps_per_job = 1, LegScripts leg_scripts = LegScripts::Same) {
  std::string yaml = "on: push\njobs:\n";
  for (int i = 0; i < jobs; ++i) {
    std::string id = "j" + std::to_string(i);
    yaml += "  " + id + ":\n    runs-on: ubuntu-latest\n";
    if (i > 0) {
      yaml += "    needs: [j" + std::to_string(i - 1);
      if (i / 2 != i - 1) yaml += ", j" + std::to_string(i / 2);
      yaml += "]\n";
    }
    if (i == 0 && legs > 1) {
      yaml += "    strategy:\n      matrix:\n        a: [";
      int a = 16, b = (legs + 15) / 16;
      for (int k = 0; k < a; ++k) yaml += (k ? ", " : "") + std::to_string(k);
      yaml += "]\n        b: [";
      for (int k = 0; k < b; ++k) yaml += (k ? ", " : "") + std::to_string(k);
      yaml += "]\n";
    }
    yaml += "    outputs:\n      v: ${{ steps.s0.outputs.v }}\n    steps:\n";
    for (int s = 0; s < steps_per_job; ++s) {
      yaml += "      - id: s" + std::to_string(s) + "\n        run: |\n";
      if (i > 0) yaml += "          echo \"from ${{ needs.j" + std::to_string(i - 1) + ".outputs.v }}\"\n";
      if (i == 0 && legs > 1 && leg_scripts == LegScripts::Own) yaml += "          echo \"leg ${{ matrix.a }}-${{ matrix.b }}\"\n";
      yaml += "          echo \"v=" + id + "-" + std::to_string(s) + "\" >> \"$GITHUB_OUTPUT\"\n";
    }
  }
  return yaml;
}

}  // namespace ghaplay::bench
