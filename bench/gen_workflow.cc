// Prints bench/generated_workflows.h's workflow, so that bench/run.mjs gives the WebAssembly module
// and the native CLI the very YAML the Google Benchmark cases use.
//
//   ghaplay_bench_gen JOBS [LEGS] [STEPS_PER_JOB] [same|own]   (what the legs' scripts are)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "bench/generated_workflows.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 5) {
    std::fprintf(stderr, "usage: ghaplay_bench_gen JOBS [LEGS] [STEPS_PER_JOB] [same|own]\n");
    return 2;
  }
  int jobs = std::atoi(argv[1]);
  int legs = argc > 2 ? std::atoi(argv[2]) : 1;
  int steps = argc > 3 ? std::atoi(argv[3]) : 1;
  if (jobs < 1 || legs < 1 || steps < 1) {
    std::fprintf(stderr, "ghaplay_bench_gen: JOBS, LEGS and STEPS_PER_JOB must be positive\n");
    return 2;
  }
  const char* scripts = argc > 4 ? argv[4] : "same";
  if (std::strcmp(scripts, "same") != 0 && std::strcmp(scripts, "own") != 0) {
    std::fprintf(stderr, "ghaplay_bench_gen: the legs' scripts are 'same' or 'own', not '%s'\n", scripts);
    return 2;
  }
  auto leg_scripts = std::strcmp(scripts, "own") == 0 ? ghaplay::bench::LegScripts::Own : ghaplay::bench::LegScripts::Same;
  std::cout << ghaplay::bench::generated_workflow(jobs, legs, steps, leg_scripts);
  return 0;
}
