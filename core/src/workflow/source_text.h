#pragma once
// The workflow file as the loader sees it: the bytes yaml-cpp parsed (a UTF-8 BOM removed) and an
// index of line starts, to turn yaml-cpp's byte offsets (Mark::pos) into 1-based lines and columns.
// Columns count bytes of the line, 1-based, as yaml-cpp's Mark does; only `\n` ends a line.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ghaplay/source_position.h"

namespace ghaplay::workflow {

class SourceText {
 public:
  explicit SourceText(std::string_view text);

  const std::string& text() const { return text_; }
  std::size_t size() const { return text_.size(); }
  // Offsets past the end map to the end of the text.
  SourcePosition position_of(std::size_t offset) const;
  std::size_t line_start(int line) const;  // 1-based line; the offset where it starts
  int line_count() const { return static_cast<int>(line_starts_.size()); }
  // The line's text without its `\n` (and without a `\r` before it); empty when out of range.
  std::string_view line(int line) const;

 private:
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

// Removes a leading UTF-8 byte order mark (yaml-cpp skips it too, and its offsets start after it).
std::string_view strip_bom(std::string_view text);

}  // namespace ghaplay::workflow
