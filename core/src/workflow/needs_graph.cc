#include "workflow/needs_graph.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "common/text.h"

namespace ghaplay::workflow {

std::vector<std::vector<std::size_t>> find_needs_cycles(const Workflow& workflow) {
  const auto& jobs = workflow.jobs;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < jobs.size(); ++i) index.emplace(text::fold_case(jobs[i].id), i);
  std::vector<std::vector<std::size_t>> edges(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    for (const auto& [target, position] : jobs[i].needs) {
      auto found = index.find(text::fold_case(target));
      if (found != index.end()) edges[i].push_back(found->second);
    }
  }

  enum class Color { White, Gray, Black };
  std::vector<Color> color(jobs.size(), Color::White);
  std::vector<std::vector<std::size_t>> cycles;
  std::set<std::vector<std::size_t>> seen;
  struct Frame {
    std::size_t job;
    std::size_t next_edge;
  };
  for (std::size_t start = 0; start < jobs.size(); ++start) {
    if (color[start] != Color::White) continue;
    std::vector<Frame> stack{{start, 0}};
    color[start] = Color::Gray;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next_edge == edges[frame.job].size()) {
        color[frame.job] = Color::Black;
        stack.pop_back();
        continue;
      }
      std::size_t target = edges[frame.job][frame.next_edge++];
      if (color[target] == Color::White) {
        color[target] = Color::Gray;
        stack.push_back({target, 0});
      } else if (color[target] == Color::Gray) {
        auto from = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.job == target; });
        std::vector<std::size_t> cycle;
        for (auto it = from; it != stack.end(); ++it) cycle.push_back(it->job);
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
        if (seen.insert(cycle).second) cycles.push_back(std::move(cycle));
      }
    }
  }
  return cycles;
}

}  // namespace ghaplay::workflow
