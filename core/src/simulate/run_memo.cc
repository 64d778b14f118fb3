#include "simulate/run_memo.h"

#include <algorithm>
#include <utility>

#include "simulate/result_json.h"

namespace ghaplay::sim {

std::string RunMemo::write_json(const SimulationResult& result) {
  if (!recorded_) return to_json(result);
  std::vector<std::string> texts(result.jobs.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i < taken_.size() && taken_[i] && i < texts_.size() && !texts_[i].empty()) texts[i] = std::move(texts_[i]);
    else texts[i] = job_json(result.jobs[i]);
  }
  texts_ = std::move(texts);
  written_ = true;
  return to_json(result, &texts_);
}

void RunMemo::keep(SimulationResult&& result) {
  if (!recorded_) {
    reused_ = 0;
    return;
  }
  recorded_ = false;
  results_ = std::move(result.jobs);
  if (!written_) texts_.clear();  // they are an earlier run's
  changed_.clear();
  kept_ = true;
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

void RunMemo::record(std::vector<RanJob> ran, std::size_t reused, std::string_view scenario_json,
                     const RunLimits& limits) {
  taken_.assign(results_.size(), false);
  for (std::size_t place = 0; place < reused && place < ran.size(); ++place) taken_[ran[place].index] = true;
  ran_ = std::move(ran);
  reused_ = reused;
  scenario_json_ = scenario_json;
  limits_ = limits;
  kept_ = false;  // until keep() gives the results
  recorded_ = true;
  written_ = false;
}

void RunMemo::forget() {
  ran_.clear();
  results_.clear();
  texts_.clear();
  kept_ = false;
  changed_.clear();
}

}  // namespace ghaplay::sim
