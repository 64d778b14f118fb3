#pragma once
// The script text with its line starts, so that byte offsets turn into 1-based line:column once,
// at the edge (notices and error messages).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ghaplay::scripts::bash {

class Source {
 public:
  explicit Source(std::string_view text);

  std::string_view text() const { return text_; }
  int line_of(std::size_t offset) const;
  // 1-based, counted in code points so that non-ASCII text before the place does not shift it.
  int column_of(std::size_t offset) const;
  std::string_view line_text(int line) const;
  // The number of the line after the last one, which bash names in "unexpected end of file".
  int end_line() const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace ghaplay::scripts::bash
