#pragma once
// Tokenizes (with INDENT/DEDENT) and parses the Python subset.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scripts/python/ast.h"

namespace ghaplay::scripts::python {

// Deeper syntactic nesting than this is refused (bounded stack, also in WebAssembly).
inline constexpr int kMaxNesting = 64;

struct SyntaxError {
  std::string type = "SyntaxError";  // or IndentationError
  std::string message;
  Pos pos;
  bool too_deep = false;
  std::size_t end = 0;  // past the offending token, when CPython marks all of it (`^^^^`)
};

// A warning CPython prints while compiling (`SyntaxWarning: invalid escape sequence '\d'`).
struct CompileWarning {
  std::string message;
  int line = 0;
};

struct Module {
  Body body;
  std::vector<CompileWarning> warnings;
};

// The whole module, or null with `error` set.
std::shared_ptr<Module> parse_module(std::string_view source, SyntaxError& error);

}  // namespace ghaplay::scripts::python
