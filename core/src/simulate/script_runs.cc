#include "simulate/script_runs.h"

#include "scripts/script_wire.h"

namespace ghaplay::sim {
namespace {

// A run whose answer is larger is not kept: repeating such a run is rare, and keeping it would
// hold its log twice. Nor is anything once the kept answers reach kMostKeptBytes.
constexpr std::size_t kLargestKeptBytes = 64 * 1024;
constexpr std::size_t kMostKeptBytes = 16 * 1024 * 1024;

std::size_t bytes_of(const scripts::ScriptResult& result) {
  std::size_t bytes = result.log.size();
  for (const auto& [path, content] : result.files) bytes += path.size() + content.size();
  for (const auto& notice : result.notices) bytes += notice.message.size() + notice.command.size();
  return bytes;
}

}  // namespace

std::shared_ptr<const scripts::ScriptResult> ScriptRuns::run(std::string_view interpreter_name, Interpreter interpreter,
                                                             scripts::ScriptInput input, std::string_view completion,
                                                             const Completion& complete) {
  // Neither name holds a NUL (interpreter names and completions are the simulator's own words).
  std::string key(interpreter_name);
  key.push_back('\0');
  key.append(completion);
  key.push_back('\0');
  key += scripts::encode_script_input(input);
  if (auto found = results_.find(key); found != results_.end()) {
    // Within a resumed generation an answer an earlier simulation asked for is carried over too.
    if (found->second.asked_in != simulation_) {
      found->second.asked_in = simulation_;
      ++carried_over_;
    }
    return found->second.result;
  }
  // Outside a session previous_ is always empty: no second hash of the key.
  if (!previous_.empty()) {
    if (auto earlier = previous_.find(key); earlier != previous_.end()) {
      Kept kept = std::move(earlier->second);
      previous_.erase(earlier);
      ++carried_over_;
      keep(std::move(key), kept.result, kept.bytes);
      return kept.result;
    }
  }
  if (complete) complete(input);
  auto result = std::make_shared<const scripts::ScriptResult>(interpreter(input));
  // An answer that says more than what the input gives (a module that was missing) is not kept.
  if (result->reusable) {
    std::size_t bytes = key.size() + bytes_of(*result);
    keep(std::move(key), result, bytes);
  }
  return result;
}

void ScriptRuns::keep(std::string key, std::shared_ptr<const scripts::ScriptResult> result, std::size_t bytes) {
  if (bytes > kLargestKeptBytes || *kept_bytes_ + bytes > kMostKeptBytes) return;
  *kept_bytes_ += bytes;
  results_.emplace(std::move(key), Kept{std::move(result), bytes, simulation_});
}

void ScriptRuns::start_generation() {
  previous_ = std::move(results_);
  results_.clear();
  carried_over_ = 0;
  ++simulation_;
  if (kept_bytes_ == &own_kept_bytes_) own_kept_bytes_ = 0;
}

void ScriptRuns::resume_generation() {
  carried_over_ = 0;
  ++simulation_;
}

}  // namespace ghaplay::sim
