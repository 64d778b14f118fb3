#include "workflow/source_text.h"

#include <algorithm>

namespace ghaplay::workflow {

SourceText::SourceText(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  // find() is memchr, which looks at a word at a time: an edit re-reads one job but indexes the
  // whole text's lines, on every key.
  for (std::size_t at = text_.find('\n'); at != std::string::npos; at = text_.find('\n', at + 1))
    line_starts_.push_back(at + 1);
}

SourcePosition SourceText::position_of(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto index = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
  return {static_cast<int>(index) + 1, static_cast<int>(offset - line_starts_[index]) + 1};
}

std::size_t SourceText::line_start(int line) const {
  if (line < 1) return 0;
  if (line > line_count()) return text_.size();
  return line_starts_[static_cast<std::size_t>(line - 1)];
}

std::string_view SourceText::line(int line) const {
  if (line < 1 || line > line_count()) return {};
  std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = text_.find('\n', start);
  if (end == std::string::npos) end = text_.size();
  std::string_view view(text_.data() + start, end - start);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

std::string_view strip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace ghaplay::workflow
