#include "scripts/bash/syntax_message.h"

#include <algorithm>

namespace ghaplay::scripts::bash {
namespace {

int line_at(const Source& source, std::size_t base, std::size_t offset) {
  return source.line_of(offset >= base ? offset - base : 0);
}

std::string head(std::string_view prefix, int line) {
  return std::string(prefix) + ": line " + std::to_string(line) + ": ";
}

}  // namespace

std::string describe_syntax_error(const SyntaxError& error, const Source& source, std::size_t base,
                                  std::string_view prefix) {
  int line = line_at(source, base, error.offset);
  switch (error.kind) {
    case SyntaxError::Kind::None:
      return {};
    case SyntaxError::Kind::UnexpectedToken:
      // Without -e bash adds the offending line; GitHub runs `bash -e`, which leaves it out.
      return head(prefix, line) + "syntax error near unexpected token `" + error.token + "'\n";
    case SyntaxError::Kind::UnexpectedEnd:
      return head(prefix, source.end_line()) + "syntax error: unexpected end of file\n";
    case SyntaxError::Kind::UnterminatedQuote:
      if (error.offset - base >= source.text().size() && error.token == ")") line = source.end_line();
      return head(prefix, line) + "unexpected EOF while looking for matching `" + error.token + "'\n";
    case SyntaxError::Kind::TooDeep:
      return head(prefix, line) + "syntax error: nesting deeper than " + std::to_string(kMaxNesting) +
             " levels\n";
  }
  return {};
}

std::string describe_heredoc_warning(const HereDocWarning& warning, const Source& source,
                                     std::size_t base, std::string_view prefix) {
  // The body ran to the end of the text: bash names the last line.
  int at = std::max(1, source.end_line() - 1);
  (void)warning.at;
  return head(prefix, at) + "warning: here-document at line " +
         std::to_string(line_at(source, base, warning.heredoc)) +
         " delimited by end-of-file (wanted `" + warning.delimiter + "')\n";
}

}  // namespace ghaplay::scripts::bash
