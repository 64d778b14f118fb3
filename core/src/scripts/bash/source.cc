#include "scripts/bash/source.h"

#include <algorithm>

namespace ghaplay::scripts::bash {

Source::Source(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

int Source::line_of(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

int Source::column_of(std::size_t offset) const {
  int line = line_of(offset);
  std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  offset = std::min(offset, text_.size());
  int column = 1;
  for (std::size_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string_view Source::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = text_.find('\n', start);
  if (end == std::string_view::npos) end = text_.size();
  return text_.substr(start, end - start);
}

int Source::end_line() const {
  // bash counts the newline that ends the last line, then names the line after it.
  return static_cast<int>(line_starts_.size()) + (text_.empty() || text_.back() == '\n' ? 0 : 1);
}

}  // namespace ghaplay::scripts::bash
