// Expression throughput on typical workflow expressions.
#include <benchmark/benchmark.h>

#include "ghaplay/expression.h"

namespace {

void BM_ParseAndEvaluate(benchmark::State& state) {
  ghaplay::expr::EvaluationContext context;
  auto needs = std::get<ghaplay::Value>(ghaplay::expr::from_json(
      R"({"build":{"result":"success","outputs":{"version":"1.2.3","matrix":"[1,2,3]"}}})"));
  context.contexts.as_object().set("needs", needs);
  const char* expressions[] = {
      "needs.build.outputs.version",
      "needs.build.result == 'success' && startsWith(needs.build.outputs.version, '1.')",
      "toJSON(needs)",
      "fromJSON(needs.build.outputs.matrix)[1]",
      "format('v{0}-{1}', needs.build.outputs.version, github.sha || 'none')",
  };
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ghaplay::expr::evaluate(expressions[i++ % 5], context));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseAndEvaluate);

}  // namespace
