#pragma once

namespace ghaplay {

// A place in a source text. Lines and columns are 1-based; 0 means "unknown".
// yaml-cpp's Mark is 0-based: convert once, where the YAML is read.
struct SourcePosition {
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

}  // namespace ghaplay
