// Prints bench/generated_workflows.h's workflow, so that bench/run.mjs gives the WebAssembly module
// and the native CLI the very YAML the Google Benchmark cases use.
//
//   ghaplay_bench_gen JOBS [LEGS] [STEPS_PER_JOB]
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "bench/generated_workflows.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: ghaplay_bench_gen JOBS [LEGS] [STEPS_PER_JOB]\n");
    return 2;
  }
  int jobs = std::atoi(argv[1]);
  int legs = argc > 2 ? std::atoi(argv[2]) : 1;
  int steps = argc > 3 ? std::atoi(argv[3]) : 1;
  if (jobs < 1 || legs < 1 || steps < 1) {
    std::fprintf(stderr, "ghaplay_bench_gen: JOBS, LEGS and STEPS_PER_JOB must be positive\n");
    return 2;
  }
  std::cout << ghaplay::bench::generated_workflow(jobs, legs, steps);
  return 0;
}
