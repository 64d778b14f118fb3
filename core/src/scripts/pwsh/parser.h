#pragma once
// Parses the PowerShell subset into the tree of ast.h. PowerShell reads a line in two modes: a
// statement starting with a value (`$x`, `"a"`, `1`) is an expression, anything else is a command
// whose arguments are barewords (`echo a + b` passes three strings). The parser follows that split.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "scripts/pwsh/ast.h"

namespace ghaplay::scripts::pwsh {

// Deeper syntactic nesting than this is refused (bounded stack, also in WebAssembly).
inline constexpr int kMaxNesting = 64;

struct ParseError {
  std::string message;  // pwsh's wording where it has one
  Span span;
  bool too_deep = false;
};

// The whole script, or null with `error` set.
std::shared_ptr<Block> parse_script(std::string_view source, ParseError& error);

}  // namespace ghaplay::scripts::pwsh
