// Expression throughput on typical workflow expressions, and evaluate() (the wasm module's entry
// point) over the conformance corpus that bench/run.mjs measures against @actions/expressions.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ghaplay/api.h"
#include "ghaplay/expression.h"
#include "json/value_json.h"

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

// The expression vectors of tests/conformance/vectors.jsonl: expression and context JSON text.
std::vector<std::pair<std::string, std::string>> conformance_corpus() {
  std::string path = __FILE__;
  path = path.substr(0, path.rfind('/') + 1) + "../tests/conformance/vectors.jsonl";
  std::ifstream in(path);
  std::vector<std::pair<std::string, std::string>> corpus;
  std::string line;
  while (std::getline(in, line)) {
    auto parsed = ghaplay::expr::from_json(line);
    if (!std::holds_alternative<ghaplay::Value>(parsed)) continue;
    const auto& vector = std::get<ghaplay::Value>(parsed).as_object();
    const ghaplay::Value* kind = vector.find("kind");
    if (!kind || !kind->is_string() || kind->as_string() != "expression") continue;
    const ghaplay::Value* context = vector.find("context");
    std::string context_json = "{}";
    if (context && context->is_string()) {
      context_json = context->as_string();
    } else if (context && !context->is_null()) {
      rapidjson::StringBuffer buffer;
      ghaplay::json::Writer writer(buffer);
      ghaplay::json::write_value(writer, *context);
      context_json = buffer.GetString();
    }
    corpus.emplace_back(vector.find("input")->as_string(), std::move(context_json));
  }
  return corpus;
}

void BM_EvaluateConformanceCorpus(benchmark::State& state) {
  static const auto corpus = conformance_corpus();
  if (corpus.empty()) {
    state.SkipWithError("tests/conformance/vectors.jsonl not found");
    return;
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [expression, context] = corpus[i++ % corpus.size()];
    benchmark::DoNotOptimize(ghaplay::api::evaluate_json(expression, context));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateConformanceCorpus);

}  // namespace
