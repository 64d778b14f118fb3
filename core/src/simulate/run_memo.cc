#include "simulate/run_memo.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "simulate/result_json.h"

namespace ghaplay::sim {

std::string RunMemo::keep(SimulationResult&& result) {
  // 0 stands for a job of the answer before this one: only if that answer was this function's.
  bool after_answer = answered_;
  answered_ = false;
  if (!recorded_) {
    reused_ = 0;
    return to_json(result);
  }
  recorded_ = false;
  // The jobs this run took are the first of its record; their texts are the kept ones, and the
  // previous answer's.
  std::vector<std::string> texts(result.jobs.size());
  std::vector<bool> same(texts.size());
  for (std::size_t place = 0; place < reused_; ++place) {
    std::size_t index = ran_[place].index;
    if (index < texts_.size() && index < texts.size()) {
      texts[index] = std::move(texts_[index]);
      same[index] = after_answer;
    }
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i].empty()) continue;
    texts[i] = job_json(result.jobs[i]);
    // Simulated again, and written as before: typing in a comment, or in a step whose output stays.
    same[i] = after_answer && i < texts_.size() && i < results_.size() && results_[i].id == result.jobs[i].id &&
              texts_[i] == texts[i];
  }
  texts_ = std::move(texts);
  std::string json = to_json(result, &texts_, answer_changes_ ? &same : nullptr);
  results_ = std::move(result.jobs);
  changed_.clear();
  kept_ = true;
  answered_ = answer_changes_;
  return json;
}

std::size_t RunMemo::start_run(const std::vector<std::size_t>& order, const std::vector<std::vector<std::size_t>>& needs,
                               std::string_view scenario_json, const RunLimits& limits) {
  bool usable = kept_ && scenario_json == scenario_json_ && limits == limits_ && results_.size() == needs.size();
  kept_ = false;
  recorded_ = false;
  if (!usable) return 0;
  std::size_t count = 0;
  while (count < ran_.size() && count < order.size()) {
    const RanJob& job = ran_[count];
    if (job.index != order[count] || job.needs != needs[job.index] ||
        std::find(changed_.begin(), changed_.end(), job.index) != changed_.end())
      break;
    ++count;
  }
  return count;
}

std::size_t RunMemo::jobs_to_simulate(std::size_t job_count, std::string_view scenario_json,
                                      const RunLimits& limits) const {
  if (!kept_ || scenario_json != scenario_json_ || !(limits == limits_) || results_.size() != job_count) return job_count;
  std::size_t taken = 0;
  while (taken < ran_.size() && std::find(changed_.begin(), changed_.end(), ran_[taken].index) == changed_.end()) ++taken;
  return job_count - std::min(taken, job_count);
}

void RunMemo::record(std::vector<RanJob> ran, std::size_t reused, std::string_view scenario_json,
                     const RunLimits& limits) {
  ran_.erase(ran_.begin() + static_cast<std::ptrdiff_t>(std::min(reused, ran_.size())), ran_.end());
  ran_.insert(ran_.end(), std::make_move_iterator(ran.begin()), std::make_move_iterator(ran.end()));
  reused_ = reused;
  scenario_json_ = scenario_json;
  limits_ = limits;
  kept_ = false;  // until keep() gives the results
  recorded_ = true;
}

void RunMemo::forget() {
  ran_.clear();
  results_.clear();
  texts_.clear();
  kept_ = false;
  changed_.clear();
}

}  // namespace ghaplay::sim
