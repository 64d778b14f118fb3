#pragma once
// Edits of the kinds typing makes, for the tests that compare what a session computes after each
// edit with what a fresh load or simulation gives.

#include <cstdint>
#include <string>

namespace ghaplay::testing {

// A small deterministic generator, so that a failure names its edit and comes back.
class Edits {
 public:
  explicit Edits(std::uint32_t seed) : state_(seed) {}

  // One edit of the kinds typing makes, at a place biased towards the jobs.
  std::string apply(std::string text, std::string& what) {
    static const char* const kInserts[] = {"x", " ", "\n", "#", ": ", "${{ ", "}}", "'", "\"", "-",
                                           "  - run: echo hi\n", "\n      - run: echo \"v=1\" >> $GITHUB_OUTPUT",
                                           "needs.", "\t", "&a ", "*a"};
    std::size_t jobs = text.find("jobs:");
    std::size_t from = jobs == std::string::npos || next(4) == 0 ? 0 : jobs;
    std::size_t at = from + next(static_cast<std::uint32_t>(text.size() - from + 1));
    if (next(3) == 0 && at < text.size()) {
      std::size_t count = 1 + next(next(2) ? 2 : 12);
      what = "delete " + std::to_string(count) + " at " + std::to_string(at);
      return text.erase(at, count);
    }
    const char* insert = kInserts[next(sizeof kInserts / sizeof *kInserts)];
    what = "insert '" + std::string(insert) + "' at " + std::to_string(at);
    return text.insert(at, insert);
  }

 private:
  std::uint32_t next(std::uint32_t bound) {
    state_ = state_ * 1664525u + 1013904223u;
    return bound == 0 ? 0 : (state_ >> 8) % bound;
  }
  std::uint32_t state_;
};

}  // namespace ghaplay::testing
