// How simulation time grows with jobs and matrix legs. Target (issue: simulation): 1,000 jobs
// and a 256-leg matrix in under 100 ms natively. Report: `make bench`.
#include <benchmark/benchmark.h>

#include "bench/generated_workflows.h"
#include "ghaplay/api.h"
#include "ghaplay/simulation.h"

namespace {

void BM_SimulateJobs(benchmark::State& state) {
  std::string yaml = ghaplay::bench::generated_workflow(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) {
    auto result = ghaplay::simulate(yaml, "");
    if (!result.valid) state.SkipWithError("generated workflow is invalid");
    benchmark::DoNotOptimize(result);
  }
  state.counters["jobs"] = static_cast<double>(state.range(0));
  state.counters["legs"] = static_cast<double>(state.range(1));
  state.SetComplexityN(state.range(0) + state.range(1));
}

BENCHMARK(BM_SimulateJobs)
    ->ArgsProduct({{10, 100, 500, 1000, 2000}, {1}})
    ->Args({1000, 256})
    ->Args({10, 256})
    ->Args({10, 64})
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

void BM_SimulateJsonRoundTrip(benchmark::State& state) {
  std::string yaml = ghaplay::bench::generated_workflow(1000, 256);
  for (auto _ : state) benchmark::DoNotOptimize(ghaplay::to_json(ghaplay::simulate(yaml, "")));
}
BENCHMARK(BM_SimulateJsonRoundTrip)->Unit(benchmark::kMillisecond);

// What the WebAssembly module's simulate() does (api::simulate_json: YAML in, JSON text out), on
// the sizes bench/run.mjs gives the module, so that wasm/native compares the same work. The third
// argument is 1 when each matrix leg runs its own script (LegScripts::Own).
void BM_SimulateApiJson(benchmark::State& state) {
  auto leg_scripts = state.range(2) ? ghaplay::bench::LegScripts::Own : ghaplay::bench::LegScripts::Same;
  std::string yaml = ghaplay::bench::generated_workflow(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                                                        1, leg_scripts);
  for (auto _ : state) benchmark::DoNotOptimize(ghaplay::api::simulate_json(yaml, ""));
  state.counters["jobs"] = static_cast<double>(state.range(0));
  state.counters["legs"] = static_cast<double>(state.range(1));
}
BENCHMARK(BM_SimulateApiJson)
    ->ArgsProduct({{10, 100, 500, 1000, 2000}, {1}, {0}})
    ->Args({10, 64, 0})
    ->Args({10, 256, 0})
    ->Args({10, 256, 1})
    ->Args({1000, 256, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace
