#pragma once
// A small regular-expression engine for PowerShell's -match, -replace and -split: the common part
// of .NET's syntax (classes, \d \w \s \b, groups, named groups, alternation, greedy and lazy
// quantifiers, anchors). It backtracks with an explicit stack and a step limit, so a hostile
// pattern ends with an error instead of hanging or overflowing the stack (std::regex does both).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ghaplay::scripts::pwsh {

struct RegexMatch {
  // groups[0] is the whole match; an unmatched group has start == npos.
  struct Group {
    std::size_t start = std::string::npos;
    std::size_t end = std::string::npos;
  };
  std::vector<Group> groups;
  std::vector<std::string> names;  // names[i] for group i ("" when unnamed)
};

class Regex {
 public:
  // Compiles `pattern`; on failure `error()` says why (a .NET-like message).
  Regex(std::string_view pattern, bool ignore_case);
  ~Regex();
  Regex(Regex&&) noexcept;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // The first match at or after `from`. `steps` is decremented per step; when it reaches 0 the
  // search stops and `exhausted` is set.
  std::optional<RegexMatch> search(std::string_view subject, std::size_t from, std::size_t& steps,
                                   bool& exhausted) const;

 private:
  struct Program;
  std::unique_ptr<Program> program_;
  std::string error_;
};

}  // namespace ghaplay::scripts::pwsh
