#pragma once
// The first syntax error found while parsing. Parsing stops at the first one, as bash does; the
// parser and lexer check `failed()` instead of throwing (the core also runs as WebAssembly).

#include <cstddef>
#include <string>
#include <vector>

namespace ghaplay::scripts::bash {

// Deeper nesting than this ($( $( ...), if inside if...) is refused, so hostile input cannot
// exhaust the stack; real scripts stay far below it.
inline constexpr int kMaxNesting = 64;

// "here-document at line N delimited by end-of-file (wanted `EOF')": bash goes on, so do we.
struct HereDocWarning {
  std::size_t at = 0;       // where the script ended
  std::size_t heredoc = 0;  // where the << was
  std::string delimiter;
};

struct SyntaxError {
  enum class Kind { None, UnexpectedToken, UnexpectedEnd, UnterminatedQuote, TooDeep };
  Kind kind = Kind::None;
  std::string token;  // the unexpected token, or what was being looked for
  std::size_t offset = 0;
  std::vector<HereDocWarning> warnings;  // not errors: collected while parsing, printed by the caller

  bool failed() const { return kind != Kind::None; }
  void set(Kind k, std::string t, std::size_t off) {
    if (failed()) return;
    kind = k;
    token = std::move(t);
    offset = off;
  }
};

}  // namespace ghaplay::scripts::bash
