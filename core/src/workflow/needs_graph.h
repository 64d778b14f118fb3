#pragma once
// The graph of `needs` between jobs: edges from a job to the jobs it needs.

#include <cstddef>
#include <vector>

#include "ghaplay/workflow.h"

namespace ghaplay::workflow {

// Cycles of `needs`, each as job indices in dependency order (jobs[c[0]] needs jobs[c[1]], ...,
// the last needs jobs[c[0]]), starting at the cycle's first job in file order. Every cycle-bearing
// group of jobs yields at least one cycle; the same cycle is never listed twice. Needs naming
// unknown jobs are ignored. Iterative: thousands of jobs cannot overflow the stack.
std::vector<std::vector<std::size_t>> find_needs_cycles(const Workflow& workflow);

}  // namespace ghaplay::workflow
