// The expression lexer, parser and evaluator through the API edge (`ghaplay eval`, the page).
// Input: the expression, then optionally a NUL byte and the contexts as JSON; without one, a set
// of contexts shaped like a workflow's (github, env, matrix, needs, steps, secrets).
#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "ghaplay/api.h"

namespace {

constexpr const char* kContexts = R"({
  "github": {"event_name": "push", "ref": "refs/heads/main", "sha": "0123456789abcdef",
             "event": {"commits": [{"message": "fix"}, {"message": "feat: x"}], "forced": false,
                       "pull_request": {"number": 7, "labels": [{"name": "bug"}]}}},
  "env": {"CI": "true", "NAME": "octocat", "EMPTY": ""},
  "matrix": {"os": "ubuntu-latest", "node": 18, "include": [1, 2]},
  "needs": {"build": {"result": "success", "outputs": {"version": "1.2.3", "json": "{\"a\":[1,2,{\"b\":null}]}"}}},
  "steps": {"v": {"outputs": {"x": "1"}, "outcome": "success", "conclusion": "success"}},
  "secrets": {"TOKEN": "s3cr3t"}, "inputs": {"flag": true, "count": 3.5},
  "strategy": {"fail-fast": true, "job-index": 0, "job-total": 2}, "vars": {}
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [expression, contexts] = ghaplay::fuzz::split_at_nul(ghaplay::fuzz::as_text(data, size), kContexts);
  std::string answer = ghaplay::api::evaluate_json(expression, contexts);
  if (answer.empty() || answer.front() != '{') __builtin_trap();  // always a JSON object
  return 0;
}
